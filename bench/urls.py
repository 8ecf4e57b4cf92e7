"""The project's URLs plus two bare views, so all are served through the same stack."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok")


def bare_signed_in(request):
    # Touching the user loads the session, the user and (for officials) the second-factor
    # device: the fixed cost every signed-in page pays before its own work.
    return HttpResponse(request.user.get_username())


urlpatterns = [path("bench/bare/", bare), path("bench/bare-signed-in/", bare_signed_in), *project_urlpatterns]
