"""The stored search columns of parties: folded names, name keys, on PostgreSQL a tsvector."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models.expressions import CombinedExpression

from core.search import search_text, store_keys, write_keys
from people.models import Party, PartyAlias


def refresh_party_search(party_ids: Iterable[int]) -> None:
    """Recompute the stored search columns of the given parties from their names."""
    parties = list(
        Party.objects.filter(pk__in=list(party_ids))
        .select_related("person")
        .prefetch_related("aliases")
        .only("pk", "kind", "name", "description", "person__native_name")
    )
    names_of, parts = {}, {}
    for party in parties:
        names = [party.name, *(alias.name for alias in party.aliases.all())]
        # While loaddata is midway, a person's child row may not exist yet.
        person = getattr(party, "person", None)
        if person is not None:
            names.append(person.native_name)
        party.search_text = search_text(names)
        names_of[party.pk] = names
        parts[party.pk] = party.kind
    store_keys("party", names_of, parts=parts)
    # bulk_update rather than save(): derived columns are not an edit worth a history row.
    Party.objects.bulk_update(parties, ["search_text"], batch_size=500)
    if parties and connections[Party.objects.db].vendor == "postgresql":
        Party.objects.filter(pk__in=[party.pk for party in parties]).update(
            search_vector=party_search_vector()
        )


def party_search_vector() -> CombinedExpression:
    """A party's stored ``tsvector``: its folded names (weight A) and description (B).

    One expression for every writer of the column, so a bulk load (the synthetic data
    generator) stores exactly what a refresh would.
    """
    return SearchVector("search_text", weight="A", config="simple") + SearchVector(
        "description", weight="B", config="simple"
    )


def fill_party_keys(first: int, last: int, using: str) -> int:
    """The name keys of the parties with ids ``first``..``last``, written in bulk (the
    synthetic data generator's load), from the names as stored."""
    parties = Party.objects.using(using).filter(pk__gte=first, pk__lte=last)
    names: dict[int, list[str]] = {}
    parts: dict[int, str] = {}
    rows = parties.values_list("pk", "kind", "name", "person__native_name")
    for pk, kind, name, native in rows.iterator():
        names[pk] = [name, native or ""]
        parts[pk] = kind
    aliases = PartyAlias.objects.using(using).filter(party_id__gte=first, party_id__lte=last)
    for pk, name in aliases.values_list("party_id", "name").iterator():
        names.setdefault(pk, []).append(name)
    return write_keys("party", names.items(), using, parts=parts)
