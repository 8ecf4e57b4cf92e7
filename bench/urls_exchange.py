"""The project's URLs plus a bare view that answers "who may represent" straight from the
provider, with no token, agreement, signature or log: the member API's baseline."""

from django.http import JsonResponse
from django.urls import path

from bench.urls import urlpatterns as bench_urlpatterns


def bare_representation(request, registry_code: str):
    from exchange.registry import get_service

    record = get_service("business_register.representation").handler(registry_code)
    fields = ("registry_code", "name", "representatives")
    return JsonResponse({"data": {f: record.fields.get(f) for f in fields}})


urlpatterns = [path("bench/representation/<str:registry_code>/", bare_representation), *bench_urlpatterns]
