"""The production profile: what DEBUG=0 demands and what it turns on.

Settings are read once, when Django starts, so each case starts a fresh Python with the
environment under test, as a deploy would.
"""

import json
import subprocess
import sys

import pytest

from tests.ops.servers import ROOT, clean_environ

LONG_SECRET = "t3st-0nly-" + "k" * 20 + "x7Qz9wVbN4mP2rL8sJ5hF1dG6cY3aE0u"

# What README's "Running in production" asks for (the secret key aside).
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": LONG_SECRET,
    "ALLOWED_HOSTS": "archive.example.org",
    "DATABASE_URL": "postgres://archive@db.example.org:5432/archive",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=clean_environ(DJANGO_SETTINGS_MODULE="archive.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(*names: str, **env: str) -> dict:
    code = (
        "from django.conf import settings; import json; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = run_django(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environ(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run_django("", DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_debug_off_refuses_the_public_development_key():
    result = run_django("", DEBUG="0", SECRET_KEY="dev-only-insecure-key-change-me-in-production")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_development_uses_the_development_key_only_with_debug_on():
    values = settings_under("SECRET_KEY", "DEBUG", DEBUG="1")
    assert values == {"SECRET_KEY": "dev-only-insecure-key-change-me-in-production", "DEBUG": True}


HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def test_debug_off_turns_https_protections_on_by_default():
    values = settings_under(*HTTPS_SETTINGS, "SECURE_PROXY_SSL_HEADER", **PRODUCTION)
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        # Trusting X-Forwarded-Proto without a proxy would let any client claim HTTPS.
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_a_plain_http_production_run_on_loopback_is_possible_by_environment():
    values = settings_under(*HTTPS_SETTINGS, **PRODUCTION, HTTPS="0")
    assert not any(values.values()), values


def test_each_https_setting_can_be_set_alone():
    values = settings_under(
        *HTTPS_SETTINGS,
        "SECURE_PROXY_SSL_HEADER",
        **PRODUCTION,
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="false",
        BEHIND_TLS_PROXY="true",
    )
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_persistent_connections_are_health_checked_and_their_age_is_settable():
    values = settings_under("DATABASES", **PRODUCTION, CONN_MAX_AGE="60")
    default = values["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True


def test_an_empty_database_url_means_the_default_sqlite_file():
    # ``DATABASE_URL= make run`` once failed at import with "Scheme '://' is unknown".
    values = settings_under("DATABASES", DATABASE_URL="")
    default = values["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"].endswith("db.sqlite3")


def test_a_bad_number_is_refused_with_its_name():
    result = run_django("", **PRODUCTION, CONN_MAX_AGE="sixty")
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number, not 'sixty'" in result.stderr


def test_log_level_and_throttle_rate_come_from_the_environment():
    values = settings_under(
        "LOGGING", "REST_FRAMEWORK", **PRODUCTION, LOG_LEVEL="warning", API_ANON_RATE="100/second"
    )
    assert values["LOGGING"]["root"]["level"] == "WARNING"
    assert values["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]["anon"] == "100/second"


def test_production_logs_are_json_lines_and_development_logs_are_text():
    production = settings_under("LOGGING", **PRODUCTION)["LOGGING"]
    development = settings_under("LOGGING", DEBUG="1")["LOGGING"]
    assert production["handlers"]["console"]["formatter"] == "json"
    assert development["handlers"]["console"]["formatter"] == "text"


@pytest.mark.parametrize("debug", ["0", "1"])
def test_the_content_security_policy_never_allows_inline_code(debug):
    env = PRODUCTION if debug == "0" else {"DEBUG": "1"}
    policy = settings_under("CONTENT_SECURITY_POLICY", **env)["CONTENT_SECURITY_POLICY"]
    directives = policy["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in json.dumps(policy)
    assert "'unsafe-eval'" not in json.dumps(policy)
