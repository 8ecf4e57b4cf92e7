"""Outside clients against the real HTTP endpoints (pytest-django's live_server): pyHanko's
timestamp client, pyhanko-certvalidator's OCSP and CRL fetchers, and the openssl CLI."""

import asyncio
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.authority import AuthorityWithCert
from pyhanko_certvalidator.fetchers.requests_fetchers.crl_client import RequestsCRLFetcher
from pyhanko_certvalidator.fetchers.requests_fetchers.ocsp_client import RequestsOCSPFetcher

from tests.trust.conftest import issue, make_pdf
from trust.constants import EID_CA_SLUG, CertificateKind
from trust.models import Certificate, CertificateAuthority
from trust.services import certificate_revoke, hierarchy_install, hierarchy_plan, seal_pdf, sign_pdf

openssl = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(openssl is None, reason="openssl is not on PATH")


@pytest.fixture
def live_creds(live_server, pki, settings):
    """A person whose certificates name the live server's /pki/ URLs."""
    settings.SITE_URL = live_server.url
    return issue()


def asn1(certificate):
    return asn1_x509.Certificate.load(bytes(certificate.der))


def eid_ca():
    return CertificateAuthority.objects.get(slug=EID_CA_SLUG)


def test_pyhanko_http_timestamper(live_server, pki):
    stamper = HTTPTimeStamper(live_server.url + "/pki/tsa")
    digest = hashlib.sha256(b"document").digest()
    token = asyncio.run(stamper.async_timestamp(digest, "sha256"))
    context = ValidationContext(trust_roots=[asn1(pki.certificate)], allow_fetching=False)
    status = asyncio.run(validate_tst_signed_data(token["content"], context, lambda algo: digest))
    assert status["intact"] and status["valid"] and status["trust_problem_indic"] is None


def test_certvalidator_ocsp_fetcher_good_then_revoked(live_creds):
    cert, issuer = asn1(live_creds.signing_certificate), AuthorityWithCert(asn1(eid_ca().certificate))
    response = asyncio.run(RequestsOCSPFetcher().fetch(cert, issuer))
    single = response["response_bytes"]["response"].parsed["tbs_response_data"]["responses"][0]
    assert single["cert_status"].name == "good"
    certificate_revoke(certificate=live_creds.signing_certificate, revocation_reason="key_compromise", actor="t")
    response = asyncio.run(RequestsOCSPFetcher(certid_hash_algo="sha256").fetch(cert, issuer))
    single = response["response_bytes"]["response"].parsed["tbs_response_data"]["responses"][0]
    assert single["cert_status"].name == "revoked"
    assert single["cert_status"].chosen["revocation_reason"].native == "key_compromise"


def test_certvalidator_crl_fetcher(live_creds):
    certificate_revoke(certificate=live_creds.auth_certificate, revocation_reason="superseded", actor="t")
    crls = asyncio.run(RequestsCRLFetcher().fetch(asn1(live_creds.signing_certificate)))
    assert len(crls) == 1
    serials = {entry["user_certificate"].native for entry in crls[0]["tbs_cert_list"]["revoked_certificates"]}
    assert serials == {live_creds.auth_certificate.serial_number}


def write_pem(path, *certificates):
    path.write_bytes(b"".join(c.x509().public_bytes(serialization.Encoding.PEM) for c in certificates))
    return str(path)


@needs_openssl
def test_openssl_ocsp(live_server, live_creds, tmp_path, pki):
    ca = eid_ca()
    args = [
        openssl,
        "ocsp",
        "-issuer",
        write_pem(tmp_path / "ca.pem", ca.certificate),
        "-cert",
        write_pem(tmp_path / "leaf.pem", live_creds.signing_certificate),
        "-CAfile",
        write_pem(tmp_path / "chain.pem", pki.certificate, ca.certificate),
        "-url",
        live_server.url + "/pki/ocsp",
    ]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Response verify OK" in result.stderr + result.stdout
    assert "leaf.pem: good" in result.stdout
    certificate_revoke(certificate=live_creds.signing_certificate, revocation_reason="key_compromise", actor="t")
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert "leaf.pem: revoked" in result.stdout and "keyCompromise" in result.stdout


