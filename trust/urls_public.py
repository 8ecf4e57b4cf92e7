"""Language-free /pki/ endpoints (mounted by config/urls.py). No trailing slashes: these
URLs are written into certificates and POSTed to by OCSP and TSA clients."""

from django.urls import path

from trust import views_public

app_name = "pki"
urlpatterns = [
    path("ca/<slug:slug>.cer", views_public.ca_certificate, name="ca_certificate"),
    path("crl/<slug:slug>.crl", views_public.crl, name="crl"),
    path("ocsp", views_public.ocsp, name="ocsp"),
    path("ocsp/<path:encoded>", views_public.ocsp, name="ocsp_get"),
    path("tsa", views_public.tsa, name="tsa"),
]
