"""Expected GET status of every digital ID page for each persona ("anon" = signed out).

The card used for the per-card pages is Alice's, active (so booking and moving redirect,
renewal is open to her); Oscar is another applicant and must not find it.
"""

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
OFFICIALS = ("ivan", "pia", "rita", "tom", "aud", "ada")


def everyone(status):
    return dict.fromkeys(ALL, status)


def holders_only(owner, *, oscar=404):
    """Alice gets ``owner``, Oscar ``oscar``, officials 403, anonymous visitors the login page."""
    return {**dict.fromkeys(OFFICIALS, 403), "alice": owner, "oscar": oscar, "anon": 302}


def officials(allowed, *, status=200):
    return {**dict.fromkeys(ALL, 403), "anon": 302, **dict.fromkeys(allowed, status)}


def _card(personas):
    from datetime import date

    from digital_id.models import DigitalId, PersonalCode
    from eresidency.models import PickupLocation

    alice = personas["alice"]
    existing = DigitalId.objects.filter(holder=alice).first()
    if existing is not None:
        return existing
    location = PickupLocation.objects.create(
        code="matrix-office", name="PPA", kind="ppa_office", country="EE", city="Tallinn", address="Pärnu mnt 139"
    )
    code = PersonalCode.objects.create(
        code="49005170014", person=alice, birth_date=date(1990, 5, 17), digit=4, serial=1
    )
    return DigitalId.objects.create(
        document_number="N0000001",
        holder=alice,
        personal_code=code,
        state="active",
        given_names="Alice",
        surname="Applicant",
        date_of_birth=date(1990, 5, 17),
        sex="F",
        citizenship="DE",
        travel_document_type="passport",
        travel_document_number="C01X00T47",
        travel_document_country="DE",
        travel_document_expiry=date(2034, 1, 31),
        pickup_location=location,
        issued_on=date(2026, 1, 5),
        expires_on=date(2031, 1, 4),
    )


def card_code(personas):
    return {"code": _card(personas).code}


def renewal_code(personas):
    from datetime import date

    from digital_id.models import Renewal

    card = _card(personas)
    renewal = Renewal.objects.create(
        holder=card.holder,
        previous=card,
        kind="replacement",
        state="in_review",
        travel_document_type="passport",
        travel_document_number="C01X00T47",
        travel_document_country="DE",
        travel_document_expiry=date(2034, 1, 31),
        pickup_location=card.pickup_location,
    )
    return {"code": renewal.code}


MATRIX = [
    ("digital_id:mine", None, holders_only(200, oscar=200)),
    ("digital_id:login", None, {**everyone(302), "anon": 200}),
    ("digital_id:check", None, everyone(200)),
    ("digital_id:sign", None, holders_only(200, oscar=200)),
    ("digital_id:book", card_code, holders_only(302)),
    ("digital_id:change_location", card_code, holders_only(302)),
    ("digital_id:pin_change", card_code, holders_only(200)),
    ("digital_id:pin_unblock", card_code, holders_only(200)),
    ("digital_id:suspend", card_code, holders_only(200)),
    ("digital_id:revoke_request", card_code, holders_only(200)),
    ("digital_id:renew", card_code, holders_only(200)),
    ("digital_id:renewal", renewal_code, holders_only(200)),
    ("digital_id:renewal_pay", renewal_code, holders_only(405, oscar=405)),
    ("digital_id:desk", None, officials(("pia",))),
    ("digital_id:desk_detail", card_code, officials(("pia",))),
    ("digital_id:desk_arrived", card_code, everyone(405)),
    ("digital_id:desk_hand_over", card_code, everyone(405)),
    ("digital_id:desk_resume", card_code, everyone(405)),
    ("digital_id:registry", None, officials(("ivan", "aud"))),
    ("digital_id:registry_detail", card_code, officials(("ivan", "aud"))),
    ("digital_id:registry_revoke", card_code, everyone(405)),
    ("digital_id:registry_suspend", card_code, everyone(405)),
    # The matrix card has no application, so no photo: allowed roles get a 404.
    ("digital_id:holder_photo", card_code, officials(("ivan", "pia", "aud"), status=404)),
    ("digital_id:renewal_review", renewal_code, officials(("ivan", "aud"))),
]
