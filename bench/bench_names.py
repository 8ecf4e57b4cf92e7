"""The name check over a large register against a naive full scan, in the same run.

Loads BENCH_NAMES_COUNT names (default 1,000,000 on PostgreSQL, 100,000 on SQLite) through
`generate_register_names` + `import_register` once, then times `check_name` (indexed keys
and pg_trgm on PostgreSQL; the indexed prefix fallback on SQLite) against a full scan that
compares every name's key with the same trigram similarity. Goal: ≤ 50 ms p50 at 1,000,000
names on PostgreSQL.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

QUERIES = ["Fotoluks OÜ", "Kalamaja Mets OÜ", "Sanora Digital OÜ", "Päikesekodu OÜ", "Rilonu OÜ", "Teravõ Grupp OÜ"]


def _p50(func, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(report) -> None:
    from django.core.management import call_command
    from django.db import connection

    from companies import names
    from companies.models import Company
    from companies.search import check_name

    postgres = connection.vendor == "postgresql"
    count = int(os.environ.get("BENCH_NAMES_COUNT", 1_000_000 if postgres else 100_000))
    if Company.objects.count() < count:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "names.jsonl"
            call_command("generate_register_names", "--count", str(count), "--out", str(path), verbosity=0)
            call_command("import_register", str(path), verbosity=0)
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE companies_company")
    total = Company.objects.count()

    def indexed():
        for q in QUERIES:
            check_name(q)

    def naive():
        # Every name's key compared in Python: what the check would cost without indexes.
        keys = [names.name_key(q) for q in QUERIES]
        for key in keys:
            for other in Company.objects.values_list("name_key", flat=True).iterator(chunk_size=20_000):
                if other == key or names.similarity(key, other) >= 0.5:
                    pass

    indexed()  # warm-up
    subject = _p50(indexed, 15) / len(QUERIES)
    baseline = _p50(naive, 1) / len(QUERIES)
    report.add(
        benchmark="name check",
        subject=f"check_name, {total:,} names ({connection.vendor})",
        subject_value=subject,
        baseline="full scan, same similarity",
        baseline_value=baseline,
        unit="ms/name",
        goal="≤ 50 ms p50 at 1,000,000 on PostgreSQL",
    )
