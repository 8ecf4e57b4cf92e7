"""JSON APIs, one include per app that offers one."""

from django.urls import include, path

urlpatterns = [
    path("trust/", include("trust.urls_api")),
]
