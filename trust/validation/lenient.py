"""Leniency where real Estonian material needs it, in two narrow hooks into pyHanko's
certificate validator (installed once, on import):

1. **Negative RSA moduli.** Some Estonian ID-card certificates encode the RSA modulus as a
   DER INTEGER without the leading zero byte, i.e. as a negative number. BouncyCastle (and
   so DSS and SiVa) reads the bytes as unsigned; `cryptography` refuses the key. The
   validator's key loading reads such a key as unsigned; every other key is loaded
   unchanged. The certificate's own bytes (and so its issuer's signature over them) are
   untouched.
2. **Trusted OCSP responders.** RFC 6960 lets only the CA, or a responder the CA certified,
   answer for the CA's certificates. A responder that is on the trusted list as an OCSP
   service is trusted as such, as DSS does with trusted-list services: SK's responders are
   certified by SK's root, not by the issuing CA. The engine names the trusted responders
   for the duration of one validation (a context variable).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization as _serialization

_trusted_responders: contextvars.ContextVar[frozenset[bytes]] = contextvars.ContextVar(
    "trusted_ocsp_responders", default=frozenset()
)


def unsigned_modulus_key(public_key_info: asn1_keys.PublicKeyInfo) -> asn1_keys.PublicKeyInfo | None:
    """The same RSA key with its modulus read as unsigned, if it was encoded as negative;
    otherwise None."""
    try:
        if public_key_info.algorithm != "rsa":
            return None
        rsa_key = public_key_info["public_key"].parsed
        modulus = rsa_key["modulus"].native
    except (ValueError, KeyError, TypeError):
        return None
    if modulus >= 0:
        return None
    width = len(rsa_key["modulus"].contents)
    fixed = asn1_keys.RSAPublicKey(
        {"modulus": modulus + (1 << (8 * width)), "public_exponent": rsa_key["public_exponent"].native}
    )
    return asn1_keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"}, "public_key": fixed})


def load_der_public_key(data: bytes, backend=None):
    try:
        return _serialization.load_der_public_key(data)
    except ValueError:
        fixed = unsigned_modulus_key(asn1_keys.PublicKeyInfo.load(data))
        if fixed is None:
            raise
        return _serialization.load_der_public_key(fixed.dump())


class _LenientSerialization:
    """`cryptography.hazmat.primitives.serialization` with a lenient ``load_der_public_key``."""

    def __getattr__(self, name):
        return getattr(_serialization, name)

    load_der_public_key = staticmethod(load_der_public_key)


@contextlib.contextmanager
def trusted_responders(certificates) -> Iterator[None]:
    token = _trusted_responders.set(frozenset(c.dump() for c in certificates))
    try:
        yield
    finally:
        _trusted_responders.reset(token)


def is_trusted_responder(cert) -> bool:
    return cert.dump() in _trusted_responders.get()


def _install() -> None:
    from pyhanko_certvalidator import sig_validate
    from pyhanko_certvalidator.revinfo import validate_ocsp

    if not isinstance(sig_validate.serialization, _LenientSerialization):
        sig_validate.serialization = _LenientSerialization()

    original = validate_ocsp._check_ocsp_authorisation
    if getattr(original, "_trust_list_aware", False):
        return

    async def check_ocsp_authorisation(responder_cert, *args, **kwargs):
        if is_trusted_responder(responder_cert):
            return True
        return await original(responder_cert, *args, **kwargs)

    check_ocsp_authorisation._trust_list_aware = True
    validate_ocsp._check_ocsp_authorisation = check_ocsp_authorisation


_install()
