"""Tax rules as dated data: the files load, every value has a reference, the selector
answers by date, and a wrong file stops the start loudly."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from tax import rules
from tax.rules import NoRuleInForce, RulesFileError, load_rules, value_of


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(rules.DATA_DIR, target)
    return target


def test_every_value_has_reference_url_and_status_and_uncertain_ones_a_note():
    book = load_rules()
    assert len(book.parameters) >= 20
    for parameter in book.parameters.values():
        for value in parameter.values:
            assert value.reference and value.url.startswith("http")
            assert value.status in ("verified", "secondary", "uncertain")
            if value.status == "uncertain":
                assert value.note, parameter.name


def test_fact_sheet_u_values_are_marked_uncertain():
    # §3.3: social tax minimum base 2026 €886 is [U]; §3.6: the 2026 income tax law date is [U].
    assert value_of("social_tax_minimum_base_monthly", date(2026, 3, 1)).status == "uncertain"
    assert value_of("income_tax_rate", date(2026, 3, 1)).status == "uncertain"
    # §3.4: the 20 % VAT start date 2009-07-01 is [U].
    assert value_of("vat_standard_rate", date(2020, 1, 1)).status == "uncertain"


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        # §3.1 CIT on distributions: 21/79 to 2014, 20/80 from 2015, 22/78 from 2025.
        ("cit_distribution_rate", date(2014, 12, 31), "21/79"),
        ("cit_distribution_rate", date(2015, 1, 1), "20/80"),
        ("cit_distribution_rate", date(2024, 12, 31), "20/80"),
        ("cit_distribution_rate", date(2025, 1, 1), "22/78"),
        # §3.4 VAT: 20 % → 22 % on 2024-01-01 → 24 % on 2025-07-01.
        ("vat_standard_rate", date(2023, 12, 31), "20"),
        ("vat_standard_rate", date(2024, 1, 1), "22"),
        ("vat_standard_rate", date(2025, 6, 30), "22"),
        ("vat_standard_rate", date(2025, 7, 1), "24"),
        # §3.4 accommodation 9 → 13 %, press 5 → 9 % from 2025-01-01.
        ("vat_accommodation_rate", date(2025, 1, 1), "13"),
        ("vat_press_rate", date(2024, 12, 31), "5"),
        # §3.3 basic exemption: 654 in 2025, flat 700 in 2026.
        ("basic_exemption_monthly", date(2025, 6, 1), "654.00"),
        ("basic_exemption_monthly", date(2026, 1, 1), "700.00"),
        # §3.3 social tax minimum base €820 in 2025.
        ("social_tax_minimum_base_monthly", date(2025, 12, 31), "820.00"),
        # §3.5 interest: none 01.03–17.05.2020, 0.03 % to 2021, 0.06 % after.
        ("late_interest_daily_rate", date(2020, 4, 1), "0"),
        ("late_interest_daily_rate", date(2021, 6, 1), "0.03"),
        ("late_interest_daily_rate", date(2022, 1, 1), "0.06"),
        ("tsd_due_day", date(2025, 1, 1), "10"),
        ("kmd_due_day", date(2025, 1, 1), "20"),
        ("kmd_inf_threshold", date(2025, 1, 1), "1000.00"),
        ("vat_registration_threshold", date(2025, 1, 1), "40000.00"),
        ("no_arrears_limit", date(2025, 1, 1), "10.00"),
    ],
)
def test_value_of_answers_by_date(name, on, expected):
    assert value_of(name, on).raw == expected


def test_values_know_their_end_date():
    v = value_of("vat_standard_rate", date(2024, 6, 1))
    assert (v.start, v.end) == (date(2024, 1, 1), date(2025, 6, 30))
    assert v.factor == Decimal("0.22")


def test_a_rule_before_its_first_value_or_after_abolition_is_not_in_force():
    with pytest.raises(NoRuleInForce):
        value_of("vat_standard_rate", date(2000, 1, 1))
    # §3.1: the 14/86 regular-dividend rate was abolished on 2025-01-01.
    assert value_of("cit_regular_dividend_rate", date(2024, 1, 1)).raw == "14/86"
    with pytest.raises(NoRuleInForce):
        value_of("cit_regular_dividend_rate", date(2025, 1, 1))
    with pytest.raises(LookupError):
        value_of("no_such_rule", date(2025, 1, 1))


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "vat.yaml",
            "        reference: Value Added Tax Act § 15(1) (wording in force 2024",
            "        refrence: x (",
            "vat.yaml",
        ),
        ("vat.yaml", "- from: 2025-07-01", "- from: 2023-07-01", "in order of their start dates"),
        ("corporate.yaml", 'value: "20/80"', 'value: "80/20"', "not a fraction below one"),
        ("payroll.yaml", "unit: eur\n", "unit: euro\n", "payroll.yaml"),
        ("procedure.yaml", 'value: "10"\n', 'value: "31"\n', "not a day every month has"),
        ("vat.yaml", "  vat_press_rate:", "  vat_reduced_rate:", "appears twice"),
        ("vat.yaml", 'value: "24"', "value: 24 percent", "vat.yaml"),
        (
            "payroll.yaml",
            "        status: uncertain\n        note: Not in the fact sheet; 2024",
            "        status: uncertain\n        x: Not in the fact sheet; 2024",
            "payroll.yaml",
        ),
    ],
)
def test_a_wrong_file_is_refused_naming_the_file(rules_copy, file, old, new, message):
    _edit(rules_copy / file, old, new)
    with pytest.raises(RulesFileError) as caught:
        load_rules(rules_copy)
    assert message in str(caught.value)


def test_a_missing_required_parameter_is_refused(rules_copy):
    (rules_copy / "procedure.yaml").unlink()
    with pytest.raises(RulesFileError, match="tsd_due_day"):
        load_rules(rules_copy)


def test_the_app_refuses_to_start_with_a_wrong_file(rules_copy, monkeypatch):
    _edit(
        rules_copy / "corporate.yaml",
        'value: "22/78"\n        reference: Income Tax Act § 50(1) as amended',
        'value: "abc"\n        reference: Income Tax Act § 50(1) as amended',
    )
    monkeypatch.setattr(rules, "DATA_DIR", rules_copy)
    good = rules.rules()
    try:
        with pytest.raises(RulesFileError, match=r"corporate\.yaml"):
            apps.get_app_config("tax").ready()
    finally:
        rules.install(good)


@pytest.mark.django_db
def test_rules_page_lists_every_parameter_with_history_and_references(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/tax/rules/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in load_rules().parameters:
        assert f'id="rule-{name}"' in html
    assert "22/78" in html and "20/80" in html and "21/79" in html
    assert "https://news.err.ee/1609687289/government-makes-vat-rise-permanent" in html
    assert "uncertain" in html
