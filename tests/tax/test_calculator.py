"""The calculator, case by case from the fact sheet (shared/reference/estonia-facts.md);
each test names the rule it checks. Amounts are worked by hand in the comments."""

from __future__ import annotations

from datetime import date

import pytest

from tax.calculator import CalcInputError, calculate
from tax.calculator.dates import add_working_days, due_date

TODAY = date(2026, 12, 1)
PC = "36805280109"  # valid isikukood (fact sheet §1.6 test vector)
PC2 = "49403136526"


def tsd(period, annex1=(), annex2=(), annex7=()):
    data = {"kind": "TSD", "period": period}
    if annex1:
        data["annex1"] = list(annex1)
    if annex2:
        data["annex2"] = list(annex2)
    if annex7:
        data["annex7"] = list(annex7)
    return calculate(data, today=TODAY)


def wage(gross, *, code=PC, payment_type="10", pension="0", exemption=False, **extra):
    return {
        "personal_code": code,
        "payment_type": payment_type,
        "gross": gross,
        "pension_rate": pension,
        "basic_exemption": exemption,
        **extra,
    }


def errors_of(data):
    with pytest.raises(CalcInputError) as caught:
        calculate(data, today=TODAY)
    return {e["field"]: e["message"] for e in caught.value.errors}


# --- §3.1 CIT on distributions: 20/80 until 2024-12-31, 22/78 from 2025-01-01 --------------


def test_dividend_paid_in_december_2024_bears_20_80():
    result = tsd("2024-12", annex7=[{"recipient": "A", "net": "1000.00", "paid_on": "2024-12-20"}])
    assert result["totals"]["cit"] == "250.00"  # 1000 × 20/80
    figure = result["lines"][0]["figures"][0]
    assert (figure["rule"], figure["value"], figure["valid_from"]) == ("cit_distribution_rate", "20/80", "2015-01-01")


def test_dividend_paid_in_january_2025_bears_22_78():
    result = tsd("2025-01", annex7=[{"recipient": "A", "net": "1000.00", "paid_on": "2025-01-02"}])
    assert result["totals"]["cit"] == "282.05"  # 1000 × 22/78 = 282.051…
    assert result["lines"][0]["figures"][0]["value"] == "22/78"
    assert result["totals"]["total_to_pay"] == "282.05"


def test_dividend_net_780_in_2025_gives_220_of_tax():
    assert (
        tsd("2025-03", annex7=[{"recipient": "A", "net": "780", "paid_on": "2025-03-31"}])["totals"]["cit"] == "220.00"
    )


def test_dividend_paid_outside_the_period_names_the_line():
    errors = errors_of(
        {"kind": "TSD", "period": "2025-01", "annex7": [{"recipient": "A", "net": "1", "paid_on": "2024-12-31"}]}
    )
    assert "annex7[0].paid_on" in errors


# --- Rounding: every figure to the cent, half up ---------------------------------------------


def test_cent_rounding_is_half_up_not_bankers():
    # Board fee 0.75 in 2025: income tax 22 % × 0.75 = 0.165 → 0.17 (half-even would say 0.16);
    # social tax 33 % × 0.75 = 0.2475 → 0.25.
    line = tsd("2025-02", annex1=[wage("0.75", payment_type="24")])["lines"][0]["amounts"]
    assert (line["income_tax"], line["social_tax"]) == ("0.17", "0.25")


def test_vat_rounding_is_half_up():
    # 22 % × 0.75 = 0.165 → 0.17
    result = calculate(
        {
            "kind": "KMD",
            "period": "2025-06",
            "supplies": [{"category": "standard", "taxable_value": "0.75", "supplied_on": "2025-06-02"}],
        },
        today=TODAY,
    )
    assert result["totals"]["output_vat"] == "0.17"


# --- §3.3 payroll ----------------------------------------------------------------------------


def test_wage_2025_with_basic_exemption_and_2_percent_pension():
    # 1500: UI 1.6 % = 24.00, pension 2 % = 30.00, exemption 654 − 654/900 × (1500 − 1200) = 436.00,
    # taxable 1010.00, income tax 22 % = 222.20, social tax 33 % = 495.00, employer UI 0.8 % = 12.00.
    result = tsd("2025-03", annex1=[wage("1500.00", pension="2", exemption=True)])
    a = result["lines"][0]["amounts"]
    assert a == {
        "gross": "1500.00",
        "unemployment_employee": "24.00",
        "funded_pension": "30.00",
        "basic_exemption": "436.00",
        "taxable": "1010.00",
        "income_tax": "222.20",
        "social_tax": "495.00",
        "unemployment_employer": "12.00",
    }
    assert result["totals"]["total_to_pay"] == "783.20"  # 222.20 + 495 + 24 + 12 + 30


