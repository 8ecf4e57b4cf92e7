"""The trust services' JSON API, under /api/trust/ (no language prefix)."""

from django.urls import path

from trust import views_validation

app_name = "trust_api"
urlpatterns = [
    path("validate", views_validation.api_validate, name="validate"),
]
