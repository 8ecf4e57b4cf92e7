"""Trust anchors are configuration: this system's roots plus PEM files from settings."""

from __future__ import annotations

import sys
import types

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from tests.trust.validation import material
from trust.validation import anchors


@pytest.fixture
def no_system_roots(monkeypatch):
    monkeypatch.setattr(anchors, "system_roots", lambda: [])


def subjects(certs) -> list[str]:
    return [c.subject.native["common_name"] for c in certs]


def test_pem_bundle_and_der_files(vpki, settings, tmp_path, no_system_roots):
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(vpki.root.cert.public_bytes(Encoding.PEM) + vpki.other_root.cert.public_bytes(Encoding.PEM))
    der = tmp_path / "ca.cer"
    der.write_bytes(vpki.ca.cert.public_bytes(Encoding.DER))
    settings.TRUST_EXTRA_ANCHORS = [str(bundle), str(der), str(bundle)]

    found = anchors.configured_anchors()

    assert subjects(found) == ["Test Root CA 2025", "Unknown Root CA", "Test Issuing CA 2025"]


def test_missing_or_broken_files_are_skipped(vpki, settings, tmp_path, no_system_roots, caplog):
    broken = tmp_path / "broken.pem"
    broken.write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    good = tmp_path / "good.pem"
    good.write_bytes(vpki.root.cert.public_bytes(Encoding.PEM))
    settings.TRUST_EXTRA_ANCHORS = [str(tmp_path / "absent.pem"), str(broken), str(good)]

    assert subjects(anchors.configured_anchors()) == ["Test Root CA 2025"]
    assert "absent.pem is missing" in caplog.text
    assert "broken.pem holds no readable certificate" in caplog.text


def test_changed_file_is_read_again(vpki, settings, tmp_path, no_system_roots):
    path = tmp_path / "anchor.pem"
    path.write_bytes(vpki.root.cert.public_bytes(Encoding.PEM))
    settings.TRUST_EXTRA_ANCHORS = [str(path)]
    assert subjects(anchors.configured_anchors()) == ["Test Root CA 2025"]

    path.write_bytes(vpki.other_root.cert.public_bytes(Encoding.PEM))
    import os

    os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))

    assert subjects(anchors.configured_anchors()) == ["Unknown Root CA"]


def test_system_roots_come_from_trust_selectors(vpki, settings, monkeypatch):
    import trust

    settings.TRUST_EXTRA_ANCHORS = []
    fake = types.ModuleType("trust.selectors")
    fake.root_certificates = lambda: [vpki.root.cert, vpki.root.cert]
    monkeypatch.setitem(sys.modules, "trust.selectors", fake)
    monkeypatch.setattr(trust, "selectors", fake, raising=False)

    assert subjects(anchors.configured_anchors()) == ["Test Root CA 2025"]


def test_a_failing_system_root_lookup_leaves_the_extra_anchors(vpki, settings, monkeypatch, tmp_path):
    import trust

    def broken():
        raise RuntimeError("no CA table yet")

    fake = types.ModuleType("trust.selectors")
    fake.root_certificates = broken
    monkeypatch.setitem(sys.modules, "trust.selectors", fake)
    monkeypatch.setattr(trust, "selectors", fake, raising=False)
    path = tmp_path / "anchor.pem"
    path.write_bytes(vpki.other_root.cert.public_bytes(Encoding.PEM))
    settings.TRUST_EXTRA_ANCHORS = [str(path)]

    assert subjects(anchors.configured_anchors()) == ["Unknown Root CA"]


def test_anchor_forms_are_normalised(vpki):
    cert = vpki.root.cert
    forms = [cert, vpki.root.asn1, cert.public_bytes(Encoding.DER), cert.public_bytes(Encoding.PEM)]

    assert len(anchors.normalise(forms)) == 1
    with pytest.raises(TypeError):
        anchors.to_asn1("not a certificate")


def test_explicit_anchors_override_the_configuration(vpki, pdfs, settings, trusted_test_root):
    from trust.validation import validate_pdf_bytes

    report = validate_pdf_bytes(pdfs["multi_signed"], anchors=[material.build_pki().root.cert])

    assert report.verdict == "INDETERMINATE"
