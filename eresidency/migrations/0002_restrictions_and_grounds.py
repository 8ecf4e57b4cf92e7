"""Dated reference data: citizenship restrictions (estonia-facts §1.1) and refusal grounds (§1.4)."""

from datetime import date

from django.db import migrations

GROUP_I = ["AF", "BF", "IR", "YE", "CD", "KP", "SS", "ML", "NG", "SY"]

RESTRICTIONS = [
    # Since March 2022 no new applications from Russian or Belarusian citizens.
    *[
        (country, "Russia and Belarus", date(2022, 3, 1), "Decision of the Police and Border Guard Board, March 2022")
        for country in ("RU", "BY")
    ],
    *[
        (
            country,
            "Group I",
            date(2025, 10, 1),
            "Identity Documents Act § 20⁶(11) and regulation of the Minister of the Interior",
        )
        for country in GROUP_I
    ],
]

GROUNDS = [
    ("public_order", "Threat to public order or national security", "Identity Documents Act", date(2014, 12, 1), 10),
    (
        "purpose",
        "The purpose of the application does not meet Identity Documents Act § 20⁵(2)",
        "Identity Documents Act § 20⁵(2)",
        date(2014, 12, 1),
        20,
    ),
    ("documents", "Missing or invalid documents or photo", "Identity Documents Act", date(2014, 12, 1), 30),
    (
        "no_reply",
        "No reply to a request for more information by the deadline",
        "Administrative Procedure Act; Identity Documents Act",
        date(2014, 12, 1),
        40,
    ),
    (
        "nationality",
        "Citizenship restriction",
        "Identity Documents Act § 20⁶(11)",
        date(2022, 3, 1),
        50,
    ),
]


def load(apps, schema_editor):
    Restriction = apps.get_model("eresidency", "NationalityRestriction")
    Ground = apps.get_model("eresidency", "RefusalGround")
    for country, group, valid_from, law in RESTRICTIONS:
        Restriction.objects.update_or_create(
            country=country,
            valid_from=valid_from,
            defaults={"group": group, "legal_reference": law, "exceptions_allowed": True},
        )
    for code, title, law, valid_from, position in GROUNDS:
        Ground.objects.update_or_create(
            code=code,
            defaults={"title": title, "legal_reference": law, "valid_from": valid_from, "position": position},
        )


def unload(apps, schema_editor):
    apps.get_model("eresidency", "NationalityRestriction").objects.filter(
        country__in=[r[0] for r in RESTRICTIONS]
    ).delete()
    apps.get_model("eresidency", "RefusalGround").objects.filter(code__in=[g[0] for g in GROUNDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("eresidency", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
