"""The trust services' JSON API, under /api/trust/ (no language prefix)."""

from django.urls import path

from trust.api_validation import ValidateView

app_name = "trust_api"
urlpatterns = [
    path("validate", ValidateView.as_view(), name="validate"),
]
