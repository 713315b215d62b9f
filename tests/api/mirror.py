"""A mirror as an integrator builds one: from the dump or from the start of the changes
feed, applying each event in order, over the API's own HTTP surface."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


def read_feed(client, cursor: str | None = None, query: str = "") -> tuple[list[dict], str]:
    """Every event after ``cursor`` (from the start without one), following ``next``."""
    url = f"/api/v1/changes/?{query}" + (f"&cursor={cursor}" if cursor else "")
    events = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        events += body["results"]
        cursor, url = body["cursor"], body["next"]
    return events, cursor


def actions(events: list[dict]) -> list[tuple[str, int, str]]:
    return [(e["resource"], e["id"], e["action"]) for e in events]


def read_dump(client) -> tuple[str, dict[tuple[str, int], dict]]:
    """The dump's cursor and its records, keyed by (resource, id)."""
    response = client.get("/api/v1/exports/archive.jsonl")
    assert response.status_code == 200
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    meta, records = lines[0], lines[1:]
    return meta["cursor"], {(line["type"], line["id"]): line["data"] for line in records}


@dataclass
class Mirror:
    records: dict[tuple[str, int], dict] = field(default_factory=dict)
    cursor: str | None = None

    @classmethod
    def from_dump(cls, client) -> Mirror:
        cursor, records = read_dump(client)
        return cls(records, cursor)

    def sync(self, client) -> list[dict]:
        events, self.cursor = read_feed(client, self.cursor)
        for event in events:
            key = (event["resource"], event["id"])
            if event["action"] == "upsert":
                self.records[key] = event["data"]
            else:
                self.records.pop(key, None)
        return events
