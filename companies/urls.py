from django.urls import path, re_path

from companies.views import founding, names, register, registrar

app_name = "companies"

urlpatterns = [
    path("", register.search, name="search"),
    path("open-data.jsonl", register.open_data, name="open_data"),
    path("names/check/", names.name_check, name="name_check"),
    path("names/reservations/", names.reservations, name="reservations"),
    path("names/reservations/<uuid:code>/extend/", names.reservation_extend, name="reservation_extend"),
    path("names/reservations/<uuid:code>/cancel/", names.reservation_cancel, name="reservation_cancel"),
    path("found/", founding.start, name="founding_start"),
    path("found/<uuid:code>/", founding.founding, name="founding"),
    path("found/<uuid:code>/data/", founding.update, name="founding_update"),
    path("found/<uuid:code>/founders/", founding.founder_add, name="founder_add"),
    path("found/<uuid:code>/board/", founding.board_add, name="board_add"),
    path("found/<uuid:code>/send/", founding.send, name="founding_send"),
    path("found/<uuid:code>/sign/", founding.sign, name="founding_sign"),
    path("found/<uuid:code>/pay/", founding.pay, name="founding_pay"),
    path("found/<uuid:code>/withdraw/", founding.withdraw, name="founding_withdraw"),
    path("found/<uuid:code>/answer/", founding.answer, name="founding_answer"),
    path("found/<uuid:code>/document.pdf", founding.document, name="founding_document"),
    path("registrar/", registrar.queue, name="queue"),
    path("registrar/<uuid:code>/", registrar.detail, name="review"),
    path("registrar/<uuid:code>/document.pdf", registrar.review_document, name="review_document"),
    path("registrar/<uuid:code>/claim/", registrar.claim, name="claim"),
    path("registrar/<uuid:code>/release/", registrar.release, name="release"),
    path("registrar/<uuid:code>/register/", registrar.register, name="register"),
    path("registrar/<uuid:code>/refuse/", registrar.refuse, name="refuse"),
    path("registrar/<uuid:code>/deficiencies/", registrar.deficiencies, name="deficiencies"),
    path("verify/<uuid:code>/", registrar.verify, name="verify"),
    re_path(r"^(?P<registry_code>[0-9]{8})/$", register.card, name="card"),
    re_path(r"^(?P<registry_code>[0-9]{8})/card\.pdf$", register.card_pdf, name="card_pdf"),
]
