"""One env-driven settings module.

With nothing set it runs the embedded default: SQLite, media under ``media/``, Celery on kombu's
filesystem transport (a real worker, no server), e-mail to the console. ``DATABASE_URL`` switches to
PostgreSQL, ``CELERY_BROKER_URL`` to Redis, ``DJANGO_ENV=production`` to hardened settings.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])
    DEBUG = env.bool("DEBUG", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "portal.apps.PortalConfig",
    "portal.accounts",
    "portal.reference",
    "portal.audit",
    "portal.notifications",
    "portal.signatures",
    "portal.registers",
    "competitions",
    "applications",
    "scoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# The project's catalogue first (makemessages writes there), then Kazakh overrides for Django's own
# messages that its bundled kk catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "portal" / "locale_django"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if DJANGO_ENV in ("production", "build")  # "build": collectstatic inside the Docker image
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files are never served by URL; only permission-checked views stream them.
MEDIA_URL = "/media-not-served/"

# Upload limits (bytes): per file and per application.
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_APPLICATION_BYTES = env.int("UPLOAD_MAX_APPLICATION_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The cache keeps register answers (and is shared by every process when CACHE_URL points at Redis).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@grants.example.kz")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Celery --------------------------------------------------------------------------------------
CELERY_DATA_DIR = Path(env.str("CELERY_DATA_DIR", default=str(BASE_DIR / "var" / "celery")))
# "localhost" only silences kombu's "no hostname" warning: the filesystem transport has no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("in", "processed", "control"):
        (CELERY_DATA_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "in"),
        "data_folder_out": str(CELERY_DATA_DIR / "in"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
else:
    # Time limits below stay under this, so a task is never delivered twice while it still runs.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "close-due-competitions": {"task": "competitions.close_due_competitions", "schedule": 60.0},
    "send-review-reminders": {"task": "scoring.send_review_reminders", "schedule": 3600.0},
    "recheck-unverified-organizations": {"task": "registers.recheck_unverified", "schedule": 1800.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social-order and grants portal API",
    "DESCRIPTION": "State social-order and grant competitions in Kazakhstan.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- Electronic signatures (EDS) and the portal's PDF seal (README: "Signatures and registers") ----------
# The server side of signing: "portal.signatures.local.LocalCmsVerifier" verifies standard CMS (RSA/ECDSA) against
# SIGNATURE_TRUSTED_CA_FILES; "portal.signatures.ncanode.NcaNodeVerifier" asks an NCANode server (Kazakh GOST
# certificates, OCSP/CRL) at NCANODE_URL.
SIGNATURE_VERIFIER = env.str("SIGNATURE_VERIFIER", default="portal.signatures.ncanode.NcaNodeVerifier"
                             if env.str("NCANODE_URL", default="") else "portal.signatures.local.LocalCmsVerifier")
SIGNATURE_TRUSTED_CA_FILES = env.list("SIGNATURE_TRUSTED_CA_FILES", default=[])
NCANODE_URL = env.str("NCANODE_URL", default="")
NCANODE_TIMEOUT = env.float("NCANODE_TIMEOUT", default=10.0)
NCANODE_REVOCATION_CHECK = env.list("NCANODE_REVOCATION_CHECK", default=["OCSP"])
# Document kinds whose signature is required (the others may be signed). Production: all four; the embedded
# default: none, so that `make run` needs no NCALayer.
SIGNATURE_REQUIRED_KINDS = env.list(
    "SIGNATURE_REQUIRED_KINDS",
    default=["application", "agreement", "evaluation", "protocol"] if PRODUCTION else [])
SIGNATURE_REQUIRED = {kind: kind in SIGNATURE_REQUIRED_KINDS
                      for kind in ("application", "agreement", "evaluation", "protocol")}
# The seal every issued PDF carries (PAdES): a PEM key + certificate, or a PKCS#12 file with its passphrase.
# Unset: a self-signed development seal is generated once into PDF_SEAL_DIR.
PDF_SEAL_KEY_FILE = env.str("PDF_SEAL_KEY_FILE", default="")
PDF_SEAL_CERT_FILE = env.str("PDF_SEAL_CERT_FILE", default="")
PDF_SEAL_PKCS12_FILE = env.str("PDF_SEAL_PKCS12_FILE", default="")
PDF_SEAL_PASSPHRASE = env.str("PDF_SEAL_PASSPHRASE", default="")
PDF_SEAL_DIR = Path(env.str("PDF_SEAL_DIR", default=str(BASE_DIR / "var" / "seal")))

# --- State registers (legal entities, NGO database) -----------------------------------------------------
# "portal.registers.offline.FixtureRegister" answers from REGISTER_FIXTURE_FILE; "portal.registers.http.HttpRegister"
# asks the register gateway at REGISTER_URL with timeouts, bounded retries and the Django cache.
REGISTER_BACKEND = env.str("REGISTER_BACKEND", default="portal.registers.http.HttpRegister"
                           if env.str("REGISTER_URL", default="") else "portal.registers.offline.FixtureRegister")
REGISTER_URL = env.str("REGISTER_URL", default="")
REGISTER_TOKEN = env.str("REGISTER_TOKEN", default="")
REGISTER_TIMEOUT = env.float("REGISTER_TIMEOUT", default=5.0)
REGISTER_RETRIES = env.int("REGISTER_RETRIES", default=2)
REGISTER_CACHE_SECONDS = env.int("REGISTER_CACHE_SECONDS", default=6 * 3600)
REGISTER_FIXTURE_FILE = env.str("REGISTER_FIXTURE_FILE",
                                default=str(BASE_DIR / "portal" / "registers" / "fixtures" / "registry.json"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every laid-out page and subset font at INFO: keep worker logs readable.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")}
    # pyHanko logs every refused certificate path with a traceback; the portal reports the outcome itself.
    | {"pyhanko": {"level": "CRITICAL"}, "pyhanko_certvalidator": {"level": "CRITICAL"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
