"""Trust anchors are configuration: this system's own roots (from ``trust.selectors``) plus
the PEM files listed in ``settings.TRUST_EXTRA_ANCHORS``. An operator adds, say, the
Estonian ID-card roots by pointing that setting at their PEM files; no code changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings

logger = logging.getLogger(__name__)

AnchorLike = x509.Certificate | asn1_x509.Certificate | bytes

_cache_lock = threading.Lock()
_pem_cache: dict[str, tuple[float, list[asn1_x509.Certificate]]] = {}


def to_asn1(cert: AnchorLike) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, x509.Certificate):
        return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    if isinstance(cert, bytes | bytearray):
        data = bytes(cert)
        if pem.detect(data):
            _type, _headers, data = pem.unarmor(data)
        return asn1_x509.Certificate.load(data)
    raise TypeError(f"Not a certificate: {type(cert).__name__}")


def normalise(certs: Iterable[AnchorLike]) -> list[asn1_x509.Certificate]:
    seen: set[bytes] = set()
    result = []
    for cert in certs:
        anchor = to_asn1(cert)
        if anchor.sha256 not in seen:
            seen.add(anchor.sha256)
            result.append(anchor)
    return result


def _load_pem_file(path: str) -> list[asn1_x509.Certificate]:
    """Certificates in a PEM (or DER) file, re-read only when the file changes."""
    file = Path(path)
    try:
        mtime = file.stat().st_mtime
    except OSError:
        logger.warning("Trust anchor file %s is missing; ignored", path)
        return []
    with _cache_lock:
        cached = _pem_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
    data = file.read_bytes()
    try:
        if pem.detect(data):
            certs = [
                asn1_x509.Certificate.load(der)
                for kind, _headers, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            ]
        else:
            certs = [asn1_x509.Certificate.load(data)]
        for cert in certs:
            cert.native  # noqa: B018 - parse fully now, so a broken file fails here and not mid-validation
    except ValueError:
        logger.error("Trust anchor file %s holds no readable certificate; ignored", path)
        certs = []
    with _cache_lock:
        _pem_cache[path] = (mtime, certs)
    return certs


def system_roots() -> list[AnchorLike]:
    """This deployment's own root certificates, if the CA part of trust/ provides them."""
    try:
        from trust import selectors
    except ImportError:
        return []
    root_certificates = getattr(selectors, "root_certificates", None)
    if root_certificates is None:
        return []
    try:
        return list(root_certificates())
    except Exception:
        logger.exception("Could not read this system's root certificates; validating with the extra anchors only")
        return []


def configured_anchors(*, include_system: bool = True) -> list[asn1_x509.Certificate]:
    """The anchors the public service trusts. Call this in the request thread: the system
    roots may come from the database."""
    extra: list[AnchorLike] = []
    for path in getattr(settings, "TRUST_EXTRA_ANCHORS", []) or []:
        extra.extend(_load_pem_file(str(path)))
    return normalise([*(system_roots() if include_system else []), *extra])
