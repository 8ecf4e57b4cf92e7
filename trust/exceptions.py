"""Typed errors of the trust services. Callers show ``message`` to the person concerned."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class TrustError(Exception):
    """Base class: every refusal of the trust services."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message())
        self.message = str(self.args[0])

    def default_message(self) -> str:
        return _("The trust service refused the request.")


class HierarchyExists(TrustError):
    def default_message(self) -> str:
        return _("A CA hierarchy already exists for this deployment; it is never overwritten.")


class HierarchyMissing(TrustError):
    def default_message(self) -> str:
        return _("No CA hierarchy exists yet: run `manage.py trust_init` first.")


class KeyStoreError(TrustError):
    def default_message(self) -> str:
        return _("The key store could not complete the operation.")


class InvalidPinFormat(TrustError):
    """A new PIN or PUK does not have the permitted length or is not all digits."""


class WrongPin(TrustError):
    """A wrong PIN was entered; ``tries_left`` more before it blocks."""

    code_name = "PIN"

    def __init__(self, tries_left: int, message: str = "") -> None:
        self.tries_left = tries_left
        super().__init__(message)

    def default_message(self) -> str:
        return ngettext(
            "Wrong %(code)s. %(n)d try left before it is blocked.",
            "Wrong %(code)s. %(n)d tries left before it is blocked.",
            self.tries_left,
        ) % {"code": self.code_name, "n": self.tries_left}


class WrongPuk(WrongPin):
    code_name = "PUK"


class PinBlocked(TrustError):
    def default_message(self) -> str:
        return _("This PIN is blocked after three wrong entries. Unblock it with your PUK code.")


class PukBlocked(TrustError):
    def default_message(self) -> str:
        return _("The PUK code is blocked after three wrong entries. Apply for a new digital ID.")


class PinChangeRequired(TrustError):
    def default_message(self) -> str:
        return _("You must change PIN2 before your first signature.")


class CertificateNotUsable(TrustError):
    def default_message(self) -> str:
        return _("The certificate is suspended, revoked, expired or not yet valid.")


class VisibleSignatureUnavailable(TrustError):
    def default_message(self) -> str:
        return _("Visible signature boxes need the pyHanko OpenType support (uharfbuzz), which is not installed.")
