"""What the exchange knows of the agencies above it: their services, and the hooks through
which a higher app lends it the trust services.

``exchange`` sits below every agency (import-linter), so it never imports one. Each
provider agency registers its services in its ``AppConfig.ready()``::

    from exchange.registry import Service, register_service

    register_service(Service(
        code="business_register.representation", provider="business_register",
        title=_("Who may represent this company"), version="1",
        fields=("registry_code", "name", "representatives"), personal_data=True,
        subject_kind="company", handler=representation_for,
    ))

The handler takes the subject's public code and returns a :class:`ProvidedRecord` (every
field of the service; the exchange keeps only those an agreement grants) or ``None`` when
no such subject exists. It must not write the access log: the exchange does that.

The trust services reach the exchange the same way (``trust`` sits above it):
``register_response_sealer``, ``register_timestamper`` and ``register_agreement_signer``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# The agencies that can provide or consume services, with the trust seal each one uses.
AGENCIES: dict[str, Any] = {
    "identity_board": _("Identity board (Police and Border Guard Board)"),
    "business_register": _("Business register"),
    "tax_board": _("Tax and Customs Board"),
}
SEALS = {code: code for code in AGENCIES}


@dataclass(frozen=True)
class ProvidedRecord:
    """One subject's data as the provider holds it.

    ``people`` names every person whose data the answer carries (users, for the Data
    Tracker): for a company's representatives, each board member."""

    fields: dict[str, Any]
    people: tuple[Any, ...] = ()
    person_refs: tuple[str, ...] = ()
    record: Any = None


Handler = Callable[[str], "ProvidedRecord | None"]


@dataclass(frozen=True)
class Service:
    code: str
    provider: str
    title: Any
    version: str
    fields: tuple[str, ...]
    personal_data: bool
    subject_kind: str  # "person" (personal code or digital ID number) or "company" (registry code)
    handler: Handler = field(compare=False, repr=False)
    description: Any = ""
    field_labels: dict[str, Any] = field(default_factory=dict, compare=False)

    def label_for(self, name: str) -> Any:
        return self.field_labels.get(name, name)


_services: dict[str, Service] = {}
_lock = threading.Lock()


class ServiceRegistryError(ValueError):
    pass


def register_service(service: Service) -> None:
    """Add (or replace, with the same code) a provider's service. Called at start-up."""
    if service.provider not in AGENCIES:
        raise ServiceRegistryError(f"Unknown provider agency {service.provider!r}.")
    if not service.code.startswith(service.provider + "."):
        raise ServiceRegistryError("A service code starts with its provider's code and a dot.")
    if not service.fields or len(set(service.fields)) != len(service.fields):
        raise ServiceRegistryError("A service declares its fields, each once.")
    with _lock:
        _services[service.code] = service


def unregister_service(code: str) -> None:
    with _lock:
        _services.pop(code, None)


def get_service(code: str) -> Service | None:
    return _services.get(code)


def services() -> list[Service]:
    return sorted(_services.values(), key=lambda s: s.code)


def service_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} — {s.title}") for s in services()]


# --- Hooks that the trust services fill ------------------------------------------------

# (body bytes, seal name) -> DER CMS SignedData, detached, with the certificate chain.
ResponseSealer = Callable[[bytes, str], bytes]
# data bytes -> DER RFC 3161 TimeStampResp over SHA-256(data), with the TSA's certificates.
Timestamper = Callable[[bytes], bytes]
# (pdf bytes, signer user, PIN2, reason) -> signed PDF bytes (PAdES, the signer's digital ID).
AgreementSigner = Callable[..., bytes]

_hooks: dict[str, Callable] = {}


class HookMissing(RuntimeError):
    """A trust service the exchange needs has not been registered (is ``trust`` installed?)."""


def register_response_sealer(fn: ResponseSealer) -> None:
    _hooks["sealer"] = fn


def register_timestamper(fn: Timestamper) -> None:
    _hooks["timestamper"] = fn


def register_agreement_signer(fn: AgreementSigner) -> None:
    _hooks["agreement_signer"] = fn


def _hook(name: str) -> Callable:
    try:
        return _hooks[name]
    except KeyError:
        raise HookMissing(f"No {name} is registered with the exchange.") from None


def seal_response(body: bytes, *, seal: str) -> bytes:
    return _hook("sealer")(body, seal)


def timestamp(data: bytes) -> bytes:
    return _hook("timestamper")(data)


def sign_agreement_pdf(pdf: bytes, *, signer: Any, pin2: str, reason: str) -> bytes:
    return _hook("agreement_signer")(pdf, signer=signer, pin2=pin2, reason=reason)
