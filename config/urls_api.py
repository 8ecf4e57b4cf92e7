"""JSON APIs, one include per app that offers one; the OpenAPI document and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("trust/", include("trust.urls_api")),
    path("exchange/", include("exchange.api.urls")),
    path("v1/", include("exchange.api.urls_v1")),
    path("tax/", include("tax.urls_api")),
    path("companies/", include("companies.urls_api")),
]
