from django.urls import path

from payments import views_hooks

app_name = "payment_hooks"
urlpatterns = [
    path("stripe/", views_hooks.stripe_webhook, name="stripe"),
]
