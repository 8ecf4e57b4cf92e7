from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.csv", views.my_data_csv, name="my_data_csv"),
    path("dpo/", views.dpo, name="dpo"),
    path("anchors/", views.anchors, name="anchors"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<uuid:code>/", views.agreement_detail, name="agreement"),
    path("agreements/<uuid:code>/agreement.pdf", views.agreement_document, name="agreement_document"),
    path("agreements/<uuid:code>/sign/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<uuid:code>/<str:action>/", views.agreement_change, name="agreement_change"),
    path("members/", views.member_list, name="members"),
    path("members/apply/", views.member_apply, name="member_apply"),
    path("members/<uuid:code>/", views.member_detail, name="member"),
    path("members/<uuid:code>/credentials/", views.member_credentials, name="member_credentials"),
    path("members/<uuid:code>/messages.zip", views.member_messages, name="member_messages"),
    path("members/<uuid:code>/<str:action>/", views.member_decide, name="member_decide"),
]
