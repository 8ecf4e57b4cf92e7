"""The exchange's public JSON, under /api/exchange/."""

from django.urls import path

from exchange.api import views

app_name = "exchange_api"
urlpatterns = [
    path("services/", views.ServiceCatalogueView.as_view(), name="services"),
    path("anchors/", views.AnchorListView.as_view(), name="anchors"),
]
