"""The trusted list: certification authorities, time-stamping authorities and OCSP
responders, each with its service type and the periods in which its status was granted.

Read from ETSI TS 119 612 trusted-list XML files (``settings.TRUST_VALIDATION_TRUSTED_LISTS``,
parsed with defusedxml, so entity tricks in a file cannot expand or reach the network), plus
this deployment's own services (its roots as CAs, its TSA and OCSP responders) and the PEM
files of ``TRUST_EXTRA_ANCHORS`` (as CAs). ``to_xml()`` writes a list in the same format, so
a deployment can publish its own services for other validators.

How the engine uses the list (as DSS and SiVa do):

- a CA service's certificate is a trust anchor for signer certificates;
- a TSA service's certificate is trusted as such: a time-stamp it signed is accepted even
  after the TSA certificate expired, as long as the service was granted at the genTime;
- an OCSP service's certificate may answer for any certificate of its provider, also when
  it was certified by the root rather than by the signer's CA (as SK's responders are);
- a CA/QC service ("qualified") makes the certificates it issued qualified for POLv4 while
  its status was granted.
"""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from asn1crypto import x509 as asn1_x509
from defusedxml import ElementTree as SafeET
from django.conf import settings

logger = logging.getLogger(__name__)

NS = "http://uri.etsi.org/02231/v2#"
SVC = "http://uri.etsi.org/TrstSvc/Svctype/"
STATUS = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/"
TYPE_CA_QC = SVC + "CA/QC"
TYPE_CA_PKC = SVC + "CA/PKC"
TYPE_TSA_QTST = SVC + "TSA/QTST"
TYPE_TSA = SVC + "TSA"
TYPE_OCSP_QC = SVC + "Certstatus/OCSP/QC"
TYPE_OCSP = SVC + "Certstatus/OCSP"
STATUS_GRANTED = STATUS + "granted"
STATUS_WITHDRAWN = STATUS + "withdrawn"
# Statuses of the pre-eIDAS lists (Directive 1999/93/EC) that meant "in good standing".
_ACTIVE_STATUSES = {
    STATUS_GRANTED,
    STATUS + "recognisedatnationallevel",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/supervisionincessation",
}
_KINDS = {
    TYPE_CA_QC: ("CA", True),
    TYPE_CA_PKC: ("CA", False),
    TYPE_TSA_QTST: ("TSA", True),
    TYPE_TSA: ("TSA", False),
    SVC + "TSA/TSS-QC": ("TSA", False),
    SVC + "TSA/TSS-AdESQCandQES": ("TSA", False),
    TYPE_OCSP_QC: ("OCSP", True),
    TYPE_OCSP: ("OCSP", False),
    SVC + "NationalRootCA-QC": ("CA", True),
}


class TrustedListError(ValueError):
    pass


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start: datetime
    end: datetime | None  # the next status's starting time; None: still current

    @property
    def active(self) -> bool:
        return self.status in _ACTIVE_STATUSES

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


@dataclass(frozen=True)
class TrustedService:
    kind: str  # "CA" | "TSA" | "OCSP"
    qualified: bool
    service_type: str
    name: str
    provider: str
    der: bytes
    periods: tuple[StatusPeriod, ...] = ()
    source: str = ""

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.der)

    def granted_at(self, moment: datetime | None) -> bool:
        """Whether the service's status was granted at ``moment`` (now if None)."""
        moment = moment or datetime.now(UTC)
        if not self.periods:
            return True
        return any(p.active and p.covers(moment) for p in self.periods)


@dataclass
class TrustedList:
    services: list[TrustedService] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[TrustedService]:
        return [s for s in self.services if s.kind == kind]

    def certificates(self, kind: str) -> list[asn1_x509.Certificate]:
        seen, result = set(), []
        for service in self.of_kind(kind):
            if service.der not in seen:
                seen.add(service.der)
                result.append(service.certificate)
        return result

    def find(self, cert: asn1_x509.Certificate, kind: str) -> TrustedService | None:
        der = cert.dump()
        return next((s for s in self.of_kind(kind) if s.der == der), None)

    def ca_service_for(self, chain_certs: list[asn1_x509.Certificate]) -> TrustedService | None:
        """The CA service whose certificate is in the chain (nearest to the signer first)."""
        for cert in reversed(chain_certs):
            service = self.find(cert, "CA")
            if service is not None:
                return service
        return None

    def merged(self, other: TrustedList) -> TrustedList:
        return TrustedList([*self.services, *other.services])


# --- reading TS 119 612 ---------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _name(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    names = element.findall(path)
    for name in names:
        if name.get("{http://www.w3.org/XML/1998/namespace}lang") == "en":
            return (name.text or "").strip()
    return (names[0].text or "").strip() if names else ""


