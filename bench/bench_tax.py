"""The tax calculator: returns per second through ``tax.calculator.calculate`` (schema check,
meaning checks, rule look-ups by date, rounding, the response dict) against the bare
arithmetic of the same figures with the rates written in (same run, same Decimal maths).

The mix: two of every three returns are TSDs (two annex 1 payments, one dividend), one a
KMD (three supplies on both sides of 2025-07-01 would span periods, so one period's rates).
``BENCH_TAX_RETURNS`` sets how many (default 100,000).
"""

from __future__ import annotations

import os
import random
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bench.report import Report

RETURNS = int(os.environ.get("BENCH_TAX_RETURNS", "100000"))
CODES = ["36805280109", "49403136526", "38001085718", "60001019906"]


def _requests(n: int) -> list[dict]:
    rng = random.Random(12)
    out = []
    for i in range(n):
        month = rng.randint(1, 12)
        year = rng.choice((2025, 2026))
        period = f"{year}-{month:02d}"
        if i % 3 < 2:
            out.append(
                {
                    "kind": "TSD",
                    "period": period,
                    "annex1": [
                        {
                            "personal_code": rng.choice(CODES),
                            "payment_type": "10",
                            "gross": f"{rng.randint(500, 5000)}.{rng.randint(0, 99):02d}",
                            "pension_rate": rng.choice(("0", "2", "4")),
                            "basic_exemption": rng.random() < 0.7,
                        },
                        {
                            "personal_code": rng.choice(CODES),
                            "payment_type": "24",
                            "gross": f"{rng.randint(100, 2000)}.00",
                            "pension_rate": "2",
                        },
                    ],
                    "annex7": [
                        {"recipient": "Holder", "net": f"{rng.randint(100, 90000)}.00", "paid_on": f"{period}-15"}
                    ],
                }
            )
        else:
            out.append(
                {
                    "kind": "KMD",
                    "period": period,
                    "supplies": [
                        {
                            "category": "standard",
                            "taxable_value": f"{rng.randint(1, 9000)}.50",
                            "supplied_on": f"{period}-03",
                        },
                        {
                            "category": "accommodation",
                            "taxable_value": f"{rng.randint(1, 900)}.00",
                            "supplied_on": f"{period}-09",
                        },
                        {
                            "category": "intra_eu",
                            "taxable_value": f"{rng.randint(1, 9000)}.00",
                            "supplied_on": f"{period}-11",
                        },
                    ],
                    "input_vat": f"{rng.randint(0, 500)}.00",
                }
            )
    return out


_C = Decimal("0.01")


def _r(x: Decimal) -> Decimal:
    return x.quantize(_C, rounding=ROUND_HALF_UP)


def _bare(request: dict) -> Decimal:
    """The same figures with literal 2025/2026 rates: no checks, no look-ups, no output."""
    year = int(request["period"][:4])
    if request["kind"] == "KMD":
        std = Decimal("0.24") if request["period"] >= "2025-07" else Decimal("0.22")
        vat = Decimal(0)
        for s in request["supplies"]:
            rate = {"standard": std, "accommodation": Decimal("0.13"), "intra_eu": Decimal(0)}[s["category"]]
            vat += _r(Decimal(s["taxable_value"]) * rate)
        return vat - Decimal(request["input_vat"])
    total = Decimal(0)
    for line in request["annex1"]:
        gross = Decimal(line["gross"])
        ui = _r(gross * Decimal("0.016")) if line["payment_type"] == "10" else Decimal(0)
        pension = _r(gross * Decimal(line["pension_rate"]) / 100)
        exemption = Decimal(0)
        if line.get("basic_exemption"):
            if year == 2026:
                exemption = Decimal(700)
            elif gross <= 1200:
                exemption = Decimal(654)
            elif gross < 2100:
                exemption = _r(Decimal(654) - Decimal(654) / 900 * (gross - 1200))
            exemption = min(exemption, gross - ui - pension)
        total += _r(max(Decimal(0), gross - ui - pension - exemption) * Decimal("0.22"))
        social = _r(gross * Decimal("0.33"))
        minimum = Decimal(886 if year == 2026 else 820)
        if line["payment_type"] == "10" and gross < minimum:
            social = _r(minimum * Decimal("0.33"))
        total += social + ui + pension
        total += _r(gross * Decimal("0.008")) if line["payment_type"] == "10" else 0
    for line in request["annex7"]:
        total += _r(Decimal(line["net"]) * 22 / 78)
    return total


def run(report: Report) -> None:
    from tax.calculator import calculate

    requests = _requests(RETURNS)
    today = date(2026, 12, 31)

    for r in requests[:50]:  # warm: the holiday calendars and compiled schema load once per process
        calculate(r, today=today)
    started = time.perf_counter()
    results = [calculate(r, today=today) for r in requests]
    subject = time.perf_counter() - started

    started = time.perf_counter()
    bare = [_bare(r) for r in requests]
    baseline = time.perf_counter() - started

    # Both paths must agree on the money before the speed means anything.
    for request, result, expected in zip(requests[:2000], results, bare, strict=False):
        got = Decimal(result["totals"]["vat_payable" if request["kind"] == "KMD" else "total_to_pay"])
        assert got == expected, (request, result["totals"], expected)

    report.add(
        benchmark=f"tax: {RETURNS:,} returns (TSD and KMD)",
        subject="calculate() returns/s",
        subject_value=RETURNS / subject,
        baseline="bare arithmetic returns/s",
        baseline_value=RETURNS / baseline,
        unit="ret/s",
        goal="≥ 1,000 returns/s on a quiet core; ratio ≈ 0.03× (checks + explanation)",
        lower_is_better=False,
    )
