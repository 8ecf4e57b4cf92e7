"""Issue 10: data people read is shown in their language; legal bases without raw URLs."""

from django.template import Context, Template
from django.utils import translation


def _render(text: str, **context) -> str:
    return Template("{% load data_i18n %}" + text).render(Context(context))


def test_fee_legal_basis_is_the_act_in_the_readers_language_without_urls():
    stored = "State Fees Act (Riigilõivuseadus): https://learn.e-resident.gov.ee/api/v2/x/1.json ; https://e.example/y"
    with translation.override("en"):
        assert _render("{{ v|legal_basis }}", v=stored) == "State Fees Act (Riigilõivuseadus)"
    with translation.override("et"):
        shown = _render("{{ v|legal_basis }}", v=stored)
        assert shown == "Riigilõivuseadus" and ".json" not in shown


def test_location_names_and_restriction_basis_are_translated():
    from eresidency.models import PickupLocation

    location = PickupLocation(name="Embassy of Estonia in Bangkok", city="Bangkok")
    with translation.override("th"):
        assert "สถานเอกอัครราชทูตเอสโตเนีย" in str(location)
        law = _render("{{ v|legal_basis }}", v="Decision of the Police and Border Guard Board, March 2022")
        assert law != "Decision of the Police and Border Guard Board, March 2022"
