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


def registrar_page(registrar: int = 200, auditor: int = 200) -> dict[str, int]:
    out = dict.fromkeys(ALL, 403)
    out.update({"anon": 302, "rita": registrar, "aud": auditor})
    return out


def _draft(p):
    from companies.models import FoundingApplication
    from companies.services import founding_start

    app = FoundingApplication.objects.filter(created_by=p["alice"], state="draft").first()
    return {"code": (app or founding_start(actor=p["alice"], name="Kuusemets OÜ")).code}


def _in_review(p):
    from companies.models import FoundingApplication

    app = FoundingApplication.objects.filter(state="in_review").first()
    if app is None:
        app = FoundingApplication(created_by=p["alice"], name="Tammemets OÜ", state="in_review", due_on=date.today())
        app.set_keys()
        app.save()
    return {"code": app.code}


def _card_code(p):
    from companies.models import Company

    _company(p)
    return {"code": Company.objects.get(registry_code="12345678").card_code}


POST_ONLY_PARTY = applicants_only(405)

MATRIX = [
    ("companies:search", None, everyone(200)),
    ("companies:open_data", None, everyone(200)),
    ("companies:name_check", None, everyone(200)),
    ("companies:card", _company, everyone(200)),
    ("companies:card_pdf", _company, everyone(404)),  # no card rendered for an imported company
    ("companies:reservations", None, applicants_only(200)),
    ("companies:reservation_extend", _reservation, applicants_only(405)),
    ("companies:reservation_cancel", _reservation, applicants_only(405)),
    ("companies:founding_start", None, applicants_only(200)),
    ("companies:founding", _draft, applicants_only(200, 404)),
    ("companies:founding_update", _draft, POST_ONLY_PARTY),
    ("companies:founder_add", _draft, POST_ONLY_PARTY),
    ("companies:board_add", _draft, POST_ONLY_PARTY),
    ("companies:founding_send", _draft, POST_ONLY_PARTY),
    ("companies:founding_sign", _draft, POST_ONLY_PARTY),
    ("companies:founding_pay", _draft, POST_ONLY_PARTY),
    ("companies:founding_withdraw", _draft, POST_ONLY_PARTY),
    ("companies:founding_answer", _draft, POST_ONLY_PARTY),
    ("companies:founding_document", _draft, applicants_only(404)),  # no document before signatures
    ("companies:queue", None, registrar_page()),
    ("companies:review", _in_review, registrar_page()),
    ("companies:review_document", _in_review, registrar_page(404, 404)),
    ("companies:claim", _in_review, registrar_page(405, 403)),
    ("companies:release", _in_review, registrar_page(405, 403)),
    ("companies:register", _in_review, registrar_page(405, 403)),
    ("companies:refuse", _in_review, registrar_page(405, 403)),
    ("companies:deficiencies", _in_review, registrar_page(405, 403)),
    ("companies:verify", _card_code, everyone(200)),
    ("companies_api:name_check", None, everyone(400)),  # the name is required
    ("companies_api:company", _company, everyone(200)),
    ("companies_api:representatives", _company, everyone(200)),
]
