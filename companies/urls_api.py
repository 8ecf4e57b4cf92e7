"""The business register's JSON API, under /api/companies/ (no language prefix)."""

from django.urls import path, re_path

from companies import api

app_name = "companies_api"
urlpatterns = [
    path("name-check", api.NameCheckView.as_view(), name="name_check"),
    re_path(r"^(?P<registry_code>[0-9]{8})$", api.CompanyView.as_view(), name="company"),
    re_path(
        r"^(?P<registry_code>[0-9]{8})/representatives$", api.RepresentativesView.as_view(), name="representatives"
    ),
]
