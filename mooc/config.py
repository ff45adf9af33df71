"""Configuration defaults; the environment overrides them through `MOOC_*` variables."""

import os

LANGUAGES = ("en", "fr", "es")


class Config:
    """Defaults for every deployment; `MOOC_<NAME>` in the environment replaces `<NAME>`."""

    SECRET_KEY = "dev-only-change-me"
    DEVELOPMENT = False  # `make run` sets MOOC_DEVELOPMENT=1: plain-HTTP cookies on localhost
    DATABASE_URL = None  # None: SQLite under the instance folder
    # The public address every link that leaves the app is built from (mail, PDFs, QR codes).
    # None: http://localhost in development and tests (`make run` sets http://127.0.0.1:5000).
    BASE_URL = None
    CONTENT_DIR = None  # None: `content/` next to the package
    LANGUAGES = LANGUAGES
    DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    IFRAME_ALLOWED_HOSTS: tuple[str, ...] = ()
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    RATELIMIT_ENABLED = True  # explicit: Flask-Limiter otherwise keeps the previous app's value
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    LOGIN_LIMIT_PER_ADDRESS = "30 per minute"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute;20 per hour"
    MAIL_SERVER = None  # set MOOC_MAIL_SERVER to send mail; without it mail goes to the log
    MAIL_PORT = 25
    MAIL_SENDER = "no-reply@localhost"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    CERTIFICATES_DIR = None  # None: instance/certificates
    VERIFY_LIMIT = "30 per minute"  # public verification, per address
    ISSUER = "UCLG — Committee on Social Inclusion, Participatory Democracy and Human Rights"
    ISSUER_NAMES = {  # the issuer's name per language (its own words); others use ISSUER
        "fr": "CGLU — Commission Inclusion sociale, démocratie participative et droits humains",
        "es": "CGLU — Comisión de Inclusión Social, Democracia Participativa y Derechos Humanos",
    }
    # Open Badges credentials (docs/credentials.md): the issuer's profile and signing key.
    ISSUER_URL = None  # None: MOOC_BASE_URL
    ISSUER_EMAIL = None
    ISSUER_IMAGE_URL = None  # a public PNG or SVG of the issuer's emblem
    ISSUER_KEY_FILE = None  # None: instance/issuer-keys.json, created on first use
    CREDENTIAL_VALID_DAYS = None  # None: credentials do not expire (no validUntil)
    CREDENTIAL_UPLOAD_LIMIT = 2 * 1024 * 1024  # bytes: a file checked on /verify
    LINKEDIN_ORGANIZATION_ID = None  # LinkedIn's company id, instead of the issuer's name


def project_root() -> str:
    """Return the folder that holds the `mooc` package (the repository root in a checkout)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
