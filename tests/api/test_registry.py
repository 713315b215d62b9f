"""Every resource is declared once (``core.registry``) and served by every surface.

The router, the JSON Lines dump and the sitemap iterate the registry; these tests check
that nothing an app declares is missing from one of them, and that nothing they serve
is undeclared.
"""

import json

import pytest
from django.apps import apps
from django.urls import resolve, reverse

from core.api import ArchiveViewSet
from core.records import Record
from core.registry import resource, resources, with_pages
from people.models import Party

RESOURCES = resources()
NAMES = [item.name for item in RESOURCES]


def all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_record_model_is_a_resource():
    declared = {item.model for item in RESOURCES}
    records = {
        model
        for model in apps.get_models()
        if issubclass(model, Record) and model is not Party and not model._meta.proxy
    }
    assert {model._meta.label for model in records - declared} == set()


def test_every_viewset_is_declared_once():
    viewsets = [item.viewset for item in RESOURCES]
    assert len(viewsets) == len(set(viewsets))
    assert all_subclasses(ArchiveViewSet) == set(viewsets)


def test_a_resource_is_found_by_name_and_an_unknown_name_is_refused():
    assert resource("venture").path == "ventures"
    with pytest.raises(LookupError, match="nonsense"):
        resource("nonsense")


@pytest.mark.parametrize("name", NAMES)
def test_the_router_serves_each_resource(name):
    declared = resource(name)
    list_url = reverse(f"api:{name}-list")
    assert list_url == f"/api/v1/{declared.path}/"
    assert resolve(list_url).func.cls is declared.viewset
    assert resolve(reverse(f"api:{name}-detail", kwargs={"pk": 1})).func.cls is declared.viewset


@pytest.mark.parametrize("name", NAMES)
def test_each_viewset_reads_through_its_resource(rf, name):
    declared = resource(name)
    view = declared.viewset(basename=name, request=rf.get("/"), format_kwarg=None)
    view.request.user = None
    assert view.get_queryset().model is declared.model
    assert declared.filterset._meta.model is declared.model


def test_the_dump_writes_every_resource_in_the_registry_order(archive, anonymous):
    response = anonymous.get("/api/v1/exports/archive.jsonl")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert lines[0]["resources"] == NAMES
    written = list(dict.fromkeys(line["type"] for line in lines[1:]))
    # The archive has public rows of every resource, so each appears, in order.
    assert written == NAMES


@pytest.mark.parametrize("declared", list(with_pages()), ids=lambda r: r.name)
def test_the_sitemap_lists_each_resource_with_pages(client, archive, declared):
    index = client.get("/sitemap.xml").content.decode()
    assert f"/sitemap-{declared.site}.xml" in index
    section = client.get(f"/sitemap-{declared.site}.xml").content.decode()
    first = declared.selector(None).first()
    assert f"<loc>http://testserver{first.get_absolute_url()}</loc>" in section
    assert first.get_absolute_url().startswith(f"/{declared.site}/")


def test_resources_without_pages_are_not_in_the_sitemap(client, archive):
    index = client.get("/sitemap.xml").content.decode()
    for declared in RESOURCES:
        if declared.site is None:
            assert f"sitemap-{declared.path}.xml" not in index
