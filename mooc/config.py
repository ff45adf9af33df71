"""Configuration defaults; the environment overrides them through `MOOC_*` variables."""

import os

LANGUAGES = ("en", "fr", "es")


class Config:
    """Defaults for every deployment; `MOOC_<NAME>` in the environment replaces `<NAME>`."""

    SECRET_KEY = "dev-only-change-me"
    DEVELOPMENT = False  # `make run` sets MOOC_DEVELOPMENT=1: plain-HTTP cookies on localhost
    DATABASE_URL = None  # None: SQLite under the instance folder
    # A server database's pooled connection idle longer than this (seconds) is pinged before use
    # (a server or firewall may have dropped it); one used more recently is not (see
    # docs/operations.md, "Database connections"). 0: ping on every checkout.
    DATABASE_PING_AFTER = 30
    DATABASE_RECYCLE = 1800  # seconds: a pooled connection older than this is opened anew
    # The public address every link that leaves the app is built from (mail, PDFs, QR codes).
    # None: http://localhost in development and tests (`make run` sets http://127.0.0.1:5000).
    BASE_URL = None
    # Host names besides BASE_URL's that requests may use (comma-separated); others get 400.
    TRUSTED_HOSTS: tuple[str, ...] = ()
    PROXIES = 0  # reverse proxies in front (X-Forwarded-For/-Proto trusted from that many)
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
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute;20 per hour"  # failed sign-ins, every route
    REGISTER_LIMIT_PER_EMAIL = "3 per hour"  # API registrations asked for one address
    MAIL_SERVER = None  # set MOOC_MAIL_SERVER to send mail; without it mail goes to the log
    MAIL_PORT = 25
    MAIL_SENDER = "no-reply@localhost"
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_TIMEOUT = 10  # seconds for the SMTP server to answer
    # Jobs (mooc/jobs): the queue's storage, None = SQLite under instance/ (nothing to install);
    # redis://host:6379/0 in production (every web server and worker pointing at it).
    JOBS_URL = None
    JOBS_QUEUE = "mooc"  # the queue's name (its Redis keys): one per deployment sharing a Redis
    JOBS_IMMEDIATE = False  # run each job where it is queued, at once (the test suite)
    JOBS_THREADS = 2  # jobs at a time per `flask worker`
    JOBS_ATTEMPTS = 5  # a failing job runs at most this many times …
    JOBS_RETRY_DELAY = 10  # … waiting 10 s, then 20, 40, 80 s between attempts
    JOBS_LEASE = 120  # seconds without news after which another worker takes a job over
    JOBS_UPKEEP_SECONDS = 60  # a worker's upkeep (stuck jobs, features' `@upkeep`) this often
    JOBS_RESULTS_DIR = None  # None: instance/job-results (shared storage with several machines)
    JOBS_RESULT_HOURS = 24  # how long a report or archive stays downloadable
    JOBS_KEEP_DAYS = 30  # finished jobs are forgotten after this many days
    # Reports of more learners than this are prepared by a worker: measured on 2 busy cores, a
    # PDF of 50 learners took 10–12 s, Excel 0.2–0.8 s for 100–300 and 3.1 s for 2,000.
    REPORT_JOB_LEARNERS = {"pdf": 25, "xlsx": 1000}
    REMINDER_MESSAGE_LENGTH = 1000
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    CERTIFICATES_DIR = None  # None: instance/certificates
    OFFLINE_DIR = None  # None: instance/offline (the courses' offline PDFs; shared storage too)
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
    # The certificate's design: the issuer's emblem (a PNG/SVG file; None: the shipped one) and
    # the signature block (the signatory's name, title per language, optional signature image).
    CERTIFICATE_EMBLEM = None
    SIGNATORY_NAME = None
    SIGNATORY_TITLE = (
        "For the Committee on Social Inclusion, Participatory Democracy and Human Rights"
    )
    SIGNATORY_TITLES = {
        "fr": "Pour la Commission Inclusion sociale, démocratie participative et droits humains",
        "es": "Por la Comisión de Inclusión Social, Democracia Participativa y Derechos Humanos",
    }
    SIGNATURE_IMAGE = None
    LINKEDIN_ORGANIZATION_ID = None  # LinkedIn's company id, instead of the issuer's name
    # Assignments: days a reviewer has before her review goes to someone else, and the courses
    # (ids) whose authors see their reviewers' names (reviews are anonymous elsewhere).
    ASSIGNMENTS_REVIEW_DAYS = 7
    ASSIGNMENTS_NAMED_REVIEWS: tuple[str, ...] = ()
    # xAPI learning records (docs/xapi.md): off, and nothing recorded, while LRS_URL is unset.
    LRS_URL = None  # the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/
    LRS_KEY = None  # basic auth: the LRS client's key …
    LRS_SECRET = None  # … and its secret
    XAPI_ACTOR = "account"  # account (our account id) | mbox (the email) | mbox_sha1sum
    XAPI_PLATFORM = "UCLG MOOC on human rights cities"  # context.platform, the platform's name
    XAPI_BATCH = 100  # statements per POST
    XAPI_TIMEOUT = 10  # seconds for the LRS to answer
    XAPI_RETRY_DELAY = 10  # after a failure the sender waits 10 s, then 20, 40 … seconds …
    XAPI_RETRY_MAX = 3600  # … at most an hour between attempts, for as long as the LRS is down
    XAPI_LEASE = 120  # seconds without news after which another sender takes over


def project_root() -> str:
    """Return the folder that holds the `mooc` package (the repository root in a checkout)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
