"""Return files: the calculator's JSON, or CSV in the layout of EMTA's TSD annexes.

CSV layout (semicolon or comma separated, UTF-8, one header row; documented on the rules
page and in docs/tax.md). Each row starts with the annex it belongs to:

    annex;personal_code;name;payment_type;gross;pension_rate;basic_exemption;recipient;net;paid_on
    1;36805280109;Mari Maasikas;10;1500.00;2;yes;;;
    7;;;;;;;Alice Holder;1000.00;2025-03-14

The column set follows the fields of EMTA's annex 1 (personal code, name, payment type,
amount, pension rate, basic exemption) and annex 7 (recipient, net distribution, date);
EMTA's exact import column names are not in the fact sheet, so this layout is our own
documented one.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _

from tax.exceptions import TaxError

MAX_BYTES = 2 * 1024 * 1024
CSV_COLUMNS = (
    "annex",
    "personal_code",
    "name",
    "payment_type",
    "gross",
    "pension_rate",
    "basic_exemption",
    "recipient",
    "net",
    "paid_on",
)
TRUE = {"yes", "true", "1", "jah", "y"}


def csv_line_label(errors: list[dict[str, str]], line_of: dict[str, int]) -> list[dict[str, str]]:
    """Calculator errors ("annex1[2].gross") told with the CSV line they came from."""
    out = []
    for e in errors:
        prefix = e["field"].split(".", 1)[0]
        if prefix in line_of:
            e = {**e, "message": _("CSV line %(n)s: %(m)s") % {"n": line_of[prefix], "m": e["message"]}}
        out.append(e)
    return out


def parse_upload(*, content: bytes, filename: str, kind: str = "", period: str = "") -> dict[str, Any]:
    return parse_upload_with_lines(content=content, filename=filename, kind=kind, period=period)[0]


def parse_upload_with_lines(
    *, content: bytes, filename: str, kind: str = "", period: str = ""
) -> tuple[dict[str, Any], dict[str, int]]:
    """The request, and for a CSV file the file line of each request line ("annex1[0]" → 2)."""
    if len(content) > MAX_BYTES:
        raise TaxError(_("The file is larger than 2 MB."), field="document")
    name = (filename or "").lower()
    text = content.decode("utf-8-sig", errors="strict") if content else ""
    if name.endswith(".json") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise TaxError(_("The file is not valid JSON (%(e)s).") % {"e": exc}, field="document") from None
        if not isinstance(data, dict):
            raise TaxError(_("The JSON file must hold one return (an object)."), field="document")
        return data, {}
    return _parse_csv(text, kind=kind, period=period)


def _parse_csv(text: str, *, kind: str, period: str) -> tuple[dict[str, Any], dict[str, int]]:
    if kind != "TSD" or not period:
        raise TaxError(_("For a CSV file choose the kind TSD and the period."), field="period")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=";,")
    except csv.Error:
        raise TaxError(_("The CSV file has no header row."), field="document") from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "annex" not in header:
        raise TaxError(
            _("The CSV header must name the columns: %(c)s.") % {"c": ";".join(CSV_COLUMNS)}, field="document"
        )
    unknown = sorted(set(header) - set(CSV_COLUMNS))
    if unknown:
        raise TaxError(_("Unknown CSV columns: %(c)s.") % {"c": ", ".join(unknown)}, field="document")
    data: dict[str, Any] = {"kind": "TSD", "period": period}
    line_of: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        annex = row.get("annex", "")
        if annex == "1":
            line = {k: row[k] for k in ("personal_code", "name", "payment_type", "gross", "pension_rate") if row.get(k)}
            line["basic_exemption"] = row.get("basic_exemption", "").lower() in TRUE
            line_of[f"annex1[{len(data.setdefault('annex1', []))}]"] = number
            data["annex1"].append(line)
        elif annex == "7":
            line = {k: row[k] for k in ("recipient", "net", "paid_on") if row.get(k)}
            line_of[f"annex7[{len(data.setdefault('annex7', []))}]"] = number
            data["annex7"].append(line)
        elif any(row.values()):
            raise TaxError(_("CSV line %(n)s: annex must be 1 or 7.") % {"n": number}, field="document")
    return data, line_of
