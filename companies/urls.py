from django.urls import path, re_path

from companies.views import names, register

app_name = "companies"

urlpatterns = [
    path("", register.search, name="search"),
    path("open-data.jsonl", register.open_data, name="open_data"),
    path("names/check/", names.name_check, name="name_check"),
    path("names/reservations/", names.reservations, name="reservations"),
    path("names/reservations/<uuid:code>/extend/", names.reservation_extend, name="reservation_extend"),
    path("names/reservations/<uuid:code>/cancel/", names.reservation_cancel, name="reservation_cancel"),
    re_path(r"^(?P<registry_code>[0-9]{8})/$", register.card, name="card"),
    re_path(r"^(?P<registry_code>[0-9]{8})/card\.pdf$", register.card_pdf, name="card_pdf"),
]
