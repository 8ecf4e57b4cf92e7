"""Signing PDFs with the digital ID: PIN2 must be changed first, the signed file validates in
the system's validation service, in pyHanko's validator and in pyHanko's own CLI, and it
keeps validating after the card is revoked; a revoked card signs nothing more."""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from digital_id.exceptions import PinProblem, SigningRefused
from digital_id.services import (
    digital_id_revoke,
    digital_id_suspend,
    document_sign,
    pin_change,
    pin_unblock,
)
from tests.digital_id.conftest import NEW_PIN2, make_pdf


def _root_asn1():
    from trust.selectors import root_certificates

    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in root_certificates()]


def validate_with_embedded_revinfo(pdf: bytes, roots=None):
    """pyHanko's validator, offline, trusting only our root, revocation info only from the
    document's DSS, hard-fail."""
    reader = PdfFileReader(BytesIO(pdf))
    kwargs = {"trust_roots": roots or _root_asn1(), "allow_fetching": False, "revocation_mode": "hard-fail"}
    dss = DocumentSecurityStore.read_dss(reader)
    context = dss.as_validation_context(kwargs) if dss is not None else ValidationContext(**kwargs)
    return [validate_pdf_signature(sig, context) for sig in reader.embedded_signatures]


def sign(ready, pdf=None, pin2=NEW_PIN2):
    return document_sign(
        digital_id=ready.card, actor=ready.card.holder, pdf_bytes=pdf or make_pdf(), pin2=pin2, reason="Agreed"
    )


def test_pin2_must_be_changed_before_the_first_signature(handed):
    with pytest.raises(SigningRefused, match="Change PIN2 before your first signature"):
        document_sign(digital_id=handed.card, actor=handed.card.holder, pdf_bytes=make_pdf(), pin2=handed.codes.pin2)
    pin_change(
        digital_id=handed.card, actor=handed.card.holder, role="sign", old_pin=handed.codes.pin2, new_pin="24680"
    )
    signed = document_sign(digital_id=handed.card, actor=handed.card.holder, pdf_bytes=make_pdf(), pin2="24680")
    assert signed.startswith(b"%PDF-")


def test_signed_pdf_validates_in_the_validation_service_and_in_pyhanko(ready):
    signed = sign(ready)
    statuses = validate_with_embedded_revinfo(signed)
    assert len(statuses) == 1
    status = statuses[0]
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert ready.card.personal_code.code in status.signing_cert.subject.human_friendly

    from trust.validation import PASSED, validate_pdf_bytes

    report = validate_pdf_bytes(signed, document_name="contract.pdf")
    assert report.verdict == PASSED, report.to_dict() if hasattr(report, "to_dict") else report
    assert len(report.signatures) == 1 and report.signatures[0].verdict == PASSED


def test_wrong_pin2_blocks_after_three_tries_and_the_puk_unblocks(ready):
    wrong = "00000" if NEW_PIN2 != "00000" else "11111"
    messages = []
    for _attempt in range(3):
        with pytest.raises(SigningRefused) as refused:
            sign(ready, pin2=wrong)
        messages.append(str(refused.value))
    assert "2 tries left" in messages[0] and "One try left" in messages[1]
    assert "PIN2 is blocked" in messages[2] and "PUK" in messages[2]
    with pytest.raises(SigningRefused, match="PIN2 is blocked"):
        sign(ready)
    pin_unblock(digital_id=ready.card, actor=ready.card.holder, role="sign", puk=ready.codes.puk, new_pin="97531")
    assert sign(ready, pin2="97531").startswith(b"%PDF-")


def test_a_blocked_puk_says_apply_for_a_new_id(ready):
    wrong = "00000000" if ready.codes.puk != "00000000" else "11111111"
    for _attempt in range(2):
        with pytest.raises(PinProblem, match="Wrong PUK"):
            pin_unblock(digital_id=ready.card, actor=ready.card.holder, role="auth", puk=wrong, new_pin="5555")
    with pytest.raises(PinProblem) as blocked:
        pin_unblock(digital_id=ready.card, actor=ready.card.holder, role="auth", puk=wrong, new_pin="5555")
    assert blocked.value.blocked == "puk" and "apply for a new digital ID" in str(blocked.value)


