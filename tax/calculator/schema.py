"""The calculator's request and response, as JSON Schema (draft 2020-12).

The request schema is the validator (``calculate`` checks every request, upload and form
against it before anything is computed) and the documentation: it is published at
``/api/tax/calculate/schema`` and embedded in the OpenAPI document, so the three cannot
drift apart. It avoids ``$ref`` so the same dict is valid inside OpenAPI 3.0.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

MONEY = {
    "type": "string",
    "pattern": r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$",
    "description": 'Euros as a decimal string with at most two decimals, e.g. "1500.00".',
    "x-error": "Write an amount in euros with at most two decimals, such as 1500.00.",
}
DATE = {
    "type": "string",
    "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "description": "A date, YYYY-MM-DD.",
    "x-error": "Write the date as YYYY-MM-DD.",
}
PERCENT = {
    "oneOf": [
        {"type": "string", "pattern": r"^[0-9]{1,2}(\.[0-9]{1,2})?$"},
        {"type": "integer", "minimum": 0, "maximum": 100},
    ],
    "description": 'A percentage, e.g. "2" or 24.',
    "x-error": "Write the percentage as a number such as 2.",
}
TEXT = {"type": "string", "maxLength": 200}
PAYMENT_TYPE = {
    "type": "string",
    "pattern": "^[0-9]{2,3}$",
    "description": "EMTA's TSD payment-type code (10 wages, 24 board member fees; see the rules page).",
    "x-error": "Write the payment-type code as two or three digits, such as 10.",
}

ANNEX1_LINE = {
    "type": "object",
    "title": "Annex 1 line: a payment to a resident individual",
    "additionalProperties": False,
    "required": ["personal_code", "payment_type", "gross"],
    "properties": {
        "personal_code": {
            "type": "string",
            "pattern": "^[0-9]{11}$",
            "description": "Estonian personal identification code (isikukood).",
            "x-error": "An Estonian personal identification code has 11 digits.",
        },
        "name": TEXT,
        "payment_type": PAYMENT_TYPE,
        "gross": MONEY,
        "pension_rate": PERCENT,
        "basic_exemption": {"type": "boolean", "description": "The person applied for the basic exemption here."},
        "pensioner": {"type": "boolean", "description": "Use the pensioner's basic exemption."},
        "minimum_base": {
            "type": "boolean",
            "description": "Apply the social-tax minimum base (default true for payment types it applies to).",
        },
    },
}
ANNEX2_LINE = {
    "type": "object",
    "title": "Annex 2 line: a payment to a non-resident",
    "additionalProperties": False,
    "required": ["recipient", "country", "payment_type", "gross"],
    "properties": {
        "recipient": TEXT,
        "foreign_id": TEXT,
        "country": {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "Country of residence, ISO 3166 alpha-2.",
            "x-error": "Write the country as its two-letter code, such as FI.",
        },
        "payment_type": PAYMENT_TYPE,
        "gross": MONEY,
        "social_tax": {
            "type": "boolean",
            "description": "false when an A1 certificate shows social insurance in another country.",
        },
    },
}
ANNEX7_LINE = {
    "type": "object",
    "title": "Annex 7 line: a dividend or other profit distribution (recipients as in INF 1)",
    "additionalProperties": False,
    "required": ["recipient", "net", "paid_on"],
    "properties": {
        "recipient": TEXT,
        "recipient_code": {
            "type": "string",
            "maxLength": 30,
            "description": "Personal code (11 digits) or registry code (8 digits), or a foreign code.",
        },
        "recipient_country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "net": MONEY,
        "paid_on": DATE,
    },
}
SUPPLY = {
    "type": "object",
    "title": "A supply on the KMD (an invoice or a day's sales)",
    "additionalProperties": False,
    "required": ["taxable_value", "supplied_on"],
    "anyOf": [{"required": ["rate"]}, {"required": ["category"]}],
    "properties": {
        "rate": PERCENT,
        "category": {
            "type": "string",
            "description": "standard, reduced, accommodation, press, intra_eu, export or exempt.",
        },
        "taxable_value": MONEY,
        "supplied_on": DATE,
        "counterparty_code": {"type": "string", "maxLength": 30},
        "counterparty_name": TEXT,
        "invoice_number": {"type": "string", "maxLength": 60},
    },
    "x-error": "Give each supply a rate or a category.",
}
PURCHASE = {
    "type": "object",
    "title": "A purchase invoice (for KMD INF part B)",
    "additionalProperties": False,
    "required": ["counterparty_code", "taxable_value", "vat", "invoice_date"],
    "properties": {
        "counterparty_code": {"type": "string", "maxLength": 30},
        "counterparty_name": TEXT,
        "invoice_number": {"type": "string", "maxLength": 60},
        "invoice_date": DATE,
        "taxable_value": MONEY,
        "vat": MONEY,
    },
}

REQUEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:tax:calculate-request",
    "title": "A monthly return (TSD or KMD) for the tax calculator",
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "period"],
    "properties": {
        "kind": {"enum": ["TSD", "KMD"], "x-error": "kind is TSD or KMD."},
        "period": {
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "description": "The month of the payments (TSD) or supplies (KMD), YYYY-MM.",
            "x-error": "Write the period as YYYY-MM, such as 2025-07.",
        },
        "annex1": {"type": "array", "maxItems": 5000, "items": ANNEX1_LINE},
        "annex2": {"type": "array", "maxItems": 5000, "items": ANNEX2_LINE},
        "annex7": {"type": "array", "maxItems": 5000, "items": ANNEX7_LINE},
        "supplies": {"type": "array", "maxItems": 20000, "items": SUPPLY},
        "purchases": {"type": "array", "maxItems": 20000, "items": PURCHASE},
        "input_vat": MONEY,
    },
}

_FIGURE = {
    "type": "object",
    "properties": {
        "figure": {"type": "string"},
        "amount": MONEY,
        "base": MONEY,
        "rule": {"type": "string"},
        "value": {"type": "string"},
        "valid_from": {"type": "string"},
        "reference": {"type": "string"},
    },
}
_TOTALS = {
    "type": "object",
    "required": [
        "income_tax",
        "social_tax",
        "unemployment_employee",
        "unemployment_employer",
        "funded_pension",
        "cit",
        "vat_payable",
        "total_to_pay",
    ],
    "properties": dict.fromkeys(
        (
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
        ),
        MONEY,
    ),
}
RESPONSE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:tax:calculate-response",
    "title": "The computed return",
    "type": "object",
    "required": ["kind", "period", "due_date", "totals", "lines", "rules"],
    "properties": {
        "kind": {"enum": ["TSD", "KMD"]},
        "period": {"type": "string"},
        "due_date": DATE,
        "totals": _TOTALS,
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "annex": {"type": "string"},
                    "index": {"type": "integer"},
                    "amounts": {"type": "object", "additionalProperties": MONEY},
                    "figures": {"type": "array", "items": _FIGURE},
                },
            },
        },
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "rule": {"type": "string"},
                    "value": {"type": "string"},
                    "unit": {"type": "string"},
                    "valid_from": {"type": "string"},
                    "reference": {"type": "string"},
                    "url": {"type": "string"},
                    "status": {"type": "string"},
                },
            },
        },
        "kmd_inf": {"type": "object"},
        "rules_digest": {"type": "string"},
    },
}


def for_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema without the keys OpenAPI 3.0 does not know."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("$schema", "$id") and not k.startswith("x-")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(deepcopy(schema))
