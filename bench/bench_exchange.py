"""Requests per second of the member API's "who may represent this company" (bearer token,
agreement check, granted fields, the provider's CMS seal over the body, message log, access
log, metering) against the same query answered by a bare view, same stack, same run.

Until companies/ registers the real service, a bench-only provider answers from memory
(the same shape as the test-only one in tests/exchange/conftest.py).
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

SERVICE = "business_register.representation"
COMPANY = "16543210"
ROUNDS = 5
PER_ROUND = 60


def _provider(person):
    from exchange.registry import ProvidedRecord, Service, get_service, register_service

    if get_service(SERVICE) is not None:
        return
    row = {
        "registry_code": COMPANY,
        "name": "Bench Digital OÜ",
        "status": "registered",
        "representatives": [{"name": "Bench Person", "role": "board member", "alone": True}],
        "share_capital": "2500.00",
    }
    register_service(
        Service(
            code=SERVICE,
            provider="business_register",
            title="Who may represent this company",
            version="1",
            fields=tuple(row),
            personal_data=True,
            subject_kind="company",
            handler=lambda code: ProvidedRecord(fields=row, people=(person,)) if code == COMPANY else None,
        )
    )


def _member_token() -> str:
    from accounts.models import User
    from audit.services import transition
    from exchange.models import Agreement, Member
    from exchange.services import agreement_create, member_apply, member_approve, member_issue_credentials

    person, _ = User.objects.get_or_create(email="bench-person@example.org", defaults={"given_name": "Bench"})
    official, _ = User.objects.get_or_create(email="bench-registrar@example.org", defaults={"role": "registrar"})
    contact, _ = User.objects.get_or_create(email="bench-bank@example.org")
    _provider(person)
    member = Member.objects.filter(registry_code="bench-bank").first()
    if member is None:
        member = member_apply(name="Bench Bank", registry_code="bench-bank", country="EE", contact=contact)
        member_approve(member=member, actor="bench")
    if not Agreement.objects.filter(consumer_member=member, state="active").exists():
        agreement = agreement_create(
            service_code=SERVICE,
            consumer=member,
            fields=["registry_code", "name", "representatives"],
            purpose="bench",
            legal_basis="bench",
            provider_official=official,
            consumer_official=contact,
            valid_from=timezone.localdate() - timedelta(days=1),
            actor="bench",
        )
        # Signing the agreement is measured in bench_trust; here it only has to be active.
        Agreement.objects.filter(pk=agreement.pk).update(
            provider_signed_at=timezone.now(), consumer_signed_at=timezone.now()
        )
        agreement.refresh_from_db()
        transition(agreement, "activate", actor="bench")
    member.refresh_from_db()
    credentials = member_issue_credentials(member=member, actor="bench")
    response = Client().post(
        "/api/v1/oauth/token/",
        {
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    return response.json()["access_token"]


def _rate(call) -> float:
    start = time.perf_counter()
    for _ in range(PER_ROUND):
        call()
    return PER_ROUND / (time.perf_counter() - start)


def run(report) -> None:
    key_dir = Path(settings.DATA_DIR) / "bench-keys"
    with override_settings(
        TRUST_KEY_DIR=key_dir, ROOT_URLCONF="bench.urls_exchange", DEBUG=False, EXCHANGE_MEMBER_RATE="100000/minute"
    ):
        from trust.keystore import get_keystore
        from trust.selectors import root_authority
        from trust.services import hierarchy_create

        root = root_authority()
        if root is None:
            hierarchy_create(actor="bench")
        elif not get_keystore().exists(root.key_name):
            report.note(f"bench_exchange skipped: the bench database has a CA whose keys are not in {key_dir}")
            return
        token = _member_token()
        client = Client()
        body = json.dumps({"subject": COMPANY, "purpose": "bench", "legal_basis": "bench"})

        def member_api():
            response = client.post(
                f"/api/v1/services/{SERVICE}/query/", body, content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )  # fmt: skip
            assert response.status_code == 200, response.content

        def bare():
            assert client.get(f"/bench/representation/{COMPANY}/").status_code == 200

        member_api(), bare()
        subject, baseline = [], []
        for _ in range(ROUNDS):  # alternate, so load changes on a shared machine hit both
            baseline.append(_rate(bare))
            subject.append(_rate(member_api))
        report.add(
            benchmark="member API: who may represent",
            subject="sealed, logged, metered answer (req/s)",
            subject_value=statistics.median(subject),
            baseline="bare view, same query (req/s)",
            baseline_value=statistics.median(baseline),
            unit="req/s",
            goal="higher is better",
            lower_is_better=False,
        )
