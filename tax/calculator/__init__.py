"""The tax calculator: one code path for the public API, the web forms, uploads and filed
returns. ``calculate(request)`` checks a request against the published JSON Schema, then
for meaning (valid personal codes, known payment types, dates inside the period, rates in
force), and computes every line with the rules in force on the date each line applies to.
"""

from tax.calculator.compute import CalcInputError, calculate, validate_request

__all__ = ["CalcInputError", "calculate", "validate_request"]