def _time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise TrustedListError(f"Not a date and time: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _periods(info: Element, history: list[Element]) -> tuple[StatusPeriod, ...]:
    points = [(_time(_text(info, _q("StatusStartingTime"))), _text(info, _q("ServiceStatus")))]
    for instance in history:
        points.append((_time(_text(instance, _q("StatusStartingTime"))), _text(instance, _q("ServiceStatus"))))
    points.sort()
    periods = []
    for i, (start, status) in enumerate(points):
        end = points[i + 1][0] if i + 1 < len(points) else None
        periods.append(StatusPeriod(status=status, start=start, end=end))
    return tuple(periods)


def parse(data: bytes, *, source: str = "") -> TrustedList:
    """The services of one TS 119 612 trusted list. Raises ``TrustedListError`` when the
    file is not one (or uses XML features a trusted list has no need of)."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except Exception as exc:  # defusedxml's and expat's errors
        raise TrustedListError(f"Not a readable trusted list: {exc}") from exc
    if root.tag != _q("TrustServiceStatusList"):
        raise TrustedListError("Not a TS 119 612 trusted list (no TrustServiceStatusList element)")
    services = []
    for tsp in root.iter(_q("TrustServiceProvider")):
        provider = _name(tsp.find(_q("TSPInformation")), f"{_q('TSPName')}/{_q('Name')}")
        for svc in tsp.iter(_q("TSPService")):
            info = svc.find(_q("ServiceInformation"))
            if info is None:
                continue
            service_type = _text(info, _q("ServiceTypeIdentifier"))
            if service_type not in _KINDS:
                continue
            kind, qualified = _KINDS[service_type]
            history = svc.findall(f"{_q('ServiceHistory')}/{_q('ServiceHistoryInstance')}")
            periods = _periods(info, history)
            name = _name(info, f"{_q('ServiceName')}/{_q('Name')}")
            for cert_el in info.iter(_q("X509Certificate")):
                try:
                    der = base64.b64decode("".join((cert_el.text or "").split()), validate=True)
                    asn1_x509.Certificate.load(der).native  # noqa: B018 - parse now
                except ValueError:
                    logger.warning("Trusted list %s: unreadable certificate in service %r; skipped", source, name)
                    continue
                services.append(
                    TrustedService(
                        kind=kind,
                        qualified=qualified,
                        service_type=service_type,
                        name=name,
                        provider=provider,
                        der=der,
                        periods=periods,
                        source=source,
                    )
                )
    return TrustedList(services)


# --- writing -------------------------------------------------------------------------------


def to_xml(services: list[TrustedService], *, operator: str, territory: str = "EE", issued: datetime) -> bytes:
    """A TS 119 612 list of ``services`` (unsigned: sign it with XAdES before publishing)."""
    root = Element(_q("TrustServiceStatusList"), {"TSLTag": "http://uri.etsi.org/19612/TSLTag"})
    scheme = SubElement(root, _q("SchemeInformation"))
    SubElement(scheme, _q("TSLVersionIdentifier")).text = "5"
    SubElement(scheme, _q("TSLSequenceNumber")).text = "1"
    SubElement(scheme, _q("TSLType")).text = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric"
    op = SubElement(scheme, _q("SchemeOperatorName"))
    SubElement(op, _q("Name"), {"{http://www.w3.org/XML/1998/namespace}lang": "en"}).text = operator
    SubElement(scheme, _q("SchemeTerritory")).text = territory
    SubElement(scheme, _q("ListIssueDateTime")).text = issued.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    providers = SubElement(root, _q("TrustServiceProviderList"))
    by_provider: dict[str, list[TrustedService]] = {}
    for service in services:
        by_provider.setdefault(service.provider, []).append(service)
    for provider, items in by_provider.items():
        tsp = SubElement(providers, _q("TrustServiceProvider"))
        tsp_info = SubElement(tsp, _q("TSPInformation"))
        tsp_name = SubElement(tsp_info, _q("TSPName"))
        SubElement(tsp_name, _q("Name"), {"{http://www.w3.org/XML/1998/namespace}lang": "en"}).text = provider
        svcs = SubElement(tsp, _q("TSPServices"))
        for service in items:
            svc = SubElement(svcs, _q("TSPService"))
            info = SubElement(svc, _q("ServiceInformation"))
            SubElement(info, _q("ServiceTypeIdentifier")).text = service.service_type
            name = SubElement(info, _q("ServiceName"))
            SubElement(name, _q("Name"), {"{http://www.w3.org/XML/1998/namespace}lang": "en"}).text = service.name
            identity = SubElement(info, _q("ServiceDigitalIdentity"))
            digital_id = SubElement(identity, _q("DigitalId"))
            SubElement(digital_id, _q("X509Certificate")).text = base64.b64encode(service.der).decode()
            periods = sorted(service.periods, key=lambda p: p.start, reverse=True) or [
                StatusPeriod(STATUS_GRANTED, issued, None)
            ]
            SubElement(info, _q("ServiceStatus")).text = periods[0].status
            SubElement(info, _q("StatusStartingTime")).text = periods[0].start.strftime("%Y-%m-%dT%H:%M:%SZ")
            if len(periods) > 1:
                history = SubElement(svc, _q("ServiceHistory"))
                for period in periods[1:]:
                    instance = SubElement(history, _q("ServiceHistoryInstance"))
                    SubElement(instance, _q("ServiceTypeIdentifier")).text = service.service_type
                    SubElement(instance, _q("ServiceStatus")).text = period.status
                    SubElement(instance, _q("StatusStartingTime")).text = period.start.strftime("%Y-%m-%dT%H:%M:%SZ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", default_namespace=None)


# --- the configured list ---------------------------------------------------------------------

_cache_lock = threading.Lock()
_file_cache: dict[str, tuple[float, TrustedList]] = {}


def load_file(path: str) -> TrustedList:
    """The list in ``path``, re-read only when the file changes; an unreadable file is
    logged and ignored (the service then trusts less, never more)."""
    file = Path(path)
    try:
        mtime = file.stat().st_mtime
    except OSError:
        logger.warning("Trusted list %s is missing; ignored", path)
        return TrustedList()
    with _cache_lock:
        cached = _file_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
    try:
        tl = parse(file.read_bytes(), source=file.name)
    except TrustedListError:
        logger.error("Trusted list %s could not be read; ignored", path, exc_info=True)
        tl = TrustedList()
    with _cache_lock:
        _file_cache[path] = (mtime, tl)
    return tl


def system_services() -> TrustedList:
    """This deployment's own services: its roots as CAs, its TSA and OCSP responders.

    With ``TRUST_CA_QUALIFIED`` (the default: a national ID issuer is a qualified trust
    service provider) the root is a CA/QC service, so the certificates of the hierarchy
    below it (the e-resident digital ID CA's signing certificates, the organisation seal
    CA's seals) are qualified, on a QSCD; otherwise a CA/PKC service (not qualified)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from trust.validation.anchors import system_roots

    provider = str(getattr(settings, "TRUST_ORGANISATION", "This deployment"))
    qualified = bool(getattr(settings, "TRUST_CA_QUALIFIED", True))
    service_type = TYPE_CA_QC if qualified else TYPE_CA_PKC
    services = []
    for cert in system_roots():
        der = cert.public_bytes(Encoding.DER) if hasattr(cert, "public_bytes") else bytes(cert)
        services.append(TrustedService("CA", qualified, service_type, "Root CA", provider, der, source="system"))
    try:
        from trust import selectors

        for cert in selectors.service_certificates():
            der = cert.public_bytes(Encoding.DER)
            eku = asn1_x509.Certificate.load(der).extended_key_usage_value
            purposes = set(eku.native) if eku is not None else set()
            if "time_stamping" in purposes:
                services.append(TrustedService("TSA", False, TYPE_TSA, "TSA", provider, der, source="system"))
            elif "ocsp_signing" in purposes:
                services.append(TrustedService("OCSP", False, TYPE_OCSP, "OCSP", provider, der, source="system"))
    except Exception:
        logger.exception("Could not read this system's service certificates")
    return TrustedList(services)


SYSTEM_CACHE_SECONDS = 60
_system_cache: tuple[float, bool, TrustedList] | None = None


def clear_cache() -> None:
    global _system_cache
    with _cache_lock:
        _system_cache = None
        _file_cache.clear()


def _cached_system_services() -> TrustedList:
    """This deployment's services, read from the database at most once a minute."""
    global _system_cache
    import time

    now = time.monotonic()
    qualified = bool(getattr(settings, "TRUST_CA_QUALIFIED", True))
    with _cache_lock:
        cached = _system_cache
    if cached is not None and now - cached[0] < SYSTEM_CACHE_SECONDS and cached[1] == qualified:
        return cached[2]
    services = system_services()
    with _cache_lock:
        _system_cache = (now, qualified, services)
    return services


def configured() -> TrustedList:
    """Everything the public service trusts. Call in the request's process (the system's
    services come from the database; they are cached for a minute)."""
    from trust.validation.anchors import configured_anchors

    tl = _cached_system_services()
    for path in getattr(settings, "TRUST_VALIDATION_TRUSTED_LISTS", []) or []:
        tl = tl.merged(load_file(str(path)))
    known = {s.der for s in tl.services}
    extra = []
    for anchor in configured_anchors(include_system=False):
        der = anchor.dump()
        if der not in known:
            extra.append(TrustedService("CA", False, TYPE_CA_PKC, "Configured anchor", "", der, source="anchors"))
    return tl.merged(TrustedList(extra))


def from_anchors(anchors: list[asn1_x509.Certificate]) -> TrustedList:
    """A list holding only ``anchors`` as (non-qualified) CAs: what a caller passing bare
    trust anchors means."""
    return TrustedList(
        [TrustedService("CA", False, TYPE_CA_PKC, "Anchor", "", a.dump(), source="anchors") for a in anchors]
    )
