"""Identifiers the tax board issues or checks: the prepayment reference number (Estonian
7-3-1 check digit), VAT numbers (KMKR, "EE" + 9 digits), registry and personal codes."""

from __future__ import annotations

from stdnum.ee import ik, kmkr, registrikood

_WEIGHTS = (7, 3, 1)


def reference_check_digit(base: str) -> int:
    """Estonian payment reference check digit: weights 7, 3, 1 repeated from the rightmost
    digit of the base; the check digit brings the sum up to the next multiple of ten."""
    if not base.isdigit():
        raise ValueError("A reference number base is digits only.")
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return (10 - total % 10) % 10


def reference_number_valid(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and reference_check_digit(number[:-1]) == int(number[-1])


def prepayment_reference(registry_code: str) -> str:
    """The taxpayer's one prepayment reference number: "9", the registry code, the check digit."""
    base = "9" + registry_code
    return base + str(reference_check_digit(base))


_KMKR_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)


def vat_number_for(sequence: int) -> str:
    """The ``sequence``-th VAT number the board issues: "EE10" + six digits + check digit,
    where Σ dᵢ·(3,7,1,3,7,1,3,7,1) ≡ 0 (mod 10) (fact sheet §2.7)."""
    if not 0 < sequence < 1_000_000:
        raise ValueError("VAT number sequence out of range")
    body = f"10{sequence:06d}"
    total = sum(int(d) * w for d, w in zip(body, _KMKR_WEIGHTS, strict=True))
    number = f"EE{body}{(10 - total % 10) % 10}"
    kmkr.validate(number)
    return number


def registry_code_valid(code: str) -> bool:
    return registrikood.is_valid(code)


def personal_code_valid(code: str) -> bool:
    return ik.is_valid(code)
