"""A list asking again for the fields it asked for builds no serializer fields.

``core.api_lists.kept_list`` keeps, per thread, field choice and reader, the read
serializer ``fields=``/``omit=`` trimmed and its plan; a second identical request reuses
them (DRF's ``get_fields`` of the record and of every nested serializer is most of what a
``fields=`` list costs beyond its queries), and gives the same bytes.
"""

import re

from django.core.cache import cache
from rest_framework import serializers

from core import api, api_lists
from ventures.models import Venture

URL = "/api/v1/ventures/?fields=id,name,slug,place,sectors,aliases&omit=slug"


def counting_get_fields(monkeypatch) -> list:
    calls = []
    original = serializers.ModelSerializer.get_fields

    def get_fields(self):
        calls.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", get_fields)
    return calls


def without_cursors(content: bytes) -> bytes:
    return re.sub(rb"cursor=[^&\"]*", b"cursor=", content)


def test_a_second_identical_fields_list_builds_no_serializer_fields(
    anonymous, monkeypatch, archive
):
    cache.clear()
    api_lists._plans.__dict__.clear()
    calls = counting_get_fields(monkeypatch)
    first = anonymous.get(URL)
    assert first.status_code == 200 and calls
    calls.clear()
    second = anonymous.get(URL)
    assert second.status_code == 200
    assert calls == []
    assert without_cursors(second.content) == without_cursors(first.content)
    assert all(
        set(row) == {"id", "name", "place", "sectors", "aliases"}
        for row in second.json()["results"]
    )


def test_an_unknown_field_is_a_400_naming_it_every_time(anonymous, archive):
    cache.clear()
    api_lists._plans.__dict__.clear()
    for _ in range(2):
        response = anonymous.get("/api/v1/ventures/?fields=id,nmae")
        assert response.status_code == 400
        assert "nmae" in response.content.decode()
    assert not getattr(api_lists._plans, "plans", {})


def test_a_kept_list_keeps_no_request_or_page_after_a_csv_or_a_json_list(anonymous, archive):
    cache.clear()
    api_lists._plans.__dict__.clear()
    for url in (URL, f"{URL}&format=csv", "/api/v1/ventures/"):
        assert anonymous.get(url).status_code == 200, url
    plans = api_lists._plans.plans
    assert len(plans) == 2
    for root, _ in plans.values():
        assert root._context == {} and root.instance is None and "_data" not in root.__dict__


def test_anonymous_reads_are_built_once_and_still_see_every_change(anonymous, monkeypatch, archive):
    cache.clear()
    api._anonymous_reads.__dict__.clear()
    calls = []
    original = api.registry.resource

    def resource(name):
        declared = original(name)
        records = declared.records

        class Counted:
            def __getattr__(self, attribute):
                return getattr(declared, attribute)

            def records(self, user):
                calls.append(name)
                return records(user)

        return Counted()

    monkeypatch.setattr(api.registry, "resource", resource)
    url = "/api/v1/ventures/?fields=id,name&page_size=500"
    first = anonymous.get(url).json()["results"]
    renamed = first[0]["id"]
    Venture.objects.filter(pk=renamed).update(name="Renamed since")
    second = anonymous.get(url).json()["results"]
    assert calls == ["venture"]
    assert {"id": renamed, "name": "Renamed since"} in second
    assert len(second) == len(first)
