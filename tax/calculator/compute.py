"""Computing TSD (annexes 1, 2, 7) and KMD (with KMD INF) from their lines.

Rules are looked up by the date a line applies to: payroll (annexes 1 and 2) by the first
day of the payment month, a distribution (annex 7) by its payment date, a supply by its
supply date, due days by the month after the period. No rate is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ee import ik, registrikood

from tax.calculator.dates import due_date, period_bounds
from tax.calculator.money import ZERO, money_text, round_money
from tax.calculator.schema import REQUEST_SCHEMA
from tax.rules import NoRuleInForce, RuleBook, RuleValue, rules

TOTAL_KEYS = (
    "income_tax",
    "social_tax",
    "unemployment_employee",
    "unemployment_employer",
    "funded_pension",
    "cit",
    "output_vat",
    "input_vat",
    "vat_payable",
    "vat_refundable",
    "total_to_pay",
)


class CalcInputError(ValueError):
    """The request cannot be computed; ``errors`` is a list of {"field", "message"}."""

    def __init__(self, errors: list[dict[str, str]]):
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


# --- Checking the request against the schema -------------------------------------------------

_VALIDATOR = None
_FAST_CHECK = None


def _validator():
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator

        Draft202012Validator.check_schema(REQUEST_SCHEMA)
        _VALIDATOR = Draft202012Validator(REQUEST_SCHEMA)
    return _VALIDATOR


def _fast_check():
    """The same schema compiled to Python by fastjsonschema (it uses only keywords that
    draft-07 and 2020-12 share). It stops at the first error, so it serves as the quick
    yes; a request it refuses goes through jsonschema to name every bad field."""
    global _FAST_CHECK
    if _FAST_CHECK is None:
        import fastjsonschema

        schema = {k: v for k, v in REQUEST_SCHEMA.items() if k != "$schema"}
        _FAST_CHECK = fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})
    return _FAST_CHECK


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_error(error) -> dict[str, str]:
    path = list(error.absolute_path)
    message = error.schema.get("x-error") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        path.append(missing[0] if missing else "")
        message = _("This field is required.")
    elif error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        path.append(extra[0] if extra else "")
        message = _("This field is not part of the format.")
    elif error.validator == "anyOf" and message:
        pass
    elif error.validator == "type":
        message = message or _("Expected %(type)s.") % {"type": error.validator_value}
    elif error.validator == "maxItems":
        message = _("Too many lines (at most %(n)s).") % {"n": error.validator_value}
    elif error.validator == "enum":
        message = message or _("Choose one of: %(values)s.") % {"values": ", ".join(map(str, error.validator_value))}
    if not message:
        parent = error.parent
        message = (parent.schema.get("x-error") if parent is not None else None) or error.message
    return {"field": _path(path), "message": str(message)}


def validate_request(data: Any) -> list[dict[str, str]]:
    """Schema errors of a request, each naming its field (empty when it fits)."""
    if not isinstance(data, dict):
        return [{"field": "", "message": _("The request must be a JSON object.")}]
    import fastjsonschema

    try:
        _fast_check()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = [_schema_error(e) for e in _validator().iter_errors(data)]
    # One message per field, in the order of the request.
    seen: set[str] = set()
    unique = []
    for e in errors:
        if e["field"] not in seen:
            seen.add(e["field"])
            unique.append(e)
    return unique


# --- The computation -------------------------------------------------------------------------


@dataclass
class _Context:
    book: RuleBook
    errors: list[dict[str, str]]
    used: dict[tuple[str, date], RuleValue]

    def rule(self, name: str, on: date, field: str) -> RuleValue | None:
        try:
            value = self.book.value_of(name, on)
        except NoRuleInForce:
            self.errors.append(
                {
                    "field": field,
                    "message": _("No rule %(rule)s is in force on %(date)s; this date cannot be computed.")
                    % {"rule": name, "date": on.isoformat()},
                }
            )
            return None
        self.used[(name, value.start)] = value
        return value

    def optional_rule(self, name: str, on: date) -> RuleValue | None:
        try:
            value = self.book.value_of(name, on)
        except NoRuleInForce:
            return None
        self.used[(name, value.start)] = value
        return value

    def error(self, field: str, message: str) -> None:
        self.errors.append({"field": field, "message": message})


def _figure(name: str, amount: Decimal, rule: RuleValue | None = None, base: Decimal | None = None, **extra) -> dict:
    out: dict[str, Any] = {"figure": name, "amount": money_text(amount)}
    if base is not None:
        out["base"] = money_text(base)
    if rule is not None:
        out["rule"] = rule.parameter
        out["value"] = rule.text
        out["valid_from"] = rule.start.isoformat()
        out["reference"] = rule.reference
    out.update(extra)
    return out


def _amount(ctx: _Context, text: str, field: str, *, negative_message: str | None = None) -> Decimal:
    value = Decimal(text)
    if value < 0:
        ctx.error(field, negative_message or _("The amount cannot be negative."))
        return ZERO
    return value


def _percent(value: Any) -> Decimal:
    return Decimal(str(value))


def _payment_type(ctx: _Context, code: str, annex: str, field: str):
    pt = ctx.book.payment_types.get(code)
    if pt is None:
        known = ", ".join(sorted(ctx.book.payment_types))
        ctx.error(
            field, _("Unknown payment-type code %(code)s. Known codes: %(known)s.") % {"code": code, "known": known}
        )
        return None
    if annex not in pt.annexes:
        ctx.error(
            field, _("Payment type %(code)s is not declared on annex %(annex)s.") % {"code": code, "annex": annex}
        )
        return None
    return pt


def _exemption(ctx: _Context, line: dict, gross: Decimal, on: date, limit: Decimal, field: str):
    """The basic exemption for the month (Income Tax Act § 23): the monthly maximum, for
    2025 reduced linearly between the reduction bounds; never more than the taxable base."""
    if not line.get("basic_exemption"):
        return ZERO, []
    if line.get("pensioner"):
        maximum = ctx.rule("basic_exemption_pensioner_monthly", on, field)
        if maximum is None:
            return ZERO, []
        amount, used = maximum.number, [maximum]
    else:
        maximum = ctx.rule("basic_exemption_monthly", on, field)
        if maximum is None:
            return ZERO, []
        amount, used = maximum.number, [maximum]
        low = ctx.optional_rule("basic_exemption_reduction_from_monthly", on)
        high = ctx.optional_rule("basic_exemption_reduction_to_monthly", on)
        if low is not None and high is not None:
            used += [low, high]
            if gross >= high.number:
                amount = ZERO
            elif gross > low.number:
                amount = round_money(amount - amount / (high.number - low.number) * (gross - low.number))
    return max(ZERO, min(amount, limit)), used


def _annex1(ctx: _Context, lines: list[dict], on: date) -> list[dict]:
    pit = ctx.rule("income_tax_rate", on, "annex1")
    social = ctx.rule("social_tax_rate", on, "annex1")
    ui_employee = ctx.rule("unemployment_insurance_employee_rate", on, "annex1")
    ui_employer = ctx.rule("unemployment_insurance_employer_rate", on, "annex1")
    pension_rates = ctx.rule("funded_pension_rates", on, "annex1")
    if None in (pit, social, ui_employee, ui_employer, pension_rates):
        return []
    out = []
    minimum_people: dict[str, list[dict]] = {}
    for i, line in enumerate(lines):
        field = f"annex1[{i}]"
        code = line["personal_code"]
        if not ik.is_valid(code):
            ctx.error(
                f"{field}.personal_code",
                _("%(code)s is not a valid Estonian personal identification code.") % {"code": code},
            )
        pt = _payment_type(ctx, line["payment_type"], "1", f"{field}.payment_type")
        gross = _amount(ctx, line["gross"], f"{field}.gross", negative_message=_("A payment cannot be negative."))
        rate = _percent(line.get("pension_rate", "0"))
        if rate not in pension_rates.choices:
            ctx.error(
                f"{field}.pension_rate",
                _("A funded pension rate of %(rate)s %% is not possible on %(date)s; choose %(choices)s.")
                % {"rate": rate, "date": on.isoformat(), "choices": pension_rates.display},
            )
        if pt is None:
            continue
        ui_e = round_money(gross * ui_employee.factor) if pt.unemployment_insurance else ZERO
        pension = round_money(gross * rate / 100) if pt.funded_pension else ZERO
        exemption, exemption_rules = _exemption(ctx, line, gross, on, gross - ui_e - pension, field)
        taxable = max(ZERO, gross - ui_e - pension - exemption)
        income_tax = round_money(taxable * pit.factor)
        social_tax = round_money(gross * social.factor) if pt.social_tax else ZERO
        ui_r = round_money(gross * ui_employer.factor) if pt.unemployment_insurance else ZERO
        figures = [
            _figure("unemployment_employee", ui_e, ui_employee if pt.unemployment_insurance else None, gross),
            _figure("funded_pension", pension, pension_rates if pt.funded_pension else None, gross, rate=str(rate)),
            _figure(
                "basic_exemption",
                exemption,
                exemption_rules[0] if exemption_rules else None,
                also=[r.parameter for r in exemption_rules[1:]],
            ),
            _figure("income_tax", income_tax, pit, taxable),
            _figure("social_tax", social_tax, social if pt.social_tax else None, gross),
            _figure("unemployment_employer", ui_r, ui_employer if pt.unemployment_insurance else None, gross),
        ]
        if not pt.unemployment_insurance:
            figures[0]["why"] = figures[-1]["why"] = _("Payment type %(code)s bears no unemployment insurance.") % {
                "code": pt.code
            }
        record = {
            "annex": "1",
            "index": i,
            "personal_code": code,
            "name": line.get("name", ""),
            "payment_type": pt.code,
            "gross": money_text(gross),
            "amounts": {
                "gross": gross,
                "unemployment_employee": ui_e,
                "funded_pension": pension,
                "basic_exemption": exemption,
                "taxable": taxable,
                "income_tax": income_tax,
                "social_tax": social_tax,
                "unemployment_employer": ui_r,
            },
            "figures": figures,
        }
        out.append(record)
        if pt.minimum_base and line.get("minimum_base", True):
            minimum_people.setdefault(code, []).append(record)
    if minimum_people:
        _social_tax_minimum(ctx, minimum_people, social, on)
    return out


def _social_tax_minimum(ctx: _Context, people: dict[str, list[dict]], social: RuleValue, on: date) -> None:
    """Social Tax Act § 2¹: for an employee the employer pays social tax on at least the
    monthly minimum base; the difference is added to the person's last line."""
    minimum = ctx.rule("social_tax_minimum_base_monthly", on, "annex1")
    if minimum is None:
        return
    for records in people.values():
        base = sum((r["amounts"]["gross"] for r in records), ZERO)
        if base >= minimum.number:
            continue
        paid = sum((r["amounts"]["social_tax"] for r in records), ZERO)
        top_up = round_money(minimum.number * social.factor) - paid
        if top_up <= 0:
            continue
        last = records[-1]
        last["amounts"]["social_tax"] += top_up
        last["amounts"]["social_tax_minimum"] = top_up
        last["figures"].append(_figure("social_tax_minimum", top_up, minimum, minimum.number - base))


