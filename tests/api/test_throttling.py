"""Anonymous requests are throttled (429 with Retry-After) at the rate settings give."""

import pytest
from rest_framework.throttling import AnonRateThrottle


@pytest.fixture
def three_a_minute(monkeypatch):
    # DRF copies DEFAULT_THROTTLE_RATES onto the class when it is imported, so a settings
    # override would come too late; patch the copy.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


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
