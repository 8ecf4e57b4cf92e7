from django.urls import path

from trust import views

app_name = "trust"
urlpatterns = [
    path("", views.repository, name="repository"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("certificates/<uuid:code>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<uuid:code>/download/", views.certificate_download, name="certificate_download"),
]