@needs_openssl
def test_openssl_ts_query_and_verify(live_server, pki, tmp_path):
    data = tmp_path / "document.txt"
    data.write_bytes(b"The founding resolution of Example OU.\n")
    query = tmp_path / "request.tsq"
    subprocess.run(
        [openssl, "ts", "-query", "-data", str(data), "-sha256", "-cert", "-out", str(query)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    response = requests.post(
        live_server.url + "/pki/tsa",
        data=query.read_bytes(),
        headers={"Content-Type": "application/timestamp-query"},
        timeout=30,
    )
    assert response.headers["Content-Type"] == "application/timestamp-reply"
    (tmp_path / "response.tsr").write_bytes(response.content)
    text = subprocess.run(
        [openssl, "ts", "-reply", "-in", str(tmp_path / "response.tsr"), "-text"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "Status: Granted." in text
    tsa = Certificate.objects.get(kind=CertificateKind.TSA)
    root_pem = write_pem(tmp_path / "root.pem", pki.certificate)
    tsa_pem = write_pem(tmp_path / "tsa.pem", tsa)
    # The query file also checks the nonce; the reply carries the TSA certificate (certReq),
    # so the root alone is enough; -untrusted shows the TSA certificate can also come separately.
    for source in (["-queryfile", str(query)], ["-data", str(data)], ["-data", str(data), "-untrusted", tsa_pem]):
        result = subprocess.run(
            [
                openssl,
                "ts",
                "-verify",
                *source,
                "-in",
                str(tmp_path / "response.tsr"),
                "-CAfile",
                root_pem,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0 and "Verification: OK" in result.stdout, result.stdout + result.stderr
    data.write_bytes(b"Tampered.\n")
    tampered = subprocess.run(
        [
            openssl,
            "ts",
            "-verify",
            "-data",
            str(data),
            "-in",
            str(tmp_path / "response.tsr"),
            "-CAfile",
            str(tmp_path / "root.pem"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert tampered.returncode != 0


@needs_openssl
def test_openssl_crl_verifies(live_server, live_creds, tmp_path, pki):
    certificate_revoke(certificate=live_creds.signing_certificate, revocation_reason="superseded", actor="t")
    crl_path = tmp_path / "eid-ca.crl"
    crl_path.write_bytes(requests.get(live_server.url + "/pki/crl/eresident-id.crl", timeout=30).content)
    result = subprocess.run(
        [
            openssl, "crl", "-inform", "DER", "-in", str(crl_path), "-noout", "-text",
            "-CAfile", write_pem(tmp_path / "chain.pem", pki.certificate, eid_ca().certificate),
        ],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and "verify OK" in result.stderr + result.stdout
    assert f"{live_creds.signing_certificate.serial_number:X}" in result.stdout.replace(":", "").upper()
    assert "Superseded" in result.stdout


def _pyhanko_cli():
    local = Path(sys.executable).parent / "pyhanko"
    return str(local) if local.exists() else shutil.which("pyhanko")


@pytest.mark.skipif(_pyhanko_cli() is None, reason="pyhanko-cli is not installed")
@pytest.mark.parametrize("command", ["validate", "adesverify"])
def test_pyhanko_cli_validates_a_signed_and_sealed_file(live_server, db, settings, tmp_path, command):
    """A hierarchy whose URLs all point at the live server, so the CLI can check revocation online."""
    settings.SITE_URL = live_server.url
    root = hierarchy_install(material=hierarchy_plan(site_url=live_server.url), actor="test")
    creds = issue()
    signed = sign_pdf(pdf_bytes=make_pdf("cli"), credential=creds.credential, pin2=creds.pin2, actor="a")
    (tmp_path / "signed.pdf").write_bytes(seal_pdf(signed, seal="system"))
    write_pem(tmp_path / "root.pem", root.certificate)
    result = subprocess.run(
        [_pyhanko_cli(), "sign", command, "--pretty-print", "--trust", "root.pem", "--trust-replace", "signed.pdf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("judged VALID") == 2
