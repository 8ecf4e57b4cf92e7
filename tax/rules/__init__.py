"""Tax rules as dated data.

Every rate, threshold and due day lives in the YAML files of ``tax/rules/data/``, each
parameter with a description, a unit and its values by start date, each value with its
legal reference, source and status (the fact sheet's [U] values are ``uncertain`` with a
note). The files are checked against ``rules.schema.json`` and then for meaning (dates in
order, values that parse for their unit) when the app starts; a wrong file stops the
start with ``RulesFileError`` naming the file and the place.

One selector answers "value of X on date D": :func:`value_of`.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = Path(__file__).resolve().parent / "rules.schema.json"


class RulesFileError(ImproperlyConfigured):
    """A rules file is malformed; the message names the file and the place."""


class NoRuleInForce(LookupError):
    """The parameter has no value in force on the date asked (before its first value, or
    its value there is ``null``: the rule did not exist or was abolished)."""

    def __init__(self, name: str, on: date):
        super().__init__(f"No value of {name} is in force on {on.isoformat()}.")
        self.name = name
        self.on = on


@dataclass(frozen=True)
class RuleValue:
    parameter: str
    unit: str
    start: date
    end: date | None  # last day in force, or None while in force
    raw: Any  # the text in the file ("22", "22/78", ["0", "2"], or None)
    reference: str
    url: str
    status: str
    note: str = ""
    number: Decimal | None = None  # percent/eur/day as a Decimal
    ratio: tuple[Decimal, Decimal] | None = None  # fraction numerator/denominator
    choices: tuple[Decimal, ...] = ()

    @property
    def factor(self) -> Decimal:
        """A percent as a multiplier (22 → 0.22)."""
        assert self.unit == "percent" and self.number is not None
        return self.number / 100

    @property
    def display(self) -> str:
        if self.raw is None:
            return "—"
        if self.unit == "percent":
            return f"{self.raw} %"
        if self.unit == "percent_list":
            return ", ".join(f"{v} %" for v in self.raw)
        if self.unit == "eur":
            return f"€{self.raw}"
        return str(self.raw)

    @property
    def text(self) -> str:
        """The value as the calculator reports it (no unit)."""
        if isinstance(self.raw, list):
            return ",".join(self.raw)
        return "" if self.raw is None else str(self.raw)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._as_dict)

    @cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.parameter,
            "value": self.text,
            "unit": self.unit,
            "valid_from": self.start.isoformat(),
            "valid_to": self.end.isoformat() if self.end else None,
            "reference": self.reference,
            "url": self.url,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    annex: str
    source: str
    values: tuple[RuleValue, ...]
    _starts: tuple[date, ...] = field(repr=False, default=())

    def on(self, day: date) -> RuleValue:
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0 or self.values[i].raw is None:
            raise NoRuleInForce(self.name, day)
        return self.values[i]


@dataclass(frozen=True)
class PaymentType:
    code: str
    name: str
    annexes: tuple[str, ...]
    unemployment_insurance: bool
    funded_pension: bool
    social_tax: bool
    minimum_base: bool
    reference: str
    url: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class VatCategory:
    code: str
    name: str
    rate: str | None  # the parameter holding its rate; None for exempt supplies


@dataclass(frozen=True)
class RuleBook:
    parameters: dict[str, Parameter]
    payment_types: dict[str, PaymentType]
    vat_categories: dict[str, VatCategory]
    digest: str  # SHA-256 over the files, so a snapshot can name the rule set it used

    def value_of(self, name: str, on: date) -> RuleValue:
        try:
            parameter = self.parameters[name]
        except KeyError:
            raise LookupError(f"Unknown tax parameter {name!r}.") from None
        return parameter.on(on)


# --- Loading --------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text (the schema checks them) and refuses a key given
    twice (plain YAML silently keeps the last one, which would hide a wrong edit)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise RulesFileError(f"key {key!r} appears twice (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def _schema_validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _fail(source: str, where: str, message: str) -> RulesFileError:
    return RulesFileError(f"Tax rules file {source}: {where}: {message}")


def _parse_value(source: str, where: str, unit: str, raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if unit == "percent_list":
        if not isinstance(raw, list):
            raise _fail(source, where, "a percent_list value must be a list")
        return {"choices": tuple(Decimal(v) for v in raw)}
    if isinstance(raw, list):
        raise _fail(source, where, f"a {unit} value must not be a list")
    if unit == "fraction":
        if "/" not in raw:
            raise _fail(source, where, f"a fraction is written as numerator/denominator, not {raw!r}")
        numerator, denominator = (Decimal(p) for p in raw.split("/"))
        if denominator == 0 or numerator >= denominator:
            raise _fail(source, where, f"{raw!r} is not a fraction below one")
        return {"ratio": (numerator, denominator)}
    if "/" in raw:
        raise _fail(source, where, f"a {unit} value is a number, not {raw!r}")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise _fail(source, where, f"{raw!r} is not a number") from None
    if unit == "percent" and not (0 <= number <= 100):
        raise _fail(source, where, f"{raw} % is not between 0 and 100")
    if unit == "eur" and number.as_tuple().exponent < -2:
        raise _fail(source, where, f"{raw} has more than two decimals (cents)")
    if unit in ("day_of_month", "working_days"):
        if number != number.to_integral_value():
            raise _fail(source, where, f"{raw} is not a whole number of days")
        if unit == "day_of_month" and not (1 <= number <= 28):
            raise _fail(source, where, f"day {raw} is not a day every month has (1–28)")
    return {"number": number}


def _load_file(path: Path, validator, book: dict[str, dict]) -> None:
    source = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 - a SafeLoader
    except RulesFileError as exc:
        raise _fail(source, "YAML", str(exc)) from None
    except yaml.YAMLError as exc:
        raise _fail(source, "YAML", str(exc)) from None
    if not isinstance(data, dict):
        raise _fail(source, "top level", "the file must be a mapping")
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "top level"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise _fail(source, where, first.message + more)

    for name, spec in (data.get("parameters") or {}).items():
        if name in book["parameters"]:
            raise _fail(source, name, f"parameter also defined in {book['parameters'][name].source}")
        starts = [date.fromisoformat(v["from"]) for v in spec["values"]]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise _fail(source, name, "values must be in order of their start dates, each date once")
        values = []
        for i, (start, entry) in enumerate(zip(starts, spec["values"], strict=True)):
            end = None
            if i + 1 < len(starts):
                end = date.fromordinal(starts[i + 1].toordinal() - 1)
            parsed = _parse_value(source, f"{name}/values/{i}", spec["unit"], entry["value"])
            values.append(
                RuleValue(
                    parameter=name,
                    unit=spec["unit"],
                    start=start,
                    end=end,
                    raw=entry["value"],
                    reference=entry["reference"],
                    url=entry["url"],
                    status=entry["status"],
                    note=entry.get("note", ""),
                    **parsed,
                )
            )
        book["parameters"][name] = Parameter(
            name=name,
            description=spec["description"],
            unit=spec["unit"],
            annex=spec.get("annex", ""),
            source=source,
            values=tuple(values),
            _starts=tuple(starts),
        )
    for code, spec in (data.get("payment_types") or {}).items():
        if code in book["payment_types"]:
            raise _fail(source, f"payment_types/{code}", "payment type defined twice")
        book["payment_types"][code] = PaymentType(code=code, **{**spec, "annexes": tuple(spec["annexes"])})
    for code, spec in (data.get("vat_categories") or {}).items():
        if code in book["vat_categories"]:
            raise _fail(source, f"vat_categories/{code}", "category defined twice")
        book["vat_categories"][code] = VatCategory(code=code, **spec)


def load_rules(directory: Path | None = None) -> RuleBook:
    """Read and check every ``*.yaml`` file of the directory; raise ``RulesFileError``."""
    directory = directory or DATA_DIR
    validator = _schema_validator()
    book: dict[str, dict] = {"parameters": {}, "payment_types": {}, "vat_categories": {}}
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise RulesFileError(f"No tax rules files (*.yaml) in {directory}.")
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _load_file(path, validator, book)
    for code, category in book["vat_categories"].items():
        if category.rate is not None and category.rate not in book["parameters"]:
            raise RulesFileError(f"Tax rules: VAT category {code} names unknown parameter {category.rate!r}.")
    missing = sorted(REQUIRED_PARAMETERS - set(book["parameters"]))
    if missing:
        raise RulesFileError(f"Tax rules: required parameters missing: {', '.join(missing)}.")
    return RuleBook(digest=digest.hexdigest(), **book)


# The calculator reads these; a rules directory without any of them is refused at start-up.
REQUIRED_PARAMETERS = frozenset(
    {
        "cit_distribution_rate",
        "income_tax_rate",
        "basic_exemption_monthly",
        "basic_exemption_reduction_from_monthly",
        "basic_exemption_reduction_to_monthly",
        "basic_exemption_pensioner_monthly",
        "social_tax_rate",
        "social_tax_minimum_base_monthly",
        "unemployment_insurance_employee_rate",
        "unemployment_insurance_employer_rate",
        "funded_pension_rates",
        "vat_standard_rate",
        "vat_registration_threshold",
        "vat_registration_deadline_working_days",
        "kmd_inf_threshold",
        "tsd_due_day",
        "kmd_due_day",
        "late_interest_daily_rate",
        "late_interest_rounding",
        "late_interest_floor",
        "no_arrears_limit",
    }
)

_BOOK: RuleBook | None = None


def rules() -> RuleBook:
    """The rule book loaded at start-up (loaded now if the app registry did not)."""
    global _BOOK
    if _BOOK is None:
        _BOOK = load_rules()
    return _BOOK


def install(book: RuleBook) -> None:
    global _BOOK
    _BOOK = book


def value_of(name: str, on: date) -> RuleValue:
    """The value of tax parameter ``name`` in force on ``on`` (a Tallinn date).

    Raises ``NoRuleInForce`` if none is, ``LookupError`` for an unknown name."""
    return rules().value_of(name, on)
