"""Who may open the trust pages: (url name, kwargs factory or None, {persona: status})."""

from __future__ import annotations


def _certificate_kwargs(personas=None):
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


def _root_slug(personas=None):
    from trust.models import CertificateAuthority

    return {"slug": CertificateAuthority.objects.order_by("pk").first().slug}


def _ocsp_get(personas=None):
    return {"encoded": "not-base64!"}


MATRIX = [
    # Public protocol endpoints: no login, no language prefix.
    ("pki:ca_certificate", _root_slug, dict.fromkeys(_REGISTER, 200)),
    ("pki:crl", _root_slug, dict.fromkeys(_REGISTER, 200)),
    # OCSP answers malformed requests with a signed-protocol error inside a 200 (RFC 6960).
    ("pki:ocsp", None, dict.fromkeys(_REGISTER, 200)),
    ("pki:ocsp_get", _ocsp_get, dict.fromkeys(_REGISTER, 200)),
    ("pki:tsa", None, dict.fromkeys(_REGISTER, 405)),
    ("trust:repository", None, dict.fromkeys(_REGISTER, 200)),
    ("trust:certificates", None, _REGISTER),
    ("trust:certificate_detail", _certificate_kwargs, _REGISTER),
    ("trust:certificate_download", _certificate_kwargs, _REGISTER),
]
