"""Who may open the trust pages: (url name, kwargs factory or None, {persona: status})."""

from __future__ import annotations


def _certificate_kwargs():
    """A certificate row to look at (the register pages only read database fields)."""
    from trust.constants import CertificateKind
    from trust.models import Certificate, CertificateAuthority

    ca, _ = CertificateAuthority.objects.get_or_create(
        slug="matrix-ca", defaults={"name": "Matrix CA", "key_name": "x"}
    )
    cert = Certificate.objects.create(
        issuer=ca,
        serial_hex="abc123",
        kind=CertificateKind.SEAL,
        subject="CN=Matrix seal",
        common_name="Matrix seal",
        not_before="2026-01-01T00:00:00Z",
        not_after="2031-01-01T00:00:00Z",
        der=b"\x30\x00",
        fingerprint_sha256="0" * 64,
    )
    return {"code": cert.code}


_REGISTER = {
    "anon": 302,
    "alice": 403,
    "oscar": 403,
    "ivan": 200,
    "iris": 200,
    "pia": 403,
    "rita": 403,
    "tom": 403,
    "aud": 200,
    "ada": 200,
}

MATRIX = [
    ("trust:repository", None, dict.fromkeys(_REGISTER, 200)),
    ("trust:certificates", None, _REGISTER),
    ("trust:certificate_detail", _certificate_kwargs, _REGISTER),
    ("trust:certificate_download", _certificate_kwargs, _REGISTER),
]
