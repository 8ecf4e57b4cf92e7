from django.urls import path

from tax import views

app_name = "tax"
urlpatterns = [
    path("rules/", views.rules_page, name="rules"),
]
