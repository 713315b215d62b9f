"""What the API answers on every list endpoint, all pages, as one JSON-able dict.

Used by the backup tests to compare a database with its restored copy: in the test's
own process for the source, and in a subprocess pointed at the restored database
(``python manage.py shell -c "from tests.ops.snapshot import main; main()"``).
"""

from __future__ import annotations

import json
import os
from urllib.parse import unquote

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from archive.api_urls import router

#: Besides the resources: the change feed, where history shows through the API.
EXTRA_LISTS = ("/api/v1/changes/",)


def list_endpoints() -> list[str]:
    return [f"/api/v1/{prefix}/" for prefix, _, _ in router.registry] + list(EXTRA_LISTS)


def without_signing_time(body: dict) -> dict:
    """The change feed's cursors are signed with the time they were made (so they can
    expire): two reads differ in that stamp, not in the position the cursor holds (the
    part before the first colon)."""
    if body.get("cursor"):
        body["cursor"] = body["cursor"].split(":")[0]
    if body.get("next") and "cursor=" in body["next"]:
        head, _, token = body["next"].partition("cursor=")
        body["next"] = head + "cursor=" + unquote(token).split(":")[0]
    return body


def every_page(client: APIClient, url: str) -> list:
    pages = []
    while url:
        response = client.get(url, {"page_size": 500} if "?" not in url else None)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        url = body.get("next")
        pages.append(without_signing_time(body))
    return pages


def api_snapshot(username: str | None = None) -> dict[str, list]:
    """Every list endpoint as anonymous (or as ``username``, who then sees hidden rows)."""
    client = APIClient()
    if username:
        client.force_authenticate(User.objects.get(username=username))
    return {url: every_page(client, url) for url in list_endpoints()}


def main() -> None:
    """Print the snapshot as anonymous and as SNAPSHOT_USER, as one JSON line."""
    username = os.environ["SNAPSHOT_USER"]
    both = {"anonymous": api_snapshot(), username: api_snapshot(username)}
    print(json.dumps(both, sort_keys=True))