def _annex2(ctx: _Context, lines: list[dict], on: date) -> list[dict]:
    if not lines:
        return []
    pit = ctx.rule("income_tax_rate", on, "annex2")
    social = ctx.rule("social_tax_rate", on, "annex2")
    ui_employee = ctx.rule("unemployment_insurance_employee_rate", on, "annex2")
    ui_employer = ctx.rule("unemployment_insurance_employer_rate", on, "annex2")
    if None in (pit, social, ui_employee, ui_employer):
        return []
    out = []
    for i, line in enumerate(lines):
        field = f"annex2[{i}]"
        pt = _payment_type(ctx, line["payment_type"], "2", f"{field}.payment_type")
        gross = _amount(ctx, line["gross"], f"{field}.gross", negative_message=_("A payment cannot be negative."))
        if pt is None:
            continue
        ui_e = round_money(gross * ui_employee.factor) if pt.unemployment_insurance else ZERO
        income_tax = round_money((gross - ui_e) * pit.factor)
        social_due = pt.social_tax and line.get("social_tax", True)
        social_tax = round_money(gross * social.factor) if social_due else ZERO
        ui_r = round_money(gross * ui_employer.factor) if pt.unemployment_insurance else ZERO
        out.append(
            {
                "annex": "2",
                "index": i,
                "recipient": line["recipient"],
                "country": line["country"],
                "payment_type": pt.code,
                "gross": money_text(gross),
                "amounts": {
                    "gross": gross,
                    "unemployment_employee": ui_e,
                    "funded_pension": ZERO,
                    "taxable": gross - ui_e,
                    "income_tax": income_tax,
                    "social_tax": social_tax,
                    "unemployment_employer": ui_r,
                },
                "figures": [
                    _figure("unemployment_employee", ui_e, ui_employee if pt.unemployment_insurance else None, gross),
                    _figure("income_tax", income_tax, pit, gross - ui_e),
                    _figure("social_tax", social_tax, social if social_due else None, gross),
                    _figure("unemployment_employer", ui_r, ui_employer if pt.unemployment_insurance else None, gross),
                ],
            }
        )
    return out


