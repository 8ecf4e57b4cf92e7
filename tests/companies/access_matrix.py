"""Expected GET status of the business register's pages for each persona ("anon" = signed out).

The name check, search, registry card and open data are public. Reservations are the
applicant's (officials 403, anonymous to the login page). POST-only actions answer 405 to
a GET from someone who may use them, 404 for another's reservation.
"""

from __future__ import annotations

from datetime import date

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
OFFICIALS = ("ivan", "pia", "rita", "tom", "aud", "ada")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL, status)


def applicants_only(status_alice: int, status_oscar: int | None = None) -> dict[str, int]:
    out = {"anon": 302, "alice": status_alice, "oscar": status_alice if status_oscar is None else status_oscar}
    out.update(dict.fromkeys(OFFICIALS, 403))
    return out


def _company(p):
    from companies.models import Company

    company = Company.objects.filter(registry_code="12345678").first()
    if company is None:
        company = Company(name="Fotoluks OÜ", registry_code="12345678", registered_on=date(2020, 1, 6))
        company.set_keys()
        company.save()
    return {"registry_code": company.registry_code}


def _reservation(p):
    from companies.models import NameReservation
    from companies.services import name_reservation_create

    r = NameReservation.objects.filter(holder=p["alice"], state="active").first()
    r = r or name_reservation_create(holder=p["alice"], name="Merevaade OÜ", actor=p["alice"])
    return {"code": r.code}


MATRIX = [
    ("companies:search", None, everyone(200)),
    ("companies:open_data", None, everyone(200)),
    ("companies:name_check", None, everyone(200)),
    ("companies:card", _company, everyone(200)),
    ("companies:card_pdf", _company, everyone(404)),  # no card rendered for an imported company
    ("companies:reservations", None, applicants_only(200)),
    ("companies:reservation_extend", _reservation, applicants_only(405)),
    ("companies:reservation_cancel", _reservation, applicants_only(405)),
    ("companies_api:name_check", None, everyone(400)),  # the name is required
    ("companies_api:company", _company, everyone(200)),
    ("companies_api:representatives", _company, everyone(200)),
]
