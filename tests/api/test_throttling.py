"""Anonymous requests are throttled (429 with Retry-After) at the rate settings give."""

import pytest
from rest_framework.throttling import AnonRateThrottle


@pytest.fixture
def three_a_minute(monkeypatch):
    # DRF copies DEFAULT_THROTTLE_RATES onto the class when it is imported, so a settings
    # override would come too late; patch the copy.
    monkeypatch.setattr(
        AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "auth": "3/minute"}
    )


def test_an_anonymous_client_past_the_rate_gets_429_with_retry_after(three_a_minute, anonymous):
    statuses = [anonymous.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = anonymous.get("/api/v1/sectors/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


def test_every_anonymous_endpoint_counts_toward_the_rate(three_a_minute, anonymous):
    for url in ("/api/v1/changes/", "/api/v1/graph/?party=x", "/api/v1/exports/ftm.json"):
        anonymous.get(url)
    assert anonymous.get("/api/v1/people/").status_code == 429


def test_the_token_endpoint_is_throttled_against_password_guessing(three_a_minute, anonymous):
    guesses = [
        anonymous.post("/api/v1/auth/token/", {"username": "a", "password": str(n)}).status_code
        for n in range(4)
    ]
    assert guesses == [400, 400, 400, 429]


def test_token_holders_are_not_throttled_as_anonymous(three_a_minute, editor):
    assert {editor.get("/api/v1/sectors/").status_code for _ in range(5)} == {200}


def test_the_default_rate_comes_from_settings(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == AnonRateThrottle().rate


def test_a_forged_forwarded_for_does_not_reset_the_count(three_a_minute, anonymous):
    """With no trusted proxy (NUM_PROXIES=0), the address is REMOTE_ADDR alone."""
    statuses = [
        anonymous.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_one_trusted_proxy_clients_are_told_apart(three_a_minute, anonymous, settings):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        for _ in range(3):
            assert (
                anonymous.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
                == 200
            )
        assert (
            anonymous.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
            == 429
        )
        # Another client behind the same proxy has its own count; a forged hop before
        # the proxy's own entry is ignored.
        other = anonymous.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
        assert other.status_code == 200
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()


def test_twenty_password_guesses_meet_a_429_at_the_default_rates(anonymous):
    guesses = [
        anonymous.post("/api/v1/auth/token/", {"username": "a", "password": str(n)}).status_code
        for n in range(20)
    ]
    assert 429 in guesses
    assert set(guesses) == {400, 429}
    # Reads are counted apart: the guesses did not use up the client's read allowance.
    assert anonymous.get("/api/v1/sectors/").status_code == 200


def test_throttle_counts_live_in_the_default_cache(three_a_minute, anonymous):
    from django.core.cache import cache

    anonymous.get("/api/v1/sectors/")
    assert cache.get("throttle_anon_127.0.0.1")
