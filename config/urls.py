from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.views import language_set
from config import health
from config.views import landing

# Machine endpoints (OCSP, CRL, TSA, webhooks, JSON APIs) keep language-free addresses:
# certificates and outside tools have them baked in.
urlpatterns = [
    # Our own switcher (works from every language's pages), under Django's name.
    path("i18n/setlang/", language_set, name="set_language"),
    path("pki/", include("trust.urls_public")),
    path("payments/hooks/", include("payments.urls_hooks")),
    path("api/", include("config.urls_api")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Probes and metrics for the operators (config/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
]

urlpatterns += i18n_patterns(
    path("", landing, name="home"),
    path("accounts/", include("accounts.urls")),
    path("trust/", include("trust.urls")),
    path("validate/", include("trust.urls_validation")),
    path("payments/", include("payments.urls")),
    path("eresidency/", include("eresidency.urls")),
    path("id/", include("digital_id.urls")),
    path("tax/", include("tax.urls")),
    path("companies/", include("companies.urls")),
    path("exchange/", include("exchange.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler403 = "accounts.views.error_403"
handler404 = "accounts.views.error_404"
handler500 = "accounts.views.error_500"
