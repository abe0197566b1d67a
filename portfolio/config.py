"""Configuration classes; every setting can come from an environment variable."""

from __future__ import annotations

import os
from datetime import timedelta


def _env_list(name: str, default: str) -> list[str]:
    """Split a comma-separated environment variable into a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


class Config:
    """Production defaults: secure cookies, no secret defaults."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    # Whole-page cache of the heavy read pages (core.pagecache): a Redis URL, unset
    # for REDIS_URL's, "0" for off; stored pages live at most PAGE_CACHE_SECONDS.
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL")
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    PAGE_CACHE_PREFIX = os.environ.get("PAGE_CACHE_PREFIX", "sop:page:")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5/minute;20/hour")
    LOGIN_IP_RATE_LIMIT = os.environ.get("LOGIN_IP_RATE_LIMIT", "100/hour")
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS", "127.0.0.1,localhost") or None
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024
    # argon2-cffi defaults are the RFC 9106 low-memory profile (t=3, m=64 MiB, p=4).
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "3"))
    ARGON2_MEMORY_KIB = int(os.environ.get("ARGON2_MEMORY_KIB", str(64 * 1024)))
    CENTRE_NAME = os.environ.get("CENTRE_NAME", "Northgate Training Centre")
    CENTRE_NUMBER = os.environ.get("CENTRE_NUMBER", "")
    STORAGE_DIR = os.environ.get("STORAGE_DIR")
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "portfolio@localhost")
    # PDF exports: job runner ("auto": RQ when REDIS_URL is set, else a thread),
    # render processes (unset: one per core; 0: in the job's own process).
    EXPORT_RUNNER = os.environ.get("EXPORT_RUNNER", "auto")
    EXPORT_QUEUE = os.environ.get("EXPORT_QUEUE", "exports")
    EXPORT_TIMEOUT = int(os.environ.get("EXPORT_TIMEOUT", "900"))
    PDF_WORKERS = os.environ.get("PDF_WORKERS")
    PDF_CACHE_DIR = os.environ.get("PDF_CACHE_DIR")
    # The centre's certificate that signs every export (PAdES): a PKCS#12 file
    # and its password; production refuses to export without it (issue 15).
    SIGNING_P12_PATH = os.environ.get("SIGNING_P12_PATH")
    SIGNING_P12_PASSWORD = os.environ.get("SIGNING_P12_PASSWORD", "")
    EQA_LINK_DAYS = int(os.environ.get("EQA_LINK_DAYS", "14"))
    # Evidence store (SECURITY #25-#31)
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    # STORAGE_BACKEND=s3: an S3-compatible bucket (STORAGE_DIR is then a cache).
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")
    S3_BUCKET = os.environ.get("S3_BUCKET", "portfolio")
    S3_ACCESS_KEY = os.environ.get("S3_ACCESS_KEY")
    S3_SECRET_KEY = os.environ.get("S3_SECRET_KEY")
    S3_REGION = os.environ.get("S3_REGION", "us-east-1")
    # flask reconcile (also at worker start): see docs/running-at-scale.md
    RECONCILE_GRACE_SECONDS = float(os.environ.get("RECONCILE_GRACE_SECONDS", "3600"))
    EXPORT_STALE_SECONDS = os.environ.get("EXPORT_STALE_SECONDS")
    UPLOAD_MAX_MB = float(os.environ.get("UPLOAD_MAX_MB", "20"))
    UPLOAD_QUOTA_MB = int(os.environ.get("UPLOAD_QUOTA_MB", "2048"))
    UPLOAD_QUOTA_FILES = int(os.environ.get("UPLOAD_QUOTA_FILES", "500"))
    TESTIMONY_LINK_DAYS = int(os.environ.get("TESTIMONY_LINK_DAYS", "14"))
    SIGN_LINK_RATE_LIMIT = os.environ.get("SIGN_LINK_RATE_LIMIT", "10/hour")
    # HMAC key for seals on signed records, kept outside the database (issue 16 #3).
    SEAL_KEY = os.environ.get("SEAL_KEY")
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Second factor (issue 16): roles that must enrol TOTP at their next sign-in.
    MFA_REQUIRED_ROLES = os.environ.get("MFA_REQUIRED_ROLES", "assessor,iqa,admin")
    MFA_RATE_LIMIT = os.environ.get("MFA_RATE_LIMIT", "5/minute;30/hour")
    MFA_ISSUER = os.environ.get("MFA_ISSUER", "Sales Order Portfolio")
    # Password reset links: lifetime, and the quiet time before another is e-mailed.
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "30"))
    PASSWORD_RESET_RESEND_SECONDS = int(
        os.environ.get("PASSWORD_RESET_RESEND_SECONDS", "300")
    )
    RESET_RATE_LIMIT = os.environ.get("RESET_RATE_LIMIT", "10/hour")
    # The first admin's one-time set-up link (`flask create-admin`).
    ACCOUNT_SETUP_HOURS = int(os.environ.get("ACCOUNT_SETUP_HOURS", "24"))
    # Sensitive actions ask for the password again after this long (SECURITY #10).
    REAUTH_MINUTES = int(os.environ.get("REAUTH_MINUTES", "15"))
    # Malware scanning of uploads: "clamav" (fail-closed) or "off" (development).
    MALWARE_SCANNER = os.environ.get("MALWARE_SCANNER", "clamav")
    CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "/var/run/clamav/clamd.ctl")
    CLAMAV_HOST = os.environ.get("CLAMAV_HOST")
    CLAMAV_PORT = int(os.environ.get("CLAMAV_PORT", "3310"))
    CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "30"))


