"""The return form's grid is read into the calculator's request format."""

from django.http import QueryDict

from tax.forms import field_for_path, request_from_post


def _post(**fields):
    q = QueryDict(mutable=True)
    for k, v in fields.items():
        q[k.replace("__", "-")] = v
    return q


def test_tsd_grid_becomes_a_request_and_empty_rows_are_skipped():
    post = _post(
        annex1__0__personal_code="36805280109",
        annex1__0__payment_type="10",
        annex1__0__gross="1 500,50".replace(" ", ""),
        annex1__0__basic_exemption="on",
        annex1__1__payment_type="10",
        annex1__1__pension_rate="2",
        annex2__0__recipient="Jane Roe",
        annex2__0__country="fi",
        annex2__0__payment_type="24",
        annex2__0__gross="900",
    )
    data = request_from_post(kind="TSD", period="2026-11", post=post, rows=3)
    assert data["annex1"] == [
        {"personal_code": "36805280109", "payment_type": "10", "gross": "1500.50", "basic_exemption": True}
    ]
    assert data["annex2"] == [{"recipient": "Jane Roe", "country": "FI", "payment_type": "24", "gross": "900"}]
    assert "annex7" not in data and "supplies" not in data


def test_kmd_grid_reads_supplies_purchases_and_input_vat():
    post = _post(
        supplies__0__category="standard",
        supplies__0__taxable_value="100",
        supplies__0__supplied_on="2026-11-02",
        supplies__1__category="standard",
        purchases__0__counterparty_code="10000356",
        purchases__0__taxable_value="50",
        purchases__0__vat="12",
        purchases__0__invoice_date="2026-11-03",
        input_vat="12,00",
    )
    data = request_from_post(kind="KMD", period="2026-11", post=post, rows=2)
    assert len(data["supplies"]) == 1 and data["purchases"][0]["vat"] == "12" and data["input_vat"] == "12.00"


def test_error_paths_map_to_input_names():
    assert field_for_path("annex1[2].gross") == "annex1-2-gross"
    assert field_for_path("period") == "period"