def _recipient_code_ok(code: str, country: str) -> bool:
    if country not in ("", "EE"):
        return True
    if len(code) == 11 and code.isdigit():
        return ik.is_valid(code)
    if len(code) == 8 and code.isdigit():
        return registrikood.is_valid(code)
    return country == ""  # a foreign code without a country is accepted as written


def _annex7(ctx: _Context, lines: list[dict], first: date, last: date, period: str) -> list[dict]:
    out = []
    for i, line in enumerate(lines):
        field = f"annex7[{i}]"
        net = _amount(ctx, line["net"], f"{field}.net", negative_message=_("A distribution cannot be negative."))
        try:
            paid_on = date.fromisoformat(line["paid_on"])
        except ValueError:
            ctx.error(f"{field}.paid_on", _("%(date)s is not a date.") % {"date": line["paid_on"]})
            continue
        if not first <= paid_on <= last:
            ctx.error(
                f"{field}.paid_on",
                _("The payment date must be in the period %(period)s: TSD is filed for the month of payment.")
                % {"period": period},
            )
            continue
        code = line.get("recipient_code", "")
        if code and not _recipient_code_ok(code, line.get("recipient_country", "")):
            ctx.error(
                f"{field}.recipient_code",
                _("%(code)s is not a valid Estonian personal or registry code.") % {"code": code},
            )
        rate = ctx.rule("cit_distribution_rate", paid_on, f"{field}.paid_on")
        if rate is None:
            continue
        numerator, denominator = rate.ratio
        cit = round_money(net * numerator / denominator)
        out.append(
            {
                "annex": "7",
                "index": i,
                "recipient": line["recipient"],
                "recipient_code": code,
                "paid_on": paid_on.isoformat(),
                "net": money_text(net),
                "amounts": {"net": net, "cit": cit},
                "figures": [_figure("cit", cit, rate, net)],
            }
        )
    return out


