from django.urls import path  # noqa: F401

app_name = "digital_id"
urlpatterns: list = []