class DevConfig(Config):
    """Local development: plain-HTTP cookies and a fixed, clearly unsafe key."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SEAL_KEY = os.environ.get("SEAL_KEY", "dev-only-seal-key")
    MFA_REQUIRED_ROLES = os.environ.get("MFA_REQUIRED_ROLES", "")
    MALWARE_SCANNER = os.environ.get("MALWARE_SCANNER", "off")
    # `flask signing-key create` writes a self-signed key here (make run does).
    SIGNING_P12_PATH: str | None = os.environ.get(
        "SIGNING_P12_PATH",
        os.path.join(os.path.dirname(__file__), "..", "instance", "dev-signing.p12"),
    )
    SIGNING_P12_PASSWORD = os.environ.get("SIGNING_P12_PASSWORD", "dev-only-signing")
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestConfig(DevConfig):
    """Test runs: fast password hashing and an in-memory database by default."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"
    SEAL_KEY = "test-seal-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_KIB = 19456
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    TRUSTED_HOSTS = None
    EXPORT_RUNNER = "manual"  # tests run export jobs explicitly (jobs.execute)
    MFA_REQUIRED_ROLES = ""  # tests that need the policy set it
    MALWARE_SCANNER = "off"  # the clamd fixture turns it on
    SIGNING_P12_PATH = None  # tests that check signatures make their own key
    # off, unless a run of the suite asks for it (tests of the cache give their own)
    PAGE_CACHE_URL = os.environ.get("TEST_PAGE_CACHE_URL", "0")
    PAGE_CACHE_PREFIX = ""  # a fresh prefix per app: tests never share pages


CONFIGS = {"production": Config, "development": DevConfig, "testing": TestConfig}


MIN_KEY_BYTES = 32
KNOWN_WEAK = {"dev", "dev-only-not-secret", "test-secret", "secret", "changeme"}


def check_production_secrets(config: dict) -> None:
    """Refuse to start in production with a short or known key (SECURITY #40)."""
    if config.get("ENV_NAME") != "production" or config.get("TESTING"):
        return
    for name in ("SECRET_KEY", "SEAL_KEY"):
        value = str(config.get(name) or "")
        if len(value.encode("utf-8")) < MIN_KEY_BYTES or value in KNOWN_WEAK:
            raise RuntimeError(
                f"{name} must be at least {MIN_KEY_BYTES} random bytes in production "
                "(make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
    if config.get("DEBUG"):
        raise RuntimeError("DEBUG must be off in production")