def _supply_rule(ctx: _Context, line: dict, on: date, field: str):
    """The category and its rate rule for a supply given by category, by rate, or both."""
    categories = ctx.book.vat_categories
    category_code = line.get("category")
    if category_code is not None:
        category = categories.get(category_code)
        if category is None:
            ctx.error(
                f"{field}.category",
                _("Unknown supply category %(code)s. Known: %(known)s.")
                % {"code": category_code, "known": ", ".join(categories)},
            )
            return None, None
        rule = ctx.rule(category.rate, on, f"{field}.supplied_on") if category.rate else None
        if category.rate and rule is None:
            return None, None
        if "rate" in line and (rule is None or _percent(line["rate"]) != rule.number):
            ctx.error(
                f"{field}.rate",
                _("The rate does not match category %(code)s on %(date)s (%(rate)s).")
                % {"code": category_code, "date": on.isoformat(), "rate": rule.display if rule else "—"},
            )
            return None, None
        return category, rule
    wanted = _percent(line["rate"])
    in_force = []
    for category in categories.values():
        if category.rate is None:
            continue
        try:
            value = ctx.book.value_of(category.rate, on)
        except NoRuleInForce:
            continue
        in_force.append(value.number)
        if value.number == wanted:
            ctx.used[(value.parameter, value.start)] = value
            return category, value
    rates = ", ".join(f"{r.normalize()} %" for r in sorted(set(in_force), reverse=True))
    ctx.error(
        f"{field}.rate",
        _("A %(rate)s %% rate was not in force on %(date)s. Rates in force: %(rates)s.")
        % {"rate": wanted.normalize(), "date": on.isoformat(), "rates": rates},
    )
    return None, None