def test_wage_2025_without_exemption_or_pension():
    # 1500: UI 24.00, taxable 1476.00, income tax 324.72.
    a = tsd("2025-03", annex1=[wage("1500.00")])["lines"][0]["amounts"]
    assert (a["basic_exemption"], a["funded_pension"], a["income_tax"]) == ("0.00", "0.00", "324.72")


def test_2025_exemption_is_full_up_to_1200_and_nil_from_2100():
    low = tsd("2025-03", annex1=[wage("1000.00", pension="2", exemption=True)])["lines"][0]["amounts"]
    assert (low["basic_exemption"], low["income_tax"]) == ("654.00", "68.20")  # (1000 − 16 − 20 − 654) × 22 %
    high = tsd("2025-03", annex1=[wage("3000.00", pension="2", exemption=True)])["lines"][0]["amounts"]
    assert (high["basic_exemption"], high["income_tax"]) == ("0.00", "636.24")  # (3000 − 48 − 60) × 22 %


def test_2026_exemption_is_a_flat_700_whatever_the_income():
    # §3.3: 2026 flat €700. 3000: UI 48, pension 60, exemption 700, taxable 2192, tax 482.24.
    result = tsd("2026-02", annex1=[wage("3000.00", pension="2", exemption=True)])
    a = result["lines"][0]["amounts"]
    assert (a["basic_exemption"], a["income_tax"]) == ("700.00", "482.24")
    assert "basic_exemption_reduction_from_monthly" not in {r["rule"] for r in result["rules"]}


def test_exemption_never_exceeds_the_taxable_base():
    a = tsd("2025-03", annex1=[wage("500.00", exemption=True, minimum_base=False)])["lines"][0]["amounts"]
    assert (a["basic_exemption"], a["taxable"], a["income_tax"]) == ("492.00", "0.00", "0.00")


def test_pension_rates_4_and_6_exist_from_2025_only():
    # §3.3: 4 % or 6 % on application from 2025.
    assert tsd("2025-03", annex1=[wage("1000.00", pension="6")])["lines"][0]["amounts"]["funded_pension"] == "60.00"
    errors = errors_of({"kind": "TSD", "period": "2024-03", "annex1": [wage("1000.00", pension="4")]})
    assert "annex1[0].pension_rate" in errors


def test_board_fee_bears_no_unemployment_insurance_and_no_exemption_by_default():
    # §3.3 [S]: board fees are not subject to unemployment insurance. 2000 with 2 % pension:
    # pension 40, taxable 1960, income tax 431.20, social tax 660.00.
    a = tsd("2025-04", annex1=[wage("2000.00", payment_type="24", pension="2")])["lines"][0]["amounts"]
    assert a["unemployment_employee"] == a["unemployment_employer"] == "0.00"
    assert (a["funded_pension"], a["income_tax"], a["social_tax"]) == ("40.00", "431.20", "660.00")


# --- §3.3 social tax minimum base ------------------------------------------------------------


def test_social_tax_on_a_small_wage_is_topped_up_to_the_minimum_base_2025():
    # €820 × 33 % = 270.60; a wage of 500 gives 165.00, so 105.60 is added.
    a = tsd("2025-05", annex1=[wage("500.00")])["lines"][0]["amounts"]
    assert (a["social_tax"], a["social_tax_minimum"]) == ("270.60", "105.60")


def test_minimum_base_counts_all_of_a_persons_wages_in_the_month():
    # 400 + 400 = 800 < 820: 132 + 132 = 264, top-up 6.60 on the last line. Another person
    # earning 900 is above the minimum.
    result = tsd("2025-05", annex1=[wage("400.00"), wage("400.00"), wage("900.00", code=PC2)])
    lines = [line["amounts"] for line in result["lines"]]
    assert "social_tax_minimum" not in lines[0]
    assert lines[1]["social_tax_minimum"] == "6.60"
    assert "social_tax_minimum" not in lines[2]
    assert result["totals"]["social_tax"] == "567.60"  # 270.60 + 297.00


def test_minimum_base_2026_is_886_and_does_not_apply_to_board_fees_or_when_excluded():
    assert tsd("2026-01", annex1=[wage("100.00")])["lines"][0]["amounts"]["social_tax"] == "292.38"
    assert tsd("2026-01", annex1=[wage("100.00", payment_type="24")])["lines"][0]["amounts"]["social_tax"] == "33.00"
    assert tsd("2026-01", annex1=[wage("100.00", minimum_base=False)])["lines"][0]["amounts"]["social_tax"] == "33.00"


# --- Annex 2: non-residents ------------------------------------------------------------------


