"""The public validation pages, under /validate/ (with the language prefix)."""

from django.urls import path

from trust import views_validation

app_name = "validation"
urlpatterns = [
    path("", views_validation.validate, name="validate"),
    path("report/", views_validation.report, name="report"),
    path("report.pdf", views_validation.report_pdf, name="report_pdf"),
]
