"""The member API, version 1, under /api/v1/ (language-free; members have it configured)."""

from django.urls import path
from oauth2_provider.views import TokenView

from exchange.api import views

app_name = "exchange_api_v1"
urlpatterns = [
    path("oauth/token/", TokenView.as_view(), name="token"),
    path("services/", views.MemberServicesView.as_view(), name="services"),
    path("services/<str:service_code>/query/", views.ServiceQueryView.as_view(), name="query"),
    path("usage/", views.MemberUsageView.as_view(), name="usage"),
]
