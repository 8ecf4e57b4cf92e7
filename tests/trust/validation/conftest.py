"""Session-wide test PKI and signed PDFs (built once: key generation and signing are the slow
part), plus the operator configuration that makes the views trust the test root."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from tests.trust.validation import material


@pytest.fixture(autouse=True)
def fresh_validation_workers():
    """Validation workers are forked processes that keep the module state of their birth:
    each test starts with new ones, so a test's monkeypatches reach them."""
    from trust.validation import guard, trustlist

    guard.reset()
    trustlist.clear_cache()
    yield
    guard.reset()


@pytest.fixture(scope="session")
def vpki() -> material.TestPKI:
    return material.build_pki()


@pytest.fixture(scope="session")
def pdfs(vpki) -> dict[str, bytes]:
    """Every document the verdict tests need, keyed by what it demonstrates."""
    m = material
    base = m.blank_pdf()
    past = m.PAST_SIGNING_TIME
    two = m.sign(m.sign(base, vpki, "mari"), vpki, "seal")
    multi = m.add_document_timestamp(m.add_dss(two, vpki), vpki)
    return {
        "unsigned": base,
        "multi_signed": multi,
        "two_signed_lt": m.add_dss(two, vpki),
        "b_t_no_revinfo": m.sign(base, vpki, "jaan"),
        "b_b": m.add_dss(m.sign(base, vpki, "jaan", timestamp=False), vpki),
        "revoked_after": m.add_dss(m.sign(base, vpki, "revoked_after", signing_time=past), vpki),
        "revoked_before": m.add_dss(m.sign(base, vpki, "revoked_before", signing_time=past), vpki),
        "revoked_no_timestamp": m.add_dss(m.sign(base, vpki, "revoked_before", timestamp=False), vpki),
        "expired": m.add_dss(m.sign(base, vpki, "expired", signing_time=past), vpki),
        "unknown_ca": m.add_dss(m.sign(base, vpki, "stranger"), vpki),
        "pkcs7": m.add_dss(m.sign(base, vpki, "mari", subfilter=m.SigSeedSubFilter.ADOBE_PKCS7_DETACHED), vpki),
    }


@pytest.fixture(scope="session")
def vtl(vpki):
    """The test trusted list (TS 119 612, written and read back): the test root as CA/QC, the TSA as TSA/QTST."""
    return material.trusted_list(vpki)


@pytest.fixture
def trusted_test_root(vpki, settings, tmp_path):
    """Configure the service the way an operator would: the test trusted list as a TS 119 612 file."""
    path = tmp_path / "test-trusted-list.xml"
    path.write_bytes(material.trusted_list_xml(vpki))
    settings.TRUST_VALIDATION_TRUSTED_LISTS = [str(path)]
    settings.TRUST_EXTRA_ANCHORS = []
    return path


@pytest.fixture
def extra_root_anchor(vpki, settings, tmp_path):
    """The test root as an extra anchor PEM (a non-qualified CA)."""
    path = tmp_path / "test-root.pem"
    path.write_bytes(vpki.root.cert.public_bytes(Encoding.PEM))
    settings.TRUST_EXTRA_ANCHORS = [str(path)]
    return path