def test_suspended_or_revoked_ids_cannot_sign_and_earlier_signatures_stay_valid(ready, personas):
    earlier = sign(ready)
    digital_id_suspend(digital_id=ready.card, actor=ready.card.holder)
    with pytest.raises(Exception, match="suspended"):
        sign(ready)
    digital_id_revoke(digital_id=ready.card, actor=personas["ivan"], reason_code="key_compromise", reason="Stolen")
    with pytest.raises(Exception, match="revoked"):
        sign(ready)
    # The earlier signature was time-stamped while the certificate was good, with that
    # certificate status embedded: it still validates.
    status = validate_with_embedded_revinfo(earlier)[0]
    assert status.bottom_line, status.pretty_print_details()

    from trust.validation import PASSED, validate_pdf_bytes

    assert validate_pdf_bytes(earlier).verdict == PASSED


def test_a_signature_attempted_after_revocation_is_refused_even_with_the_right_pin(ready, personas):
    digital_id_revoke(digital_id=ready.card, actor=personas["ivan"], reason_code="privilege_withdrawn", reason="Risk")
    # Straight at the trust service too: the certificate itself is revoked.
    from trust.exceptions import CertificateNotUsable
    from trust.services import sign_pdf

    with pytest.raises(CertificateNotUsable):
        sign_pdf(pdf_bytes=make_pdf(), credential=ready.card.credential, pin2=NEW_PIN2, actor="test")


def test_not_a_pdf_is_refused(ready):
    with pytest.raises(SigningRefused, match="not a PDF"):
        document_sign(digital_id=ready.card, actor=ready.card.holder, pdf_bytes=b"hello", pin2=NEW_PIN2)


# --- pyHanko's own command-line validator ----------------------------------------------------


def _pyhanko_cli() -> list[str] | None:
    """The CLI (package pyhanko-cli): PYHANKO_CLI (a command line), the venv's script, or
    ``python -m pyhanko`` when the CLI package is importable."""
    if configured := os.environ.get("PYHANKO_CLI"):
        return shlex.split(configured)
    script = Path(sys.executable).parent / "pyhanko"
    if script.exists():
        return [str(script)]
    if found := shutil.which("pyhanko"):
        return [found]
    if importlib.util.find_spec("pyhanko.cli") is not None:
        return [sys.executable, "-m", "pyhanko"]
    return None


def _cli(cli, command, pdf, root, tmp_path):
    return subprocess.run(
        [*cli, "sign", command, "--pretty-print", "--trust", str(root), "--trust-replace", str(pdf)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},  # no user configuration
        cwd=tmp_path,
    )


@pytest.mark.django_db(transaction=True)
def test_signed_pdf_validates_in_pyhankos_cli(live_server, settings, tmp_path, personas, office):
    """The CLI checks revocation on-line, as any outside verifier would: the certificates
    here name this test's live server as their OCSP responder and CRL distribution point."""
    cli = _pyhanko_cli()
    if cli is None:
        pytest.skip("pyHanko's CLI (package pyhanko-cli) is not installed")
    from digital_id.services import digital_id_order
    from tests.digital_id.conftest import approved_application, arrive, hand_over
    from trust.selectors import root_certificates
    from trust.services import hierarchy_create

    settings.SITE_URL = live_server.url
    hierarchy_create(actor="test", site_url=live_server.url)
    card = digital_id_order(application=approved_application(personas["alice"], office), actor="test")
    card.refresh_from_db()
    handed = hand_over(arrive(card, personas["pia"]), personas["pia"])
    pin_change(digital_id=card, actor=card.holder, role="sign", old_pin=handed.codes.pin2, new_pin=NEW_PIN2)
    root = tmp_path / "root.pem"
    root.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in root_certificates()))
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(document_sign(digital_id=card, actor=card.holder, pdf_bytes=make_pdf(), pin2=NEW_PIN2))
    for command in ("validate", "adesverify"):
        result = _cli(cli, command, signed, root, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "The signature is judged VALID." in result.stdout
    # The same CLI refuses the file once a signed byte is changed.
    tampered = bytearray(signed.read_bytes())
    index = tampered.find(b"0 0 1 rg")
    tampered[index : index + 1] = b"1"
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(tampered))
    result = _cli(cli, "validate", bad, root, tmp_path)
    assert result.returncode != 0 and "judged VALID" not in result.stdout
