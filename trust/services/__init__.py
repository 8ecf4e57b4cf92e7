"""Writes of the trust services. Import from here; the modules behind it may move.

Hierarchy:    hierarchy_create, hierarchy_plan, hierarchy_install, hierarchy_exists
Certificates: certificate_suspend, certificate_resume, certificate_revoke (journaled, CRL re-signed)
People:       person_credentials_issue -> Credentials (PIN1, PIN2, PUK returned once),
              pin_change, pin_unblock, credential_authenticate, signing_key_unlock
Documents:    sign_pdf (PAdES B-LT with PIN2), seal_pdf (B-LTA with an agency seal)
Protocols:    ocsp_respond (RFC 6960), tsa_respond (RFC 3161), crl_current / crl_refresh
"""

from trust.services.certificates import certificate_resume, certificate_revoke, certificate_suspend
from trust.services.crl import crl_current, crl_refresh
from trust.services.custody import (
    Credentials,
    credential_authenticate,
    person_credentials_issue,
    pin_change,
    pin_unblock,
    signing_key_unlock,
)
from trust.services.hierarchy import hierarchy_create, hierarchy_exists, hierarchy_install, hierarchy_plan
from trust.services.ocsp import ocsp_respond, ocsp_response_for_certificate
from trust.services.signing import seal_pdf, sign_pdf, sign_with_key
from trust.services.tsa import tsa_respond

# The name used in docs/contracts.md.
sign_pdf_with_pin = sign_pdf

__all__ = [
    "Credentials",
    "certificate_resume",
    "certificate_revoke",
    "certificate_suspend",
    "credential_authenticate",
    "crl_current",
    "crl_refresh",
    "hierarchy_create",
    "hierarchy_exists",
    "hierarchy_install",
    "hierarchy_plan",
    "ocsp_respond",
    "ocsp_response_for_certificate",
    "person_credentials_issue",
    "pin_change",
    "pin_unblock",
    "seal_pdf",
    "sign_pdf",
    "sign_pdf_with_pin",
    "sign_with_key",
    "signing_key_unlock",
    "tsa_respond",
]
