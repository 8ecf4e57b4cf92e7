"""Sanctions screening: load time, per-applicant latency against a naive scan, and quality.

Rows (all measured in the same run, on the OFAC SDN snapshot in the benchmark database):

- loading the full file (parse + store in one transaction, rolled back) against parsing alone;
- screening one applicant with ``screen_person`` (index already built; includes the
  version check query and building the hits) against the naive baseline: the same scorer
  run against every listed individual's name, no blocking. Goal: median ≤ 20 ms and at
  least 10× faster. The blocked and naive searches must return the same hits;
- recall and false-positive rate from ``bench.eval_screening`` (smaller sample than the
  standalone script, same seed).
"""

from __future__ import annotations

import random
import statistics
import time

from django.db import transaction

from bench import eval_screening
from bench.report import Report

QUERIES = 120
EVAL_POSITIVES = 1000
EVAL_NEGATIVES = 3000


class _Rollback(Exception):
    pass


def _median_ms(func, items) -> float:
    samples = []
    for item in items:
        started = time.perf_counter()
        func(item)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _measure_load() -> tuple[float, float]:
    from screening.loaders import get_loader
    from screening.services import list_version_load

    data = eval_screening.SNAPSHOT.read_bytes()
    started = time.perf_counter()
    list(get_loader("ofac-sdn").parse(data))
    parse_seconds = time.perf_counter() - started
    load_seconds = 0.0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            list_version_load(name="OFAC SDN bench load", fmt="ofac-sdn", data=data, actor="bench")
            load_seconds = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return load_seconds, parse_seconds


def run(report: Report) -> None:
    from screening.index import get_index
    from screening.normalise import normalise_person
    from screening.services import screen_person

    eval_screening.ensure_snapshot_loaded()
    load_seconds, parse_seconds = _measure_load()
    report.add(
        benchmark="screening: load OFAC SDN (14,965 entries)",
        subject="parse + store (one transaction)",
        subject_value=load_seconds,
        baseline="parse only",
        baseline_value=parse_seconds,
        unit="s",
        goal="reasonable (< 30 s)",
    )

    started = time.perf_counter()
    index = get_index()
    report.note(
        f"screening index: {index.name_count} names of {len(index.entries)} entries, "
        f"built in {index.build_seconds:.2f} s (first call {time.perf_counter() - started:.2f} s)"
    )

    rng = random.Random(eval_screening.SEED)
    cases = eval_screening.positive_cases(index, rng, QUERIES // 2) + eval_screening.negative_cases(
        rng, QUERIES - QUERIES // 2
    )
    queries = [(normalise_person(c.given, c.surname), c) for c in cases]

    def indexed(case: eval_screening.Case) -> object:
        return screen_person(
            given_names=case.given, surname=case.surname, date_of_birth=case.dob, nationality=case.nationality
        )

    def naive(item: tuple) -> object:
        query, case = item
        return index.naive_search(query, date_of_birth=case.dob, nationality=case.nationality)

    for case in cases[:5]:  # warm caches of the normaliser
        indexed(case)
    indexed_ms = _median_ms(indexed, cases)
    naive_ms = _median_ms(naive, queries)
    report.add(
        benchmark="screening: one applicant vs full SDN",
        subject="screen_person (index)",
        subject_value=indexed_ms,
        baseline="same scorer, every name",
        baseline_value=naive_ms,
        unit="ms",
        goal="≤ 20 ms, ≥ 10× faster",
    )
    agree = sum(
        [m.entry.uid for m in index.search(q, date_of_birth=c.dob, nationality=c.nationality)]
        == [m.entry.uid for m in index.naive_search(q, date_of_birth=c.dob, nationality=c.nationality)]
        for q, c in queries
    )
    report.note(
        f"screening: median {indexed_ms:.1f} ms indexed vs {naive_ms:.1f} ms naive "
        f"({naive_ms / indexed_ms:.0f}× faster) over {len(cases)} applicants; "
        f"identical hits in {agree}/{len(queries)} of them"
    )

    result = eval_screening.evaluate(positives=EVAL_POSITIVES, negatives=EVAL_NEGATIVES)
    report.add(
        benchmark="screening quality: recall",
        subject=f"perturbed listed names (n={result.positives})",
        subject_value=100 * result.recall,
        baseline="goal",
        baseline_value=100 * eval_screening.RECALL_GOAL,
        unit="%",
        goal="≥ 95 %",
        lower_is_better=False,
    )
    report.add(
        benchmark="screening quality: false positives",
        subject=f"ordinary names (n={result.negatives})",
        subject_value=100 * result.false_positive_rate,
        baseline="goal",
        baseline_value=100 * eval_screening.FALSE_POSITIVE_GOAL,
        unit="%",
        goal="≤ 1 %",
    )
    for line in result.lines()[:3]:
        report.note(f"screening eval: {line}")
