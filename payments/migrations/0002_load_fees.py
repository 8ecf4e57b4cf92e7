"""Fee versions as they stood when this system was written (see
/work/shared/reference/estonia-facts.md §1.3 and §2.5). Later changes are new versions
added with ``manage.py fee_version add``, never edits of these rows."""

from datetime import date
from decimal import Decimal

from django.db import migrations

FEE_HISTORY_EN = "https://learn.e-resident.gov.ee/api/v2/help_center/en-gb/articles/11432057891473.json"
POSTIMEES_2016 = "https://majandus.postimees.ee/3456033/e-residendiks-saamine-laheb-kaks-korda-kallimaks"
PPA_APPLY = "https://www2.politsei.ee/en/teenused/isikut-toendavad-dokumendid/e-residendi-digi-id/"
PPA_PICKUP = "https://www.politsei.ee/en/instructions/e-resident-s-digital-id/pick-up"
CHANGES_2025 = "https://e-resident.gov.ee/blog/posts/changes-to-e-residency-in-2025-and-beyond"
ERES_NEWS_2025 = "https://e-residency.news/e-residency-news/e-residency-program-2025-changes-and-beyond"
LAUNCH = "https://www.grantthornton.ee/en/insights1/digital-e-residency-card/"
RIK_2022 = "https://abiinfo.rik.ee/index.php/en/uudised/state-fees-will-change-01012022"
FONDIA_2022 = "https://fondia.com/ee/et/ulevaated/2022-aastast-tousevad-mitmed-olulised-riigiloivud"

STATE_FEES_ACT = "State Fees Act (Riigilõivuseadus)"
EURO = (
    "Earlier history (before the euro, 01.01.2011) is not modelled; the start of this version is a lower bound, "
    "not a documented change date."
)

FEES = [
    # e-Residency state fee (facts §1.3)
    ("eresidency_state_fee", "", "50.00", date(2014, 12, 1), date(2016, 1, 31),
     f"{STATE_FEES_ACT}; programme launch 01.12.2014: {LAUNCH} ; {POSTIMEES_2016}", ""),
    ("eresidency_state_fee", "", "100.00", date(2016, 2, 1), date(2024, 12, 31),
     f"{STATE_FEES_ACT}: {POSTIMEES_2016} ; {PPA_APPLY} ; {PPA_PICKUP}",
     "From c.2020 pick-up at an embassy cost €120 (see the 'embassy' variant); €100 remained the fee for "
     "pick-up in Estonia."),
    ("eresidency_state_fee", "embassy", "120.00", date(2020, 1, 1), date(2024, 12, 31),
     f"{STATE_FEES_ACT}: {ERES_NEWS_2025} ; {PPA_PICKUP}",
     "UNCERTAIN START: the exact start date of the €120 embassy tier was not found (sources say 'c.2020'); "
     "01.01.2020 is an assumption. PPA described it as €100 plus a €20 additional fee."),
    ("eresidency_state_fee", "", "150.00", date(2025, 1, 1), None,
     f"{STATE_FEES_ACT}: {FEE_HISTORY_EN} ; {CHANGES_2025}",
     "Flat fee for new applications and renewals, wherever the card is picked up."),
    # Changing the pick-up location (facts §1.3, PPA page, pre-2025 fee structure)
    ("pickup_change_embassy_to_embassy", "", "80.00", date(2014, 12, 1), None, f"{STATE_FEES_ACT}: {PPA_PICKUP}",
     "Start date not documented (programme launch used); whether the amount changed in 2025 is unconfirmed."),
    ("pickup_change_embassy_to_office", "", "80.00", date(2014, 12, 1), None, f"{STATE_FEES_ACT}: {PPA_PICKUP}",
     "Start date not documented (programme launch used); whether the amount changed in 2025 is unconfirmed."),
    ("pickup_change_office_to_office", "", "10.00", date(2014, 12, 1), None, f"{STATE_FEES_ACT}: {PPA_PICKUP}",
     "Start date not documented (programme launch used); whether the amount changed in 2025 is unconfirmed."),
    ("pickup_change_office_to_embassy", "", "30.00", date(2014, 12, 1), None, f"{STATE_FEES_ACT}: {PPA_PICKUP}",
     "Start date not documented (programme launch used); whether the amount changed in 2025 is unconfirmed."),
    # Business Register (facts §2.5)
    ("company_registration_expedited", "", "190.00", date(2011, 1, 1), date(2021, 12, 31),
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}", EURO),
    ("company_registration_expedited", "", "265.00", date(2022, 1, 1), None,
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}",
     "Private limited company (OÜ), expedited procedure (kiirmenetlus)."),
    ("company_registration_regular", "", "145.00", date(2011, 1, 1), date(2021, 12, 31),
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}", EURO),
    ("company_registration_regular", "", "200.00", date(2022, 1, 1), None,
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}", "Private limited company (OÜ), regular procedure."),
    ("amendment_entry", "", "18.00", date(2011, 1, 1), date(2021, 12, 31),
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}", EURO),
    ("amendment_entry", "", "25.00", date(2022, 1, 1), None,
     f"{STATE_FEES_ACT}: {RIK_2022} ; {FONDIA_2022}", "Amendment entry for an OÜ or AS, e.g. changing the articles."),
]


def load(apps, schema_editor):
    Fee = apps.get_model("payments", "Fee")
    for code, variant, amount, valid_from, valid_to, reference, note in FEES:
        Fee.objects.update_or_create(
            code=code,
            variant=variant,
            valid_from=valid_from,
            defaults={
                "amount": Decimal(amount),
                "currency": "EUR",
                "valid_to": valid_to,
                "legal_reference": reference,
                "note": note,
            },
        )


def unload(apps, schema_editor):
    Fee = apps.get_model("payments", "Fee")
    for code, variant, _amount, valid_from, *_rest in FEES:
        Fee.objects.filter(code=code, variant=variant, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
