"""The bank's journey through the member API: OAuth2 client credentials, the agreement's
scope, exactly the granted fields, sealed; refusals as problem+json with nothing logged."""

from __future__ import annotations

import base64
import json
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import AccessLogEntry, MessageLogEntry, UsageMeter
from exchange.services import agreement_end, member_issue_credentials, member_suspend
from tests.exchange.api_helpers import TOKEN_URL, ask, token_for
from tests.exchange.conftest import COMPANY_CODE, REPRESENTATION

GOOD = {"subject": COMPANY_CODE, "purpose": "opening a business account", "legal_basis": "MLTFPA § 20"}


@pytest.fixture
def credentials(bank, bank_agreement, personas):
    return member_issue_credentials(member=bank, actor=bank.contact)


def _problem(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if code:
        assert body["type"] == f"urn:problem:{code}", body
    return body


def test_bank_gets_exactly_the_granted_fields_signed_and_logged(pki, credentials, bank, personas):
    response = ask(token_for(credentials), REPRESENTATION, GOOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body["data"]) == {"registry_code", "name", "representatives"}
    assert body["data"]["representatives"][0]["name"] == "Alice Applicant"
    message = MessageLogEntry.objects.get()
    assert str(message.code) == body["message_id"] == response["X-Exchange-Message-Id"]
    assert bytes(message.body) == response.content
    read = AccessLogEntry.objects.get()
    assert read.person == personas["alice"] and read.member == bank and read.message == message
    assert UsageMeter.objects.get(member=bank).count == 1


def test_the_signature_verifies_with_openssl(pki, credentials, tmp_path):
    from trust.selectors import root_certificates

    response = ask(token_for(credentials), REPRESENTATION, GOOD)
    (tmp_path / "body.json").write_bytes(response.content)
    (tmp_path / "body.p7s").write_bytes(base64.b64decode(response["X-Exchange-Signature"]))
    roots = b"".join(c.public_bytes_pem() if hasattr(c, "public_bytes_pem") else _pem(c) for c in root_certificates())
    (tmp_path / "root.pem").write_bytes(roots)
    command = [
        "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "body.p7s",
        "-content", "body.json", "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null",
    ]  # fmt: skip
    ok = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Verification successful" in ok.stderr
    # One changed byte and OpenSSL refuses it.
    (tmp_path / "body.json").write_bytes(response.content.replace(b"Alice", b"Alicf"))
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0


def _pem(certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    x509 = certificate.x509() if hasattr(certificate, "x509") else certificate
    return x509.public_bytes(Encoding.PEM)


def test_without_an_agreement_there_is_no_scope_and_no_data(pki, bank, company_register, personas):
    credentials = member_issue_credentials(member=bank, actor=bank.contact)
    from django.test import Client

    # The token endpoint refuses a scope the member has no agreement for …
    refused = Client().post(
        TOKEN_URL,
        {
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "scope": REPRESENTATION,
        },
    )
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"
    # … and a token without it cannot ask the service.
    _problem(ask(token_for(credentials), REPRESENTATION, GOOD), 403, "insufficient_scope")
    assert AccessLogEntry.objects.count() == 0


def test_after_the_agreement_ends_the_same_token_is_refused(pki, credentials, bank_agreement, personas):
    token = token_for(credentials)
    agreement_end(agreement=bank_agreement, actor=personas["rita"], reason="contract terminated")
    _problem(ask(token, REPRESENTATION, GOOD), 403, "agreement_ended")
    assert AccessLogEntry.objects.count() == 0 and MessageLogEntry.objects.count() == 0


def test_another_scope_is_refused(pki, credentials):
    token = token_for(credentials)
    _problem(ask(token, "identity_board.person_basic", {**GOOD, "subject": "39001010000"}), 403, "insufficient_scope")
    _problem(ask(token, "nobody.nothing", GOOD), 404, "unknown_service")
    assert AccessLogEntry.objects.count() == 0


def test_a_token_of_another_member_reaches_only_its_own_agreements(pki, credentials, personas):
    from exchange.services import member_apply, member_approve

    other = member_apply(name="Other Bank AS", registry_code="10000001", country="EE", contact=personas["oscar"])
    member_approve(member=other, actor=personas["ada"])
    other_credentials = member_issue_credentials(member=other, actor=personas["oscar"])
    other_token = token_for(other_credentials)
    _problem(ask(other_token, REPRESENTATION, GOOD), 403, "insufficient_scope")
    # Its client id with the bank's secret is no client at all.
    from django.test import Client

    mixed = Client().post(
        TOKEN_URL,
        {
            "grant_type": "client_credentials",
            "client_id": other_credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert mixed.status_code == 401 and mixed.json()["error"] == "invalid_client"
    assert AccessLogEntry.objects.count() == 0


def test_expired_and_revoked_credentials(pki, credentials, bank, personas):
    from oauth2_provider.models import AccessToken

    token = token_for(credentials)
    import hashlib

    checksum = hashlib.sha256(token.encode()).hexdigest()  # tokens are stored hashed (RFC 9700)
    assert AccessToken.objects.filter(token_checksum=checksum).update(expires=timezone.now() - timedelta(seconds=1))
    body = _problem(ask(token, REPRESENTATION, GOOD), 401)
    assert body["status"] == 401
    # Rotating the secret revokes the old one and every token issued with it.
    fresh = token_for(credentials)
    member_issue_credentials(member=bank, actor=bank.contact)
    _problem(ask(fresh, REPRESENTATION, GOOD), 401)
    from django.test import Client

    assert (
        Client()
        .post(
            TOKEN_URL,
            {
                "grant_type": "client_credentials",
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
            },
        )
        .status_code
        == 401
    )
    assert AccessLogEntry.objects.count() == 0


def test_a_suspended_member_gets_no_token(pki, credentials, bank, personas):
    token = token_for(credentials)
    member_suspend(member=bank, actor=personas["ada"], reason="fees unpaid")
    _problem(ask(token, REPRESENTATION, GOOD), 401)
    from django.test import Client

    response = Client().post(
        TOKEN_URL,
        {
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"subject": COMPANY_CODE, "legal_basis": "x"}, 400, "invalid", "purpose"),
        ({**GOOD, "purpose": ""}, 400, "invalid", "purpose"),
        ({**GOOD, "legal_basis": ""}, 400, "legal_basis_missing", None),
        ({**GOOD, "subject": "99999999"}, 404, "unknown_subject", None),
        ({**GOOD, "subject": "<script>"}, 400, "invalid", "subject"),
        ("{not json", 400, "parse_error", None),
        ("[1, 2]", 400, "invalid", None),
        (json.dumps({**GOOD, "purpose": "x" * 20000}), 413, "too_large", None),
    ],
)
def test_bad_input_is_a_clear_4xx_and_logs_no_read(pki, credentials, body, status, code, field):
    response = ask(token_for(credentials), REPRESENTATION, body)
    problem = _problem(response, status, code)
    if field:
        assert field in {e["field"] for e in problem["errors"]}
    assert AccessLogEntry.objects.count() == 0 and MessageLogEntry.objects.count() == 0


def test_no_token_is_401_problem(pki, credentials):
    from django.test import Client

    response = Client().post(f"/api/v1/services/{REPRESENTATION}/query/", GOOD, content_type="application/json")
    _problem(response, 401)
    assert "Bearer" in response["WWW-Authenticate"]


def test_rate_limit_per_member(pki, credentials, bank, settings):
    from django.core.cache import cache

    cache.clear()
    bank.rate_limit = "2/minute"
    bank.save(update_fields=["rate_limit"])
    token = token_for(credentials)
    assert ask(token, REPRESENTATION, GOOD).status_code == 200
    assert ask(token, REPRESENTATION, GOOD).status_code == 200
    limited = ask(token, REPRESENTATION, GOOD)
    _problem(limited, 429)
    assert "Retry-After" in limited
    assert AccessLogEntry.objects.count() == 2
    cache.clear()


def test_member_sees_its_services_and_metered_use(pki, credentials, bank):
    from django.test import Client

    token = token_for(credentials)
    ask(token, REPRESENTATION, GOOD)
    ask(token, REPRESENTATION, GOOD)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    services = Client().get("/api/v1/services/", **auth).json()
    assert [s["code"] for s in services] == [REPRESENTATION]
    assert services[0]["fields_granted"] == ["registry_code", "name", "representatives"]
    usage = Client().get("/api/v1/usage/", **auth).json()
    assert usage == [{"service": REPRESENTATION, "month": timezone.localdate().strftime("%Y-%m"), "queries": 2}]


def test_a_revoked_seal_answers_nothing(pki, credentials):
    from trust.exchange_hooks import SEAL_RECHECK_SECONDS, forget_seals
    from trust.services import certificate_revoke
    from trust.services.signing import seal_certificate

    token = token_for(credentials)
    assert ask(token, REPRESENTATION, GOOD).status_code == 200
    certificate_revoke(certificate=seal_certificate("business_register"), actor="test", reason="key compromise")
    forget_seals()  # what SEAL_RECHECK_SECONDS does on its own
    assert SEAL_RECHECK_SECONDS <= 60
    _problem(ask(token, REPRESENTATION, GOOD), 503, "seal_unavailable")
    assert AccessLogEntry.objects.count() == 1 and MessageLogEntry.objects.count() == 1
