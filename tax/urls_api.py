"""The tax board's JSON API, under /api/tax/ (no language prefix)."""

from django.urls import path

from tax import views_api

app_name = "tax_api"
urlpatterns = [
    path("calculate", views_api.CalculateView.as_view(), name="calculate"),
    path("calculate/schema", views_api.CalculateSchemaView.as_view(), name="calculate-schema"),
]
