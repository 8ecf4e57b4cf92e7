"""The one settings module. Every value that differs between machines comes from the
environment through the typed readers in config.env; .env.example documents each one.

DJANGO_MODE=production switches on the production rules: no default secret, explicit
hosts, a real e-mail backend, HTTPS-only cookies and HSTS.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

MODE = env_choice("DJANGO_MODE", ("development", "production"), "development")
PRODUCTION = MODE == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode.")

# Runtime data (SQLite file, uploaded media, key store) lives outside the tracked tree.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 distinct ones.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required in production mode.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-secret-key-never-used-in-production-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

# Public address of this deployment: certificates name their CRL, OCSP and CA-issuers
# URLs under it, and e-mails link to it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prometheus",
    "oauth2_provider",
    "accounts",
    "audit",
    "exchange",
    "screening",
    "trust",
    "payments",
    "eresidency",
    "digital_id",
    "companies",
    "tax",
]

# The test suite adds a tiny app with a state machine to exercise the journal mixin.
TESTING = env_bool("DJANGO_TESTING", "pytest" in sys.modules)
if TESTING:
    INSTALLED_APPS.append("tests.fsm_app")

MIDDLEWARE = [
    # Operations (config/observability.py, django-prometheus): the request id and the
    # request metrics wrap everything else.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers
                # never read the same journal head and both append after it.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", "") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # e-residents sign in with their personal code and PIN1 (challenge signed by the ID's key).
    "digital_id.backends.DigitalIdBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour, like the real portal's magic link
EMAIL_VERIFICATION_MAX_AGE = env_int("EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24, minimum=60)

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "e-Residency")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Failures count per account (the normalised e-mail) and, separately, per client address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, though it holds the e-mail
AXES_USERNAME_CALLABLE = "accounts.throttling.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# A success clears only the account's own failures (accounts.signals), not the address's.
AXES_RESET_ON_SUCCESS = False
PASSWORD_RESET_THROTTLE_SECONDS = env_int("PASSWORD_RESET_THROTTLE_SECONDS", 3600, minimum=60)
PASSWORD_RESET_MAILS_PER_ADDRESS = env_int("PASSWORD_RESET_MAILS_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_REQUESTS_PER_CLIENT = env_int("PASSWORD_RESET_REQUESTS_PER_CLIENT", 10, minimum=1)
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every asset ships with the project: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *env_list("CSP_FORM_ACTION_EXTRA", [])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- JSON APIs (one framework for all: DRF + drf-spectacular, errors as problem+json) ---
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/minute"),
        "name_check": env_str("API_NAME_CHECK_RATE", "30/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-Residency, business register and tax board API",
    "DESCRIPTION": "Public and member JSON APIs. Errors are RFC 9457 problem details.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The member API's OAuth2 client-credentials flow (exchange/), scopes = services.
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/v1/oauth/token/",
}

# --- Data exchange (exchange/): member API with OAuth2 client credentials -------------
OAUTH2_PROVIDER = {
    # Scopes are services; a member may ask for those its active agreements name.
    "SCOPES_BACKEND_CLASS": "exchange.api.scopes.AgreementScopes",
    "OAUTH2_VALIDATOR_CLASS": "exchange.api.oauth.MemberValidator",
    # Only client credentials are used; follow RFC 9700 (the OAuth 2.0 security BCP) in full.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("EXCHANGE_TOKEN_SECONDS", 3600, minimum=60),
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "ALLOW_URI_WILDCARDS": False,
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
EXCHANGE_MEMBER_RATE = env_str("EXCHANGE_MEMBER_RATE", "600/minute")
EXCHANGE_TIMESTAMP_BATCH = env_int("EXCHANGE_TIMESTAMP_BATCH", 1000, minimum=1)
EXCHANGE_DPO_DAILY_READS = env_int("EXCHANGE_DPO_DAILY_READS", 50, minimum=1)

# --- E-mail ----------------------------------------------------------------------------
_DEV_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
if PRODUCTION and EMAIL_BACKEND in _DEV_EMAIL_BACKENDS:
    raise ImproperlyConfigured("Production mode needs a real e-mail backend (for example SMTP), not " + EMAIL_BACKEND)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "e-Residency <no-reply@localhost>")

# --- Background tasks -------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("et", _("Estonian")), ("th", _("Thai"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Tallinn"  # dates the law cares about are Tallinn dates
USE_TZ = True

# --- Static and media files -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 15 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Trust services (trust/) ------------------------------------------------------------
# Key store directory: private keys, each encrypted with TRUST_MASTER_KEY. Kept out of git.
TRUST_KEY_DIR = Path(env_str("TRUST_KEY_DIR", str(DATA_DIR / "keys")))
TRUST_MASTER_KEY = env_str("TRUST_MASTER_KEY", "" if PRODUCTION else "development-master-key-not-secret")
if PRODUCTION and len(TRUST_MASTER_KEY) < 32:
    raise ImproperlyConfigured("TRUST_MASTER_KEY must be at least 32 characters in production mode.")
# Extra trust anchors for the validation service (PEM files), beside this system's roots.
TRUST_EXTRA_ANCHORS = env_list("TRUST_EXTRA_ANCHORS", [])
TRUST_VALIDATION_MAX_BYTES = env_int("TRUST_VALIDATION_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
TRUST_VALIDATION_TIME_LIMIT = env_int("TRUST_VALIDATION_TIME_LIMIT", 20, minimum=1)
TRUST_KDF_MEMORY_KIB = env_int("TRUST_KDF_MEMORY_KIB", 64 * 1024, minimum=8)
TRUST_VALIDATION_MAX_OBJECTS = env_int("TRUST_VALIDATION_MAX_OBJECTS", 100_000, minimum=100)
TRUST_VALIDATION_WORKERS = env_int("TRUST_VALIDATION_WORKERS", 2, minimum=1, maximum=32)
# Signature validation (trust/validation): memory one validation may add, signatures per
# document, the named policy used when a request names none (SiVa's POLv4: qualified only;
# POLv3: any eIDAS level), and ETSI TS 119 612 trusted-list files to trust.
TRUST_VALIDATION_MEMORY_LIMIT_MB = env_int("TRUST_VALIDATION_MEMORY_LIMIT_MB", 384, minimum=64)
TRUST_VALIDATION_MAX_SIGNATURES = env_int("TRUST_VALIDATION_MAX_SIGNATURES", 100, minimum=1)
TRUST_VALIDATION_DEFAULT_POLICY = env_str("TRUST_VALIDATION_DEFAULT_POLICY", "POLv4")
TRUST_VALIDATION_TRUSTED_LISTS = env_list("TRUST_VALIDATION_TRUSTED_LISTS", [])
TRUST_ORGANISATION = env_str("TRUST_ORGANISATION", "e-Residency Trust Services")
# This CA is a qualified trust service provider (a national ID issuer): its trusted list
# marks it CA/QC, so its signatures are QES and its seals qualified seals (POLv4).
TRUST_CA_QUALIFIED = env_bool("TRUST_CA_QUALIFIED", True)
# Replace with the deployment's registered OID; the default is in the 2.999 example arc.
TRUST_TSA_POLICY_OID = env_str("TRUST_TSA_POLICY_OID", "2.999.1.3161")
TRUST_KEYSTORE_CLASS = env_str("TRUST_KEYSTORE_CLASS", "trust.keystore.FileKeyStore")

# --- Digital ID ------------------------------------------------------------------------
# Wraps the PIN envelopes waiting at pick-up points; kept out of the database. Rotate only
# when no card is waiting. Falls back to SECRET_KEY in development.
DIGITAL_ID_ENVELOPE_SECRET = env_str("DIGITAL_ID_ENVELOPE_SECRET", "")
if PRODUCTION and len(DIGITAL_ID_ENVELOPE_SECRET) < 32:
    raise ImproperlyConfigured("DIGITAL_ID_ENVELOPE_SECRET must be at least 32 characters in production mode.")

# --- e-Residency rules that the sources leave uncertain (estonia-facts §1.4) -------------
# The decision term: "30 days" in the English text, "30 working days" in the Estonian one.
ERESIDENCY_DECISION_DAYS = env_int("ERESIDENCY_DECISION_DAYS", 30, minimum=1)
ERESIDENCY_DECISION_DAY_KIND = env_choice("ERESIDENCY_DECISION_DAY_KIND", ("calendar", "working"), "calendar")
ERESIDENCY_DELIVERY_DAYS = env_int("ERESIDENCY_DELIVERY_DAYS", 35, minimum=1)
ERESIDENCY_PICKUP_WINDOW_MONTHS = env_int("ERESIDENCY_PICKUP_WINDOW_MONTHS", 6, minimum=1)

# --- Payments (payments/) ---------------------------------------------------------------
PAYMENTS_PROVIDER = env_choice("PAYMENTS_PROVIDER", ("local", "stripe"), "stripe" if PRODUCTION else "local")
PAYMENTS_LOCAL_ENABLED = env_bool("PAYMENTS_LOCAL_ENABLED", not PRODUCTION)
if PRODUCTION and PAYMENTS_LOCAL_ENABLED:
    raise ImproperlyConfigured("The local payment provider is for development only; it cannot run in production.")
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300, minimum=1)
STRIPE_WEBHOOK_FUTURE_SKEW = env_int("STRIPE_WEBHOOK_FUTURE_SKEW", 60, minimum=0)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2, minimum=0, maximum=10)
# Only tests point this at the fake Stripe server on loopback.
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "")
if PRODUCTION and PAYMENTS_PROVIDER == "stripe" and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required for Stripe payments.")

# --- Logs, health and metrics (config/observability.py, config/health.py) -----------------
# One line per record; LOG_FORMAT=json (the production default) writes JSON objects that a
# log shipper can index. Every record carries the request id (X-Request-ID).
LOG_FORMAT = env_choice("LOG_FORMAT", ("text", "json"), "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")},
    "loggers": {
        "django.tasks": {"level": "INFO"},
        "django_tasks": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # The access log (one line per request) comes from RequestIdMiddleware.
        "config.request": {"level": env_choice("ACCESS_LOG_LEVEL", ("INFO", "WARNING"), "INFO")},
        "django.server": {"level": "WARNING"},
    },
}
# /readyz fails when no task worker (manage.py task_worker) beat within this many seconds.
READY_WORKER_SEEN_SECONDS = env_int("READY_WORKER_SEEN_SECONDS", 120, minimum=15)
# /metrics answers a Prometheus scraper with this bearer token, or (without one) loopback only.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# Periodic jobs, each idempotent: `manage.py run_scheduled` runs them all once. `make run`
# runs it every hour; in production call it from cron (daily is enough).
SCHEDULED_COMMANDS = [
    ["expire_info_requests"],
    ["expire_uncollected"],
    ["expire_digital_ids"],
    ["send_renewal_invitations"],
    ["sweep_outbox"],
    ["timestamp_message_log"],
    ["anchor_journal"],
    ["expire_name_reservations"],  # business register (companies)
]

# The OFAC SDN snapshot that ships inside the repository (screening/data/, public domain).
SANCTIONS_DEMO_LIST = Path(env_str("SANCTIONS_DEMO_LIST", str(BASE_DIR / "screening" / "data" / "ofac_sdn.csv")))

# Commands `manage.py demo_data` runs, in order, to fill a development database.
DEMO_DATA_COMMANDS = [
    ["load_personas"],
    ["trust_init", "--if-missing"],
    ["load_pickup_locations"],
    ["generate_pickup_slots"],
    [
        "load_sanctions_list",
        "--format",
        "ofac-sdn",
        "--name",
        "OFAC SDN",
        "--published",
        "2024-05-03",
        str(SANCTIONS_DEMO_LIST),
    ],
    ["demo_applications"],
    ["demo_digital_ids"],
    ["demo_business_register"],  # business register (companies)
    ["demo_tax"],
    ["demo_exchange"],
]

# --- E-mail outbox (accounts.emails): attempts before a message is given up, first delay ---
EMAIL_OUTBOX_MAX_ATTEMPTS = env_int("EMAIL_OUTBOX_MAX_ATTEMPTS", 8, minimum=1, maximum=50)
EMAIL_OUTBOX_RETRY_SECONDS = env_int("EMAIL_OUTBOX_RETRY_SECONDS", 60, minimum=1)
