"""The stored search column of places: their folded names and aliases."""

from __future__ import annotations

from collections.abc import Iterable

from core.search import search_text
from ventures.models import Place


def refresh_place_search(place_ids: Iterable[int]) -> None:
    places = list(
        Place.objects.filter(pk__in=list(place_ids)).prefetch_related("aliases").only("pk", "name")
    )
    for place in places:
        place.search_text = search_text([place.name, *(a.name for a in place.aliases.all())])
    Place.objects.bulk_update(places, ["search_text"], batch_size=500)