def _kmd(ctx: _Context, data: dict, first: date, last: date, period: str) -> tuple[list[dict], dict, dict]:
    out = []
    output_vat = ZERO
    by_counterparty_sales: dict[str, list[dict]] = {}
    for i, line in enumerate(data.get("supplies", [])):
        field = f"supplies[{i}]"
        value = _amount(ctx, line["taxable_value"], f"{field}.taxable_value")
        try:
            supplied_on = date.fromisoformat(line["supplied_on"])
        except ValueError:
            ctx.error(f"{field}.supplied_on", _("%(date)s is not a date.") % {"date": line["supplied_on"]})
            continue
        if not first <= supplied_on <= last:
            ctx.error(
                f"{field}.supplied_on", _("The supply date must be in the period %(period)s.") % {"period": period}
            )
            continue
        category, rule = _supply_rule(ctx, line, supplied_on, field)
        if category is None:
            continue
        vat = round_money(value * rule.factor) if rule is not None else ZERO
        output_vat += vat
        record = {
            "annex": "KMD",
            "index": i,
            "category": category.code,
            "supplied_on": supplied_on.isoformat(),
            "taxable_value": money_text(value),
            "rate": rule.text if rule else "",
            "amounts": {"taxable_value": value, "vat": vat},
            "figures": [_figure("vat", vat, rule, value)],
        }
        out.append(record)
        if line.get("counterparty_code"):
            by_counterparty_sales.setdefault(line["counterparty_code"], []).append(
                {
                    **record,
                    "counterparty_name": line.get("counterparty_name", ""),
                    "invoice_number": line.get("invoice_number", ""),
                }
            )
    purchases = data.get("purchases", [])
    purchase_vat = ZERO
    by_counterparty_purchases: dict[str, list[dict]] = {}
    for i, line in enumerate(purchases):
        field = f"purchases[{i}]"
        value = _amount(ctx, line["taxable_value"], f"{field}.taxable_value")
        vat = _amount(ctx, line["vat"], f"{field}.vat")
        try:
            invoice_date = date.fromisoformat(line["invoice_date"])
        except ValueError:
            ctx.error(f"{field}.invoice_date", _("%(date)s is not a date.") % {"date": line["invoice_date"]})
            continue
        if invoice_date > last:
            ctx.error(
                f"{field}.invoice_date", _("The invoice is dated after the period %(period)s.") % {"period": period}
            )
            continue
        purchase_vat += vat
        by_counterparty_purchases.setdefault(line["counterparty_code"], []).append(
            {
                "counterparty_name": line.get("counterparty_name", ""),
                "invoice_number": line.get("invoice_number", ""),
                "invoice_date": invoice_date.isoformat(),
                "amounts": {"taxable_value": value, "vat": vat},
            }
        )
    input_vat = _amount(ctx, data["input_vat"], "input_vat") if "input_vat" in data else purchase_vat
    threshold = ctx.rule("kmd_inf_threshold", last, "period")
    inf = {"threshold": money_text(threshold.number) if threshold else "", "part_a": [], "part_b": []}
    if threshold is not None:
        inf["part_a"] = _inf_part(by_counterparty_sales, threshold.number, "taxable_value")
        inf["part_b"] = _inf_part(by_counterparty_purchases, threshold.number, "taxable_value")
        inf["rule"] = {"rule": threshold.parameter, "value": threshold.text, "reference": threshold.reference}
    payable = output_vat - input_vat
    totals = {
        "output_vat": output_vat,
        "input_vat": input_vat,
        "vat_payable": payable,
        "vat_refundable": max(ZERO, -payable),
        "total_to_pay": max(ZERO, payable),
    }
    return out, totals, inf


