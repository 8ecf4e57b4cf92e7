from django.urls import path  # noqa: F401

app_name = "payment_hooks"
urlpatterns: list = []
