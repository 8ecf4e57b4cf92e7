from django.urls import path

from tax import views

app_name = "tax"
urlpatterns = [
    path("rules/", views.rules_page, name="rules"),
    path("companies/", views.companies, name="companies"),
    path("companies/<str:registry_code>/", views.company, name="company"),
    path("companies/<str:registry_code>/people/add/", views.person_add, name="person_add"),
    path("companies/<str:registry_code>/people/board/", views.board_sync, name="board_sync"),
    path("companies/<str:registry_code>/vat/apply/", views.vat_apply, name="vat_apply"),
    path("companies/<str:registry_code>/mandates/grant/", views.mandate_grant, name="mandate_grant"),
    path("companies/<str:registry_code>/mandates/<uuid:code>/revoke/", views.mandate_revoke, name="mandate_revoke"),
    path("companies/<str:registry_code>/returns/new/<str:kind>/", views.return_new, name="return_new"),
    path("companies/<str:registry_code>/returns/upload/", views.return_upload, name="return_upload"),
    path("returns/<uuid:code>/", views.return_detail, name="return_detail"),
    path("returns/<uuid:code>/signed.pdf", views.return_pdf, name="return_pdf"),
    path("returns/<uuid:code>/receipt.pdf", views.return_receipt, name="return_receipt"),
    path("vat/applications/", views.vat_queue, name="vat_queue"),
    path("vat/applications/<uuid:code>/decide/", views.vat_decide, name="vat_decide"),
]