def _inf_part(groups: dict[str, list[dict]], threshold: Decimal, key: str) -> list[dict]:
    """KMD INF lists every invoice of a counterparty whose invoices in the period reach the
    threshold excluding VAT (Value Added Tax Act § 27¹)."""
    rows = []
    for counterparty, invoices in sorted(groups.items()):
        total = sum((inv["amounts"][key] for inv in invoices), ZERO)
        if total < threshold:
            continue
        for inv in invoices:
            rows.append(
                {
                    "counterparty_code": counterparty,
                    "counterparty_name": inv.get("counterparty_name", ""),
                    "invoice_number": inv.get("invoice_number", ""),
                    "date": inv.get("supplied_on") or inv.get("invoice_date", ""),
                    "taxable_value": money_text(inv["amounts"]["taxable_value"]),
                    "vat": money_text(inv["amounts"]["vat"]),
                    "counterparty_total": money_text(total),
                }
            )
    return rows


def _serialise_line(line: dict) -> dict:
    line["amounts"] = {k: money_text(v) for k, v in line["amounts"].items()}
    return line


def calculate(data: Any, *, today: date | None = None, book: RuleBook | None = None) -> dict[str, Any]:
    """Compute a return. Raises ``CalcInputError`` naming every bad field; nothing is
    computed for a request with any error."""
    errors = validate_request(data)
    if errors:
        raise CalcInputError(errors)
    ctx = _Context(book=book or rules(), errors=[], used={})
    kind, period = data["kind"], data["period"]
    first, last = period_bounds(period)
    today = today or timezone.localdate()
    if first > today:
        ctx.error("period", _("The period %(period)s has not started yet.") % {"period": period})
        raise CalcInputError(ctx.errors)
    if kind == "TSD":
        for name in ("supplies", "purchases", "input_vat"):
            if name in data:
                ctx.error(name, _("Supplies and input VAT are declared on a KMD, not on a TSD."))
    else:
        for name in ("annex1", "annex2", "annex7"):
            if data.get(name):
                ctx.error(name, _("Payments and distributions are declared on a TSD, not on a KMD."))
    if ctx.errors:
        raise CalcInputError(ctx.errors)

    totals = dict.fromkeys(TOTAL_KEYS, ZERO)
    extra: dict[str, Any] = {}
    if kind == "TSD":
        lines = _annex1(ctx, data.get("annex1", []), first) if data.get("annex1") else []
        lines += _annex2(ctx, data.get("annex2", []), first)
        lines += _annex7(ctx, data.get("annex7", []), first, last, period)
        for line in lines:
            amounts = line["amounts"]
            for key in (
                "income_tax",
                "social_tax",
                "unemployment_employee",
                "unemployment_employer",
                "funded_pension",
                "cit",
            ):
                totals[key] += amounts.get(key, ZERO)
        totals["total_to_pay"] = sum(
            (
                totals[k]
                for k in (
                    "income_tax",
                    "social_tax",
                    "unemployment_employee",
                    "unemployment_employer",
                    "funded_pension",
                    "cit",
                )
            ),
            ZERO,
        )
        due_rule = ctx.rule("tsd_due_day", first, "period")
    else:
        lines, kmd_totals, inf = _kmd(ctx, data, first, last, period)
        totals.update(kmd_totals)
        extra["kmd_inf"] = inf
        due_rule = ctx.rule("kmd_due_day", first, "period")
    if ctx.errors:
        raise CalcInputError(ctx.errors)
    due = due_date(due_day=int(due_rule.number), period=period)
    return {
        "kind": kind,
        "period": period,
        "due_date": due.isoformat(),
        "totals": {k: money_text(v) for k, v in totals.items()},
        "lines": [_serialise_line(line) for line in lines],
        "rules": [v.as_dict() for _key, v in sorted(ctx.used.items(), key=lambda kv: (kv[0][0], kv[0][1]))],
        "rules_digest": ctx.book.digest,
        **extra,
    }
