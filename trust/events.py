"""The journal events of the trust services, named once, with the text an official reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import event

CERTIFICATE = "trust.certificate"
CREDENTIAL = "trust.credential"

ISSUED = event(CERTIFICATE, "issue", official=_("The certificate was issued."))
SUSPENDED = event(CERTIFICATE, "suspend", official=_("The certificate was put on hold."))
RESUMED = event(CERTIFICATE, "resume", official=_("The certificate was taken off hold."))
REVOKED = event(CERTIFICATE, "revoke", official=_("The certificate was revoked."))
DOCUMENT_SEALED = event(CERTIFICATE, "document_sealed", official=_("A document was sealed with this certificate."))
CREDENTIALS_ISSUED = event(
    CREDENTIAL, "credentials_issued", official=_("The person's keys and certificates were issued.")
)
DOCUMENT_SIGNED = event(CREDENTIAL, "document_signed", official=_("The person signed a document."))
PUK_BLOCKED = event(CREDENTIAL, "puk_blocked", official=_("The PUK was blocked after too many wrong tries."))
# The PIN events are named by the PIN: pin1_… (sign-in), pin2_… (signatures), puk_….
PIN_EVENTS = {
    (label, what): event(CREDENTIAL, f"{label}_{what}", official=text)
    for label, what, text in (
        ("pin1", "blocked", _("PIN1 was blocked after too many wrong tries.")),
        ("pin2", "blocked", _("PIN2 was blocked after too many wrong tries.")),
        ("pin1", "changed", _("The holder changed PIN1.")),
        ("pin2", "changed", _("The holder changed PIN2.")),
        ("pin1", "unblocked", _("The holder unblocked PIN1 with the PUK.")),
        ("pin2", "unblocked", _("The holder unblocked PIN2 with the PUK.")),
    )
}
