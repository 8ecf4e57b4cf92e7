"""The EMTAK list and the protected names, shipped as data; the trigram index on PostgreSQL."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    ActivityCode = apps.get_model("companies", "ActivityCode")
    ProtectedName = apps.get_model("companies", "ProtectedName")
    with open(DATA / "emtak.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ActivityCode.objects.update_or_create(
                code=row["code"], defaults={"title_et": row["title_et"], "title_en": row["title_en"]}
            )
    with open(DATA / "protected_names.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ProtectedName.objects.update_or_create(
                word=row["word"], defaults={"kind": row["kind"], "legal_reference": row["legal_reference"]}
            )


TRIGRAM_INDEXES = [
    ("companies_company", "cmp_company_name_trgm"),
    ("companies_namereservation", "cmp_reservation_name_trgm"),
    ("companies_foundingapplication", "cmp_founding_name_trgm"),
]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the indexed spelling/sound keys and the prefix range (companies.search)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, index in TRIGRAM_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (name_key gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
