"""One person per role, plus an outsider: used by the demo data and by the tests."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.constants import Role


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    given_name: str
    surname: str
    role: Role


PERSONAS: tuple[Persona, ...] = (
    Persona("alice", "alice@example.org", "Alice", "Applicant", Role.APPLICANT),
    Persona("ivan", "ivan@identity.example.org", "Ivan", "Identity", Role.IDENTITY_OFFICIAL),
    Persona("iris", "iris@identity.example.org", "Iris", "Second", Role.IDENTITY_OFFICIAL),
    Persona("pia", "pia@pickup.example.org", "Pia", "Pickup", Role.PICKUP_OFFICIAL),
    Persona("rita", "rita@register.example.org", "Rita", "Registrar", Role.REGISTRAR),
    Persona("tom", "tom@tax.example.org", "Tom", "Taxofficer", Role.TAX_OFFICER),
    Persona("aud", "aud@audit.example.org", "Aud", "Auditor", Role.AUDITOR),
    Persona("ada", "ada@admin.example.org", "Ada", "Administrator", Role.ADMINISTRATOR),
    Persona("oscar", "oscar@example.net", "Oscar", "Outsider", Role.APPLICANT),
)

PERSONA_BY_KEY = {p.key: p for p in PERSONAS}