def test_non_resident_board_fee_is_taxed_without_exemption():
    result = tsd(
        "2025-06", annex2=[{"recipient": "Jane Roe", "country": "FI", "payment_type": "24", "gross": "1000.00"}]
    )
    a = result["lines"][0]["amounts"]
    assert (a["income_tax"], a["social_tax"], a["unemployment_employee"]) == ("220.00", "330.00", "0.00")
    no_social = tsd(
        "2025-06",
        annex2=[{"recipient": "J", "country": "FI", "payment_type": "24", "gross": "1000.00", "social_tax": False}],
    )
    assert no_social["lines"][0]["amounts"]["social_tax"] == "0.00"


# --- §3.4 VAT across 2025-07-01 --------------------------------------------------------------


def kmd(period, supplies, **extra):
    return calculate({"kind": "KMD", "period": period, "supplies": supplies, **extra}, today=TODAY)


def test_vat_is_22_percent_on_30_june_and_24_percent_on_1_july_2025():
    june = kmd("2025-06", [{"category": "standard", "taxable_value": "1000.00", "supplied_on": "2025-06-30"}])
    july = kmd("2025-07", [{"category": "standard", "taxable_value": "1000.00", "supplied_on": "2025-07-01"}])
    assert june["totals"]["output_vat"] == "220.00"
    assert july["totals"]["output_vat"] == "240.00"
    assert july["lines"][0]["figures"][0]["reference"].startswith("Value Added Tax Act § 15(1)")


def test_a_rate_given_as_a_number_must_be_in_force_on_the_supply_date():
    ok = kmd("2025-07", [{"rate": "24", "taxable_value": "100.00", "supplied_on": "2025-07-15"}])
    assert ok["totals"]["output_vat"] == "24.00"
    errors = errors_of(
        {
            "kind": "KMD",
            "period": "2025-07",
            "supplies": [{"rate": "22", "taxable_value": "100", "supplied_on": "2025-07-01"}],
        }
    )
    assert "not in force on 2025-07-01" in errors["supplies[0].rate"]


def test_reduced_zero_and_exempt_supplies_input_vat_and_refund():
    result = kmd(
        "2025-08",
        [
            {"category": "accommodation", "taxable_value": "1000.00", "supplied_on": "2025-08-01"},  # 13 % = 130
            {"category": "intra_eu", "taxable_value": "5000.00", "supplied_on": "2025-08-02"},  # 0
            {"category": "exempt", "taxable_value": "300.00", "supplied_on": "2025-08-03"},
        ],
        input_vat="400.00",
    )
    t = result["totals"]
    assert (t["output_vat"], t["input_vat"], t["vat_payable"], t["vat_refundable"], t["total_to_pay"]) == (
        "130.00",
        "400.00",
        "-270.00",
        "270.00",
        "0.00",
    )


def test_a_nil_kmd_is_computed():
    result = calculate({"kind": "KMD", "period": "2025-09"}, today=TODAY)
    assert result["totals"]["vat_payable"] == "0.00" and result["due_date"] == "2025-10-20"


# --- §3.4 KMD INF: invoices of ≥ €1,000 excl. VAT per counterparty and period -----------------


def test_kmd_inf_lists_counterparties_reaching_the_threshold():
    supplies = [
        {
            "category": "standard",
            "taxable_value": "600.00",
            "supplied_on": "2025-08-04",
            "counterparty_code": "12345678",
            "invoice_number": "1",
        },
        {
            "category": "standard",
            "taxable_value": "400.00",
            "supplied_on": "2025-08-05",
            "counterparty_code": "12345678",
            "invoice_number": "2",
        },
        {
            "category": "standard",
            "taxable_value": "999.99",
            "supplied_on": "2025-08-06",
            "counterparty_code": "10000356",
            "invoice_number": "3",
        },
    ]
    purchases = [
        {"counterparty_code": "10000356", "taxable_value": "1000.00", "vat": "240.00", "invoice_date": "2025-08-07"},
        {"counterparty_code": "12345678", "taxable_value": "999.99", "vat": "240.00", "invoice_date": "2025-08-07"},
    ]
    result = kmd("2025-08", supplies, purchases=purchases)
    inf = result["kmd_inf"]
    assert [row["invoice_number"] for row in inf["part_a"]] == ["1", "2"]  # 600 + 400 = 1000 ≥ 1000
    assert [row["counterparty_code"] for row in inf["part_b"]] == ["10000356"]
    assert inf["threshold"] == "1000.00"
    assert result["totals"]["input_vat"] == "480.00"  # from the purchases when input_vat is not given


# --- §3.2 / §3.4 due dates: the 10th (TSD) and 20th (KMD), next working day -------------------


