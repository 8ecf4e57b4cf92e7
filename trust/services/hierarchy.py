"""The CA hierarchy of one deployment, created once by ``manage.py trust_init``.

    root CA (P-384, self-signed)
    ├── e-resident digital ID CA ── OCSP responder; person authentication + signing certs
    ├── organisation seal CA ────── OCSP responder; seals of the agencies
    └── time-stamping unit (RFC 3161)

Planning (key generation and signing, no database) is separate from installing, so tests can
plan one hierarchy per session and install it cheaply in every test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import transition
from audit.types import ActorLike
from trust.constants import (
    BACKDATE,
    EID_CA_SLUG,
    ISSUING_CA_VALIDITY,
    ROOT_SLUG,
    ROOT_VALIDITY,
    SEAL_CA_SLUG,
    SEAL_VALIDITY,
    SERVICE_VALIDITY,
    CertificateKind,
    organisation_name,
    seal_profiles,
)
from trust.exceptions import HierarchyExists
from trust.keystore import get_keystore
from trust.models import Certificate, CertificateAuthority
from trust.services.crl import crl_refresh
from trust.services.profiles import build_certificate, common_name, name, new_key, subject_text


@dataclass
class PlannedCertificate:
    kind: str
    issuer_slug: str
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    ca_slug: str = ""  # set for CAs: the slug of the authority this certificate belongs to
    ca_name: str = ""
    seal: str = ""
    responder_for: str = ""  # set for OCSP responders: the CA they answer for

    @property
    def key_name(self) -> str:
        label = self.ca_slug or self.seal or self.responder_for or self.kind
        suffix = f"{self.cert.serial_number:x}"[:16]
        prefix = "ocsp-" if self.responder_for else ("seal-" if self.seal else "")
        return f"{prefix}{label}-{suffix}".replace("_", "-")


@dataclass
class HierarchyMaterial:
    site_url: str
    certificates: list[PlannedCertificate] = field(default_factory=list)

    def by_ca(self, slug: str) -> PlannedCertificate:
        return next(p for p in self.certificates if p.ca_slug == slug)


def hierarchy_plan(*, site_url: str | None = None, now: datetime | None = None) -> HierarchyMaterial:
    """Generate every key and certificate of a new hierarchy, in memory."""
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    now = (now or timezone.now()) - BACKDATE
    org = organisation_name()
    material = HierarchyMaterial(site_url=site_url)

    def issue(
        kind: str, subject: x509.Name, issuer: PlannedCertificate | None, validity, **extra: Any
    ) -> PlannedCertificate:
        key = new_key(kind)
        issuer_slug = issuer.ca_slug if issuer else extra.get("ca_slug", "")
        cert = build_certificate(
            kind=kind,
            subject=subject,
            public_key=key.public_key(),
            issuer_cert=issuer.cert if issuer else None,
            issuer_key=issuer.key if issuer else key,
            issuer_slug=issuer_slug,
            site_url=site_url,
            not_before=now,
            not_after=now + validity,
        )
        planned = PlannedCertificate(kind=kind, issuer_slug=issuer_slug, key=key, cert=cert, **extra)
        material.certificates.append(planned)
        return planned

    def ca_name(cn: str) -> x509.Name:
        return name((NameOID.COUNTRY_NAME, "EE"), (NameOID.ORGANIZATION_NAME, org), (NameOID.COMMON_NAME, cn))

    year = now.year
    root_cn = f"{org} Root CA {year}"
    root = issue(CertificateKind.ROOT_CA, ca_name(root_cn), None, ROOT_VALIDITY, ca_slug=ROOT_SLUG, ca_name=root_cn)
    issuing = []
    for slug, cn in ((EID_CA_SLUG, f"e-resident digital ID CA {year}"), (SEAL_CA_SLUG, f"Organisation seal CA {year}")):
        issuing.append(
            issue(CertificateKind.ISSUING_CA, ca_name(cn), root, ISSUING_CA_VALIDITY, ca_slug=slug, ca_name=cn)
        )
    issue(CertificateKind.TSA, ca_name(f"{org} Time-Stamping Unit {year}"), root, SERVICE_VALIDITY)
    for ca in issuing:
        issue(
            CertificateKind.OCSP_RESPONDER,
            ca_name(f"{ca.ca_name} OCSP responder"),
            ca,
            SERVICE_VALIDITY,
            responder_for=ca.ca_slug,
        )
    seal_ca = material.by_ca(SEAL_CA_SLUG)
    for profile in seal_profiles().values():
        subject = name(
            (NameOID.COUNTRY_NAME, "EE"),
            (NameOID.ORGANIZATION_NAME, profile.name),
            (NameOID.ORGANIZATION_IDENTIFIER, profile.organization_identifier),
            (NameOID.COMMON_NAME, profile.name),
        )
        issue(CertificateKind.SEAL, subject, seal_ca, SEAL_VALIDITY, seal=profile.slug)
    return material


def hierarchy_exists() -> bool:
    return CertificateAuthority.objects.filter(slug=ROOT_SLUG).exists()


def certificate_record(
    *,
    cert: x509.Certificate,
    issuer: CertificateAuthority,
    kind: str,
    actor: ActorLike,
    key_name: str = "",
    seal: str = "",
) -> Certificate:
    """Store a freshly signed certificate and run its ``issue`` transition (journaled)."""
    row = Certificate.objects.create(
        issuer=issuer,
        serial_hex=f"{cert.serial_number:x}",
        kind=kind,
        subject=subject_text(cert.subject)[:500],
        common_name=common_name(cert.subject)[:200],
        seal=seal,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        der=cert.public_bytes(serialization.Encoding.DER),
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        key_name=key_name,
    )
    transition(row, "issue", actor=actor, data={"serial": row.serial_hex, "kind": kind})
    return row


def hierarchy_install(*, material: HierarchyMaterial, actor: ActorLike) -> CertificateAuthority:
    """Store the planned hierarchy: keys into the key store, certificates into the database.

    Refuses (``HierarchyExists``) if this database already has a root CA.
    """
    keystore = get_keystore()
    for planned in material.certificates:
        if not keystore.exists(planned.key_name):
            keystore.put(planned.key_name, planned.key)
    with transaction.atomic():
        if hierarchy_exists():
            raise HierarchyExists()
        authorities: dict[str, CertificateAuthority] = {}
        for planned in material.certificates:
            if planned.ca_slug:
                ca = CertificateAuthority.objects.create(
                    slug=planned.ca_slug,
                    name=planned.ca_name,
                    parent=authorities.get(planned.issuer_slug),
                    key_name=planned.key_name,
                )
                authorities[planned.ca_slug] = ca
                issuer = authorities.get(planned.issuer_slug, ca)
            else:
                issuer = authorities[planned.issuer_slug]
            row = certificate_record(
                cert=planned.cert,
                issuer=issuer,
                kind=planned.kind,
                actor=actor,
                key_name=planned.key_name,
                seal=planned.seal,
            )
            if planned.ca_slug:
                ca.certificate = row
                ca.save(update_fields=["certificate"])
            if planned.responder_for:
                owner = authorities[planned.responder_for]
                owner.ocsp_responder = row
                owner.save(update_fields=["ocsp_responder"])
        for ca in authorities.values():
            crl_refresh(ca=ca)
    return authorities[ROOT_SLUG]


def hierarchy_create(*, actor: ActorLike, site_url: str | None = None) -> CertificateAuthority:
    """Plan and install a new hierarchy (``manage.py trust_init``)."""
    if hierarchy_exists():
        raise HierarchyExists()
    return hierarchy_install(material=hierarchy_plan(site_url=site_url), actor=actor)
