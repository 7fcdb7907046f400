"""One env-driven settings module.

With nothing set it is production and refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
``DJANGO_ENV=development`` (what ``make run`` sets) runs the embedded default: SQLite, media under ``media/``,
Celery on kombu's filesystem transport (a real worker, no server), e-mail to the console.
``DATABASE_URL`` switches to PostgreSQL, ``CELERY_BROKER_URL`` to Redis (the shared cache follows it).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Fail closed: with nothing set this is production (DEBUG off, a real SECRET_KEY required). ``make run``,
# ``run_portal`` and ``seed_demo`` set ``development``; pytest sets ``test`` (tests/djangoenv.py); the Docker
# image build uses ``build`` (collectstatic only).
ENVIRONMENTS = ("production", "development", "test", "build")
DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"DJANGO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"
# Keys that were ever published (in this repository's history, docs or compose file) are refused in production.
KNOWN_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "change-me-to-a-long-random-string-before-any-real-use",
    "build-only-not-a-secret",
}

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="").strip()
    if not SECRET_KEY or SECRET_KEY in KNOWN_SECRET_KEYS or SECRET_KEY.startswith("django-insecure-") \
            or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random string of at least 50 characters that was never published "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'). On a development machine set "
            "DJANGO_ENV=development instead.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
elif DJANGO_ENV == "build":
    SECRET_KEY = "build-only-not-a-secret"
    ALLOWED_HOSTS = []
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])
    DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "portal.apps.PortalConfig",
    "portal.accounts",
    "portal.reference",
    "portal.audit",
    "portal.notifications",
    "portal.councils",
    "planning",
    "portal.signatures",
    "portal.registers",
    "portal.ops",
    "competitions",
    "applications",
    "scoring",
    "opendata",
    "projects",
    "demo",  # the top layer: seed_demo and its builders; nothing imports it
]

MIDDLEWARE = [
    "portal.ops.request_id.RequestIdMiddleware",
    "portal.ops.metrics.MetricsMiddleware",
    # Every error under /api/ is JSON, whichever layer produced it (portal/api_http.py).
    "portal.api_http.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.ops.unavailable.DatabaseUnavailableMiddleware",
    # Last, so that it sees the lockout flag the sign-in set during the view.
    "axes.middleware.AxesMiddleware",
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
# A persistent connection broken by a database restart is noticed and replaced at the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    # Fail fast (then 503) when the server does not answer, rather than hanging a web process.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every web and worker process: sign-in lockouts, API throttles and mail throttles count
# there. CACHE_URL wins; else Redis when the broker is Redis; else a table in the database (the embedded
# default; created after every migrate). Tests count in memory and start empty each time.
_broker_url = env.str("CELERY_BROKER_URL", default="")
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif DJANGO_ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-tests"}}
elif _broker_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _broker_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
CACHES["default"].setdefault("KEY_PREFIX", "portal")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address before any check
    "rules.permissions.ObjectPermissionBackend",
    "portal.accounts.backends.EmailBackend",  # active accounts with a confirmed e-mail address only
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
    {"NAME": "portal.accounts.passwords.RevokeApiTokensOnChange"},  # not a rule: a hook on every new password
]
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "kk"  # the state language first (issue [2.6]); a browser's Accept-Language still wins
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# The project's catalogue first (makemessages writes there), then Kazakh overrides for Django's own
# messages that its bundled kk catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "portal" / "locale_django"]
FORMAT_MODULE_PATH = ["portal.formats"]  # Kazakh dates ("2 желтоқсан 2026 ж."): Django ships no kk formats
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
# Scaled out: media on S3-compatible storage (MinIO, Ceph, a cloud bucket) shared by every web and worker
# process, when a bucket is named. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "location": env.str("AWS_LOCATION", default="media"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }}

# Upload limits (bytes): per file and per application.
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_APPLICATION_BYTES = env.int("UPLOAD_MAX_APPLICATION_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Zip-based office files (DOCX, XLSX, ODT): at most this much once unpacked, and at most this many times the
# size of the upload (a "zip bomb" inflates past both).
UPLOAD_ZIP_MAX_BYTES = env.int("UPLOAD_ZIP_MAX_BYTES", default=100 * 1024 * 1024)
UPLOAD_ZIP_MAX_RATIO = env.int("UPLOAD_ZIP_MAX_RATIO", default=100)
# Optional virus scan before a file is stored: the path of clamd's unix socket. Unset: no scan. Set: every upload
# is streamed to clamd (INSTREAM); a finding refuses it, an unreachable clamd refuses it too (fail closed).
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@grants.example.kz")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Audit trail (portal/audit) --------------------------------------------------------------------
# The HMAC key of the audit chain lives here, outside the database. Production refuses to start without
# one or with one equal to SECRET_KEY (system check audit.E001/E002). Rotation: put the new key in
# AUDIT_HMAC_KEY and the old one in AUDIT_HMAC_OLD_KEYS (comma-separated): old events still verify.
DEV_AUDIT_HMAC_KEY = "dev-only-audit-hmac-key-not-for-production-5f1c0e7a9b2d4c68"
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="" if PRODUCTION else DEV_AUDIT_HMAC_KEY)
AUDIT_HMAC_OLD_KEYS = env.list("AUDIT_HMAC_OLD_KEYS", default=[])
AUDIT_SEAL_INTERVAL = env.float("AUDIT_SEAL_INTERVAL", default=3.0)  # seconds between sealer runs (2-5)
# Working days a body has to answer a public council's recommendation (Kazakhstan's calendar).
COUNCIL_ANSWER_WORKING_DAYS = env.int("COUNCIL_ANSWER_WORKING_DAYS", default=10)
EXPERT_COURSE_REQUIRED = env.bool("EXPERT_COURSE_REQUIRED", default=False)  # pools refuse experts without the course

# --- Celery --------------------------------------------------------------------------------------
CELERY_DATA_DIR = Path(env.str("CELERY_DATA_DIR", default=str(BASE_DIR / "var" / "celery")))
# "localhost" only silences kombu's "no hostname" warning: the filesystem transport has no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
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
    # Time limits below stay under this, so a task is never delivered twice while it still runs. A broker that
    # is down fails a publish in well under a second (the outbox keeps the work; workers reconnect on their own
    # terms, broker_connection_max_retries) instead of hanging the request for seconds of retries.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3, "max_retries": 2,
                                       "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# Django's LOGGING (JSON lines with the request id) applies in workers too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
CELERY_METRICS_ADDR = env.str("CELERY_METRICS_ADDR", default="127.0.0.1")

# --- Outbox (portal/notifications): side effects written with the change, delivered after the commit ---------
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=5.0)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
OUTBOX_BATCH = env.int("OUTBOX_BATCH", default=50)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=30)
# A worker rendering a report holds a lease it renews as it goes; a lapsed lease (the worker died) lets a
# redelivered task, a retry or the sweeper (every REPORT_SWEEP_SECONDS) take the report over.
REPORT_LEASE_SECONDS = env.int("REPORT_LEASE_SECONDS", default=300)
REPORT_SWEEP_SECONDS = env.float("REPORT_SWEEP_SECONDS", default=60.0)
# Test-only: seconds slept at each progress step of a report (the worker-kill test needs a slow render). 0 in use.
REPORT_TEST_STEP_SECONDS = env.float("REPORT_TEST_STEP_SECONDS", default=0.0)

# --- Open data (opendata/): 360Giving and OCDS files ------------------------------------------------------------
# The OCDS ocid prefix registered with the Open Contracting Partnership (the default is a placeholder: register
# yours), the 360Giving grant-id prefix (360G-...), the org-id.guide list of Kazakh BINs (identifiers.py says why).
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-kzsz01")
OPENDATA_GRANT_ID_PREFIX = env.str("OPENDATA_GRANT_ID_PREFIX", default="360G-kzsz")
OPENDATA_ORG_ID_PREFIX = env.str("OPENDATA_ORG_ID_PREFIX", default="KZ-BIN")
OPENDATA_PUBLISHER_NAME = env.str("OPENDATA_PUBLISHER_NAME", default="Social-order and grants portal of Kazakhstan")
OPENDATA_LANGUAGE = "kk"  # the language of names and titles in the files (falling back to ru, then en)
OPENDATA_REGENERATE_SECONDS = env.float("OPENDATA_REGENERATE_SECONDS", default=3600.0)

# Notification channels beside e-mail and in-app (portal/notifications/messaging.py). Unset, each uses an offline
# fake that records messages and sends nothing (tests, `make run`).
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_BOT_NAME = env.str("TELEGRAM_BOT_NAME", default="grants_portal_kz_bot")  # for t.me/<name>?start=<code>
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")  # X-Telegram-Bot-Api-Secret-Token
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
MESSAGING_TIMEOUT = env.float("MESSAGING_TIMEOUT", default=10.0)
CHANNEL_CODE_MINUTES = env.int("CHANNEL_CODE_MINUTES", default=15)

CELERY_BEAT_SCHEDULE = {
    "close-due-competitions": {"task": "competitions.close_due_competitions",
                               "schedule": env.float("CLOSE_DUE_SECONDS", default=60.0)},
    "send-review-reminders": {"task": "scoring.send_review_reminders", "schedule": 3600.0},
    # The audit sealer (see portal/audit/__init__.py); a run that waited too long is dropped, the next takes over.
    "seal-audit-events": {"task": "audit.seal", "schedule": AUDIT_SEAL_INTERVAL,
                          "options": {"expires": max(10.0, 3 * AUDIT_SEAL_INTERVAL)}},
    "publish-audit-head": {"task": "audit.publish_head", "schedule": crontab(hour=0, minute=5)},
    "notify-overdue-council-answers": {"task": "councils.notify_overdue", "schedule": 3600.0},
    "expire-expert-inclusions": {"task": "scoring.expire_inclusions", "schedule": crontab(hour=0, minute=25)},
    "recheck-unverified-organizations": {"task": "registers.recheck_unverified", "schedule": 1800.0},
    # Open data is also regenerated on every publication (through the outbox); this catches anything else.
    "regenerate-open-data": {"task": "opendata.regenerate", "schedule": OPENDATA_REGENERATE_SECONDS,
                             "options": {"expires": OPENDATA_REGENERATE_SECONDS}},
    "decline-unsigned-projects": {"task": "projects.decline_unsigned", "schedule": crontab(hour=1, minute=15)},
    "project-report-reminders": {"task": "projects.report_reminders", "schedule": crontab(hour=6, minute=30)},
    # Expires: sweeps queued while no worker ran are dropped, not piled up; the next one does the work.
    "sweep-stuck-reports": {"task": "scoring.sweep_reports", "schedule": REPORT_SWEEP_SECONDS,
                            "options": {"expires": REPORT_SWEEP_SECONDS * 2}},
    "outbox-sweep": {"task": "notifications.dispatch_outbox", "schedule": OUTBOX_SWEEP_SECONDS,
                     "options": {"expires": OUTBOX_SWEEP_SECONDS * 2}},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, as in portal/api_common.py: a wrong token is 401 with its WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "portal.api_http.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON answers only, whatever Accept says (portal/api_http.py); no "?format=" switch.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "portal.api_http.JsonNegotiation",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_PAGINATION_CLASS": "portal.api_http.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    # X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT proxies (see below) wrote it.
    "NUM_PROXIES": None,  # set below from TRUSTED_PROXY_COUNT
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social-order and grants portal API",
    "DESCRIPTION": "State social-order and grant competitions in Kazakhstan.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components (no read-only fields in them), closed to unknown keys.
    "COMPONENT_SPLIT_REQUEST": True,
    # Bodies are documented as JSON (the form encodings DRF also parses would make a second, lossy, variant of
    # every body for generated clients); uploads state their multipart body themselves.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Choice sets whose field name ("kind") is shared by several components get their own names.
    "ENUM_NAME_OVERRIDES": {"EvidenceKindEnum": "projects.enums.EvidenceKind"},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "portal.api_schema.strict_request_bodies"],
}

# --- Sign-in security ------------------------------------------------------------------------------
# How many reverse proxies in front of the portal append to X-Forwarded-For. 0: the header is ignored and
# the client is REMOTE_ADDR. Used by the API throttle, the sign-in lockout and the mail throttles alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

# django-axes: lock an account, and separately an address, after repeated failed sign-ins (pages, admin, API).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Mails anyone can trigger (sign-up, confirmation, password reset, invitations): per address and per client.
MAIL_LIMIT_PER_ADDRESS = env.int("MAIL_LIMIT_PER_ADDRESS", default=3)  # per hour
MAIL_LIMIT_PER_IP = env.int("MAIL_LIMIT_PER_IP", default=20)  # per hour

# API tokens (django-rest-knox): stored as SHA-512 digests, expire, listed and revocable on the profile page.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own AuthToken is swapped out for accounts.ApiToken, but its migrations would still create an unused
# knox_authtoken table (whose foreign key to the users then blocks PostgreSQL's flush): knox gets no migrations.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTH_HEADER_PREFIX": "Token",
}

# Second factor (django-otp TOTP + recovery codes). Roles: ngo, official, expert, observer, admin.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["official", "admin"] if PRODUCTION else [])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Grants portal")
MFA_RECOVERY_CODES = 10

# Sessions: an idle timeout (shorter for officials and administrators) and an absolute lifetime.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_IDLE_MINUTES_PRIVILEGED = env.int("SESSION_IDLE_MINUTES_PRIVILEGED", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy on every response (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
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
# Projects after the award: working days a winner has to sign the agreement before the grant goes to the next
# reserve; working days after a reporting period's end until its report is due.
PROJECT_SIGN_WORKING_DAYS = env.int("PROJECT_SIGN_WORKING_DAYS", default=10)
PROJECT_REPORT_DUE_WORKING_DAYS = env.int("PROJECT_REPORT_DUE_WORKING_DAYS", default=10)
PROJECT_REPORT_REMINDER_DAYS = env.int("PROJECT_REPORT_REMINDER_DAYS", default=5)  # working days before due
# Results evaluation: the outcome class by the panel's mean total as a percentage of the rubric's maximum.
PROJECT_OUTCOME_THRESHOLDS = {"successful": env.int("PROJECT_OUTCOME_SUCCESSFUL_PERCENT", default=80),
                              "satisfactory": env.int("PROJECT_OUTCOME_SATISFACTORY_PERCENT", default=60)}
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

# --- Operations: logs, metrics, error reports ---------------------------------------------------------------
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.ops.logs.RequestIdFilter"},
                "quiet_sealer": {"()": "portal.audit.logs.QuietSealer"}},
    "formatters": {
        "json": {"()": "portal.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint and fontTools log every laid-out page and subset font at INFO: keep worker logs readable.
        # django-axes logs every sign-in at INFO; failures and lockouts stay visible at WARNING.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
        # pyHanko logs every refused certificate path with a traceback; the portal reports the outcome itself.
        **{name: {"level": "CRITICAL"} for name in ("pyhanko", "pyhanko_certvalidator")},
        # The audit sealer runs every few seconds: no INFO line for each run.
        **{name: {"filters": ["quiet_sealer"]} for name in ("celery.beat", "celery.app.trace",
                                                             "celery.worker.strategy", "celery.worker.request")},
    },
}

# /metrics: allowed from these addresses or networks, or with "Authorization: Bearer <METRICS_TOKEN>".
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[] if PRODUCTION else ["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(dsn=SENTRY_DSN, environment=DJANGO_ENV, send_default_pii=False,
                    integrations=[DjangoIntegration(), CeleryIntegration()],
                    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0))

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
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
