"""Reads of the tax board (rules, accounts, returns). Keyword-only, typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from tax import rules as rulebook
from tax.rules import NoRuleInForce, Parameter, PaymentType, RuleValue


def rule_value(name: str, *, on: date) -> RuleValue:
    """The value of tax parameter ``name`` in force on ``on`` (see ``tax.rules.value_of``)."""
    return rulebook.value_of(name, on)


def rules_digest() -> str:
    return rulebook.rules().digest


def rules_by_group() -> list[tuple[str, list[Parameter]]]:
    """Parameters grouped by the form they serve, in file order."""
    groups: dict[str, list[Parameter]] = {}
    for parameter in rulebook.rules().parameters.values():
        groups.setdefault(parameter.annex or "", []).append(parameter)
    return list(groups.items())


def payment_types() -> list[PaymentType]:
    return list(rulebook.rules().payment_types.values())


def vat_categories(*, on: date) -> list[dict[str, Any]]:
    out = []
    book = rulebook.rules()
    for category in book.vat_categories.values():
        value = None
        if category.rate:
            try:
                value = book.value_of(category.rate, on)
            except NoRuleInForce:
                value = None
        out.append({"code": category.code, "name": category.name, "rule": category.rate, "value": value})
    return out
