"""The resource registry: every resource of the archive, declared once by the app that owns it.

A domain app lists its resources in ``<app>/registry.py`` (a module named ``registry``,
found the way the admin finds ``admin.py``). Whatever serves every resource (the API
router, the JSON Lines dump, the sitemap, the tests) iterates ``resources()`` instead of
naming viewsets by hand, so a new resource cannot be forgotten by one of them.

A resource is read through its selector, a function of the user: it decides who sees
which rows (``visible_to``), the total order (name, then id) and the joins, once, for
every surface. ``records`` is the API's (and the dump's) shape of the same read: the
selector with the related records a representation nests, prefetched through querysets
visible to the same user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules

Selector = Callable[..., QuerySet]


@dataclass(frozen=True)
class Resource:
    """One kind of record as every surface serves it."""

    #: The API's name for it: route basename, ``type`` of a dump line, ``detail_url`` key.
    name: str
    #: Its address under /api/v1/.
    path: str
    noun: str
    plural: str
    model: type[Model]
    #: ``selector(user)``: the rows ``user`` may see, in a total order.
    selector: Selector
    #: ``records(user)``: the selector with what the API representation nests.
    records: Selector
    #: The API viewset; it carries the FilterSet and the read and write serializers.
    viewset: type
    #: The public site's section of these records: the path of its listing
    #: (``/<site>/``) and the name of its sitemap (None: no pages of their own). Each
    #: record's page is its ``get_absolute_url()``.
    site: str | None = None
    #: Where in the dump it is written (lower first); records before what cites them.
    position: int = 100

    @property
    def filterset(self) -> type:
        return self.viewset.filterset_class

    @property
    def read_serializer(self) -> type:
        return self.viewset.read_serializer_class

    @property
    def write_serializer(self) -> type:
        return self.viewset.write_serializer_class


_REGISTRY: dict[str, Resource] = {}
_discovered = False


def register(*declared: Resource) -> None:
    """Add resources; a name declared twice is a mistake in the apps, not a choice."""
    for resource in declared:
        if resource.name in _REGISTRY and _REGISTRY[resource.name] != resource:
            raise ValueError(f"The resource {resource.name!r} is declared twice.")
        _REGISTRY[resource.name] = resource


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("registry")
        _discovered = True


def resources() -> list[Resource]:
    """Every registered resource, in the dump's order."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda resource: (resource.position, resource.name))


def resource(name: str) -> Resource:
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No resource is registered as {name!r}.") from None


def with_pages() -> Iterator[Resource]:
    """The resources the public site shows on pages of their own (the sitemap's)."""
    return (item for item in resources() if item.site)
