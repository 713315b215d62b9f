"""CACHE_URL puts Django's cache in Redis, shared by every worker, so the API's throttle
counts hold across processes; without it each process counts alone.

Each client is a fresh Python, as each gunicorn worker is. The Redis cases need the
Redis at REDIS_URL (default redis://127.0.0.1:6379/0): they skip without it, and fail
under REQUIRE_SERVICES=1.
"""

import json
import os
import uuid

import pytest

from tests.conftest import REQUIRE_SERVICES
from tests.ops.test_settings import run_django, settings_under

REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")

# One client: asks DRF's anonymous throttle (the API's, rate from API_ANON_RATE) about
# ``count`` requests from one address, and prints whether each was let through.
CLIENT = """
import json
from django.conf import settings
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

request = Request(APIRequestFactory().get("/api/v1/ventures/", REMOTE_ADDR={address!r}))
print(json.dumps([AnonRateThrottle().allow_request(request, None) for _ in range({count})]))
"""


def throttled(address: str, count: int, **env: str) -> list[bool]:
    result = run_django(
        CLIENT.format(address=address, count=count), API_ANON_RATE="3/minute", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        reason = f"needs Redis at {REDIS_URL} ({exc})"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    return REDIS_URL


def unique_address() -> str:
    """An address no other run has counted requests for (the counts live a minute)."""
    suffix = uuid.uuid4().bytes
    return f"10.{suffix[0]}.{suffix[1]}.{suffix[2]}"


def test_throttle_counts_are_shared_by_processes_through_redis(redis_url):
    address = unique_address()
    assert throttled(address, 2, CACHE_URL=redis_url) == [True, True]
    assert throttled(address, 2, CACHE_URL=redis_url) == [True, False]


def test_without_a_cache_url_each_process_counts_alone():
    address = unique_address()
    assert throttled(address, 2, CACHE_URL="") == [True, True]
    assert throttled(address, 2, CACHE_URL="") == [True, True]


def test_cache_url_selects_djangos_redis_backend():
    caches = settings_under("CACHES", CACHE_URL="redis://cache.example.org:6379/1")["CACHES"]
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example.org:6379/1",
    }
    default = settings_under("CACHES", CACHE_URL="")["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_that_is_not_redis_is_refused_at_start():
    result = run_django("", CACHE_URL="memcached://cache.example.org:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis URL" in result.stderr