@pytest.mark.parametrize(
    ("kind", "period", "due"),
    [
        ("TSD", "2025-05", "2025-06-10"),  # a Tuesday
        ("TSD", "2025-04", "2025-05-12"),  # 10 May 2025 is a Saturday → Monday
        ("TSD", "2020-03", "2020-04-13"),  # 10 April 2020 is Good Friday (public holiday), then a weekend
        ("KMD", "2025-07", "2025-08-21"),  # 20 August is Restoration of Independence Day
        ("KMD", "2025-11", "2025-12-22"),  # 20 December 2025 is a Saturday
        ("KMD", "2026-01", "2026-02-20"),  # a Friday
    ],
)
def test_due_dates_move_past_weekends_and_public_holidays(kind, period, due):
    assert calculate({"kind": kind, "period": period}, today=TODAY)["due_date"] == due


def test_due_date_helper_and_working_days():
    assert due_date(due_day=20, period="2025-12") == date(2026, 1, 20)
    # Three working days after Thursday 2025-12-18: Fri 19, Mon 22, Tue 23 (24–26 are holidays).
    assert add_working_days(date(2025, 12, 18), 3) == date(2025, 12, 23)
    assert add_working_days(date(2025, 12, 23), 1) == date(2025, 12, 29)


# --- Bad input: each error names the field, nothing is computed --------------------------------


def test_invalid_personal_code_negative_wage_and_unknown_payment_type_name_their_lines():
    errors = errors_of(
        {
            "kind": "TSD",
            "period": "2025-03",
            "annex1": [
                wage("100.00", code="36805280108"),
                wage("-5.00"),
                wage("100.00", payment_type="99"),
            ],
        }
    )
    assert "not a valid Estonian personal identification code" in errors["annex1[0].personal_code"]
    assert "cannot be negative" in errors["annex1[1].gross"]
    assert "Unknown payment-type code 99" in errors["annex1[2].payment_type"]


def test_a_period_in_the_future_is_refused():
    errors = errors_of({"kind": "TSD", "period": "2027-01"})
    assert "has not started" in errors["period"]


def test_schema_errors_name_the_field():
    errors = errors_of(
        {"kind": "TSD", "period": "2025-3", "annex1": [{"personal_code": PC, "payment_type": "10"}], "extra": 1}
    )
    assert set(errors) == {"period", "annex1[0].gross", "extra"}
    assert errors["period"] == "Write the period as YYYY-MM, such as 2025-07."
    money = errors_of({"kind": "TSD", "period": "2025-03", "annex1": [wage(1500)]})
    assert "two decimals" in money["annex1[0].gross"]


def test_kmd_lines_on_a_tsd_and_payroll_on_a_kmd_are_refused():
    assert "supplies" in errors_of({"kind": "TSD", "period": "2025-03", "supplies": []})
    assert "annex1" in errors_of({"kind": "KMD", "period": "2025-03", "annex1": [wage("1.00")]})


def test_a_date_without_rules_is_refused_naming_the_line():
    errors = errors_of({"kind": "TSD", "period": "2010-03", "annex1": [wage("100.00")]})
    assert "annex1" in errors


def test_every_rule_used_is_listed_with_its_reference():
    result = tsd(
        "2025-03",
        annex1=[wage("1500.00", pension="2", exemption=True)],
        annex7=[{"recipient": "A", "net": "10", "paid_on": "2025-03-03"}],
    )
    listed = {r["rule"]: r for r in result["rules"]}
    for name in (
        "income_tax_rate",
        "social_tax_rate",
        "cit_distribution_rate",
        "basic_exemption_monthly",
        "tsd_due_day",
    ):
        assert listed[name]["reference"] and listed[name]["url"].startswith("http")
    assert result["rules_digest"]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "TSD", "period": "2025-03"},
        {"kind": "TSD", "period": "2025-03", "annex1": [wage("1.00", pension=2)]},
        {
            "kind": "KMD",
            "period": "2025-03",
            "supplies": [{"rate": 22, "taxable_value": "1.00", "supplied_on": "2025-03-01"}],
        },
        {"kind": "VAT", "period": "2025-03"},
        {"kind": "TSD", "period": "2025-13"},
        {"kind": "TSD", "period": "2025-03", "annex1": [wage("1.001")]},
        {"kind": "TSD", "period": "2025-03", "annex1": [{**wage("1.00"), "basic_exemption": "yes"}]},
        {"kind": "KMD", "period": "2025-03", "supplies": [{"taxable_value": "1.00", "supplied_on": "2025-03-01"}]},
        {"kind": "TSD", "period": "2025-03", "annex7": [{"recipient": "A", "net": "1.00", "paid_on": "2025-3-1"}]},
        {
            "kind": "TSD",
            "period": "2025-03",
            "annex2": [{"recipient": "A", "country": "fin", "payment_type": "10", "gross": "1"}],
        },
    ],
)
def test_the_fast_check_and_the_full_validator_agree(data):
    import fastjsonschema

    from tax.calculator.compute import _fast_check, _validator

    try:
        _fast_check()(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == _validator().is_valid(data)
