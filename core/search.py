"""Variant-aware name search, shared by the public site, the API and the admin.

Names are folded before they are stored and before they are searched: Unicode
compatibility forms, accents stripped, case folded, and every run of punctuation or
space made one space ("Ji Seong-ho" → "ji seong ho"). Each name is also stored
compacted, without spaces ("jiseongho"), so spacing and hyphenation never matter.
Hangul survives folding.

The folded names are a stored column (``search_text``) on ``Party`` and ``Place``:
computing them per query would not scale, and a stored column can carry an index. On
PostgreSQL it also has a trigram GIN index (for ``LIKE`` and near-miss word
similarity: "Kaesung" finds Kaesong), and ``Party`` a stored ``tsvector`` of names and
description for full-text search; SQLite gets the same folding and substring matching
without the near misses.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connections
from django.db.models import Q, QuerySet

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    recomposed = unicodedata.normalize("NFC", stripped).casefold()
    return _NOT_WORD.sub(" ", recomposed).strip()


def compact(text: str) -> str:
    return fold(text).replace(" ", "")


def search_text(names: Iterable[str]) -> str:
    """What is stored for a record: each of its names folded, then compacted."""
    names = [name for name in names if name]
    parts = [fold(name) for name in names] + [compact(name) for name in names]
    return " | ".join(dict.fromkeys(part for part in parts if part))


def is_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def search(queryset: QuerySet, query: str, *, vector: bool = False) -> QuerySet:
    """Records whose names match ``query`` in any variant, or whose description does.

    Names match when the folded or compacted query occurs in ``search_text``. The
    description is searched word by word through the stored ``search_vector`` on
    PostgreSQL (``vector=True``), as a plain substring on SQLite. Only when nothing
    matches does PostgreSQL fall back to near misses ("Kaesung"), through the trigram
    index and ordered by similarity, so a misspelling finds the nearest names without
    adding noise to a query that already matched.
    """
    words, key = fold(query), compact(query)
    if not key:
        return queryset
    condition = Q(search_text__contains=key) | Q(search_text__contains=words)
    if not is_postgres(queryset):
        if vector:
            condition |= Q(description__icontains=query.strip())
        return queryset.filter(condition)
    if vector:
        condition |= Q(search_vector=SearchQuery(words, config="simple", search_type="websearch"))
    matches = queryset.filter(condition)
    if matches.exists():
        return matches
    return (
        queryset.filter(search_text__trigram_word_similar=words)
        .annotate(similarity=TrigramWordSimilarity(words, "search_text"))
        .order_by("-similarity", "name")
    )


_state = threading.local()

#: What recomputes the stored search columns of one kind of record, by kind ("party",
#: "place"). Each domain app registers its own in ``AppConfig.ready``, so this module
#: knows no model.
_refreshers: dict[str, Callable[[Iterable[int]], None]] = {}


def register_refresher(kind: str, refresh: Callable[[Iterable[int]], None]) -> None:
    _refreshers[kind] = refresh


def refresh(kind: str, pks: Iterable[int]) -> None:
    pks = list(pks)
    if pks:
        _refreshers[kind](pks)


@contextmanager
def deferred_refresh() -> Iterator[None]:
    """Collect search refreshes and run them once at the end, in bulk.

    ``loaddata`` sends a signal per row: refreshing a party once for its own row and
    again for each alias would multiply the work of loading an archive.
    """
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = {}
    try:
        yield
    finally:
        pending, _state.pending = _state.pending, None
        for kind, pks in pending.items():
            refresh(kind, pks)


def schedule_refresh(kind: str, pk: int) -> None:
    """Refresh a record's search columns now, or at the end of a deferral."""
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.setdefault(kind, set()).add(pk)
    else:
        refresh(kind, [pk])
