from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("", views.my_payments, name="mine"),
    path("<uuid:code>/", views.payment_detail, name="detail"),
    path("<uuid:code>/status.json", views.payment_status, name="status"),
    path("<uuid:code>/pay/", views.payment_pay, name="pay"),
    path("<uuid:code>/receipt.pdf", views.payment_receipt, name="receipt"),
    path("checkout/local/<uuid:code>/", views.local_checkout, name="local_checkout"),
    path("operations/", views.operations, name="operations"),
    path("operations/payments/<uuid:code>/", views.payment_manage, name="manage"),
    path("operations/payments/<uuid:code>/refund/", views.payment_refund, name="refund"),
    path("operations/payments/<uuid:code>/resolve/", views.payment_resolve, name="resolve"),
    path("operations/handoffs/<uuid:code>/retry/", views.handoff_retry, name="handoff_retry"),
]
