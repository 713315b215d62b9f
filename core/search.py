"""Variant-aware name search, shared by the public site, the API and the admin.

Names are folded before they are stored and before they are searched: Unicode
compatibility forms, accents stripped, case folded, and every run of punctuation or
space made one space ("Ji Seong-ho" → "ji seong ho"). Hangul survives folding.

Korean names reach English articles in several romanisations ("Kaesong" and
"Kaeseong", "Ji Seong-ho" and "Ji Sung-ho", "Chongryon" and "Chongryun"), so each
name is further reduced to a *key* in which the spellings of one sound coincide
(``romanise``), and a key is stored from each of the name's words on, one row of
``core.models.NameKey`` each. A query's key then matches any word start of any name
by a btree prefix scan: as cheap as an exact indexed lookup, at any size.

When no record matches, near misses are tried: on PostgreSQL through the trigram
index on the folded names (``search_text``, "Kaesung" finds Kaesong), elsewhere with
rapidfuzz over the keys. ``suggest`` offers the nearest name when even that finds
nothing. Parties also keep a ``tsvector`` of names and description on PostgreSQL for
word search in descriptions.
"""

from __future__ import annotations

import functools
import operator
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz

from core.lookups import Keys, key_among
from core.models import NameKey

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

#: Spellings of one Korean sound, replaced in this order (digraphs first). ㅓ is "eo",
#: "ŏ" or "o" and ㅡ "eu", "ŭ" or "u"; ㅗ/ㅓ and ㅜ/ㅡ are written alike so often
#: ("Sung"/"Seong"/"Song", "Chongryun"/"Chongryon") that u and o are one letter here.
#: McCune–Reischauer writes unvoiced k, p, t, ch where Revised writes g, b, d, j.
_ROMANISATION = (
    ("eo", "o"),
    ("eu", "u"),
    ("ae", "e"),
    ("u", "o"),
    ("ch", "j"),
    ("k", "g"),
    ("p", "b"),
    ("t", "d"),
)
_DOUBLED = re.compile(r"([a-z])\1+")

#: Longest stored key; a longer query is cut to it, so it still matches by prefix.
KEY_LENGTH = 190
#: How many near misses a search returns at most, the nearest first.
NEAR_MISS_LIMIT = 100
#: rapidfuzz scores (0–100) for a near miss, and for a suggestion.
NEAR_MISS_SCORE = 80
SUGGESTION_SCORE = 70
#: pg_trgm word similarity for a suggestion (a near miss uses the connection's 0.45).
SUGGESTION_SIMILARITY = 0.3


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    recomposed = unicodedata.normalize("NFC", stripped).casefold()
    return _NOT_WORD.sub(" ", recomposed).strip()


def compact(text: str) -> str:
    return fold(text).replace(" ", "")


def romanise(folded: str) -> str:
    """One spelling for the romanisations of a sound: "kaeseong" → "gesong".

    Only Latin letters change; Hangul and digits pass through.
    """
    for spelling, key in _ROMANISATION:
        folded = folded.replace(spelling, key)
    return _DOUBLED.sub(r"\1", folded)


def query_key(text: str) -> str:
    return romanise(compact(text))[:KEY_LENGTH]


def name_keys(name: str) -> list[str]:
    """The keys of a name from each of its words on, the whole name's first."""
    words = fold(name).split()
    keys = (romanise("".join(words[start:]))[:KEY_LENGTH] for start in range(len(words)))
    return list(dict.fromkeys(key for key in keys if key))


SEPARATOR = " | "


def search_text(names: Iterable[str]) -> str:
    """What is stored for a record: each of its names folded, then compacted."""
    names = [name for name in names if name]
    parts = [fold(name) for name in names] + [compact(name) for name in names]
    return SEPARATOR.join(dict.fromkeys(part for part in parts if part))


#: The columns search keeps on a record for itself (``search_text``, and ``search_vector``
#: on PostgreSQL): read by the search's SQL, never shown by any surface.
STORED_COLUMNS = ("search_text", "search_vector")


def is_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


@dataclass(frozen=True)
class Searchable:
    """A kind of record whose names are searched: its model and its refresher.

    ``parts``: where the kind has kinds of its own, each one's model (a kind of
    ``model``) and the kind its records' keys are stored under, which ``part_field``
    of ``model`` holds (a party's keys under its own kind: "person", "organization",
    "venture"). A search of one part then reads its own keys alone: at 200,000
    ventures the ventures' "kim" read 5,743 keys, where the parties' held 32,794 (the
    people among them), each then looked up among the ventures for nothing.
    """

    kind: str
    model: type[Model]
    refresh: Callable[[Iterable[int]], None]
    parts: tuple[tuple[type[Model], str], ...] = ()
    part_field: str = ""

    def key_kinds(self, model: type[Model]) -> tuple[str, ...]:
        """The kinds the keys of ``model``'s records are stored under."""
        for part, stored in self.parts:
            if issubclass(model, part):
                return (stored,)
        return tuple(stored for _, stored in self.parts) or (self.kind,)

    def part_of(self, model: type[Model]) -> str | None:
        """The part ``model`` is (its key kind), or None for the whole kind."""
        kinds = self.key_kinds(model)
        return kinds[0] if self.parts and len(kinds) == 1 else None


#: Each domain app registers its kinds in ``AppConfig.ready``, so this module knows no
#: model: what recomputes a kind's stored search columns, and which model it is.
_searchables: dict[str, Searchable] = {}
#: Kinds whose other names a query stands for when it names one of their records in full
#: (a place's spellings, so records named after it are found by any of them), each with
#: its public records (a hidden place lends no spellings: that would reveal it).
_variant_sources: dict[str, Callable[[str], QuerySet]] = {}


def register_refresher(
    kind: str,
    refresh: Callable[[Iterable[int]], None],
    model: type[Model],
    *,
    parts: dict[type[Model], str] | None = None,
    part_field: str = "",
) -> None:
    """``kind``'s refresher and model; ``parts`` and ``part_field`` as ``Searchable``
    says (the refresher then stores each record's keys under its part's kind)."""
    _searchables[kind] = Searchable(kind, model, refresh, tuple((parts or {}).items()), part_field)


def key_kinds(kind: str, model: type[Model] | None = None) -> tuple[str, ...]:
    """The kinds the keys of ``kind``'s records (or of ``model``'s, a part of it) are
    stored under in ``core.NameKey``."""
    searchable = _searchables[kind]
    return searchable.key_kinds(model or searchable.model)


def register_variants(kind: str, public: Callable[[str], QuerySet]) -> None:
    """Let a query naming a ``kind`` record in full stand for all its names; ``public``
    gives, for a database alias, the records that may lend their names."""
    _variant_sources[kind] = public


def kind_of(model: type[Model]) -> str | None:
    """The registered kind a model is, or inherits from (a Venture is a party)."""
    for searchable in _searchables.values():
        if issubclass(model, searchable.model):
            return searchable.kind
    return None


def search(queryset: QuerySet, query: str, *, vector: bool = False) -> QuerySet:
    """Records whose names match ``query`` in any variant, or whose description does.

    A name matches when one of its keys starts with the query's key, or with the key
    of another name of a place the query names in full (``register_variants``). The
    description is searched word by word through the stored ``search_vector`` on
    PostgreSQL (``vector=True``), as a plain substring elsewhere, for the query and
    those other names alike. Only when nothing matches are near misses tried, so a
    misspelling finds the nearest names without adding noise to a query that matched.

    On PostgreSQL the matching ids are read here (``matching_ids``), so the queryset
    returned holds them as a list; elsewhere it is lazy.
    """
    key = query_key(query)
    kind = kind_of(queryset.model)
    if not key or kind is None:
        return queryset
    if is_postgres(queryset):
        ids = matching_ids(queryset, query, kind, vector)
        if getattr(_shared, "keys_in_name_order", False):
            return key_among(queryset, ids)
        return queryset.filter(pk__among=Keys(ids))
    names = [query]
    for source_kind, public in _variant_sources.items():
        named = NameKey.objects.using(queryset.db).filter(kind=source_kind, whole=True, key=key)
        records = public(queryset.db).filter(pk__in=named.values("record_id"))
        for text in records.values_list("search_text", flat=True):
            names += text.split(SEPARATOR)
    keys = [key, *filter(None, map(query_key, names[1:]))]
    prefix = reduce(operator.or_, (Q(key__startswith=each) for each in dict.fromkeys(keys)))
    stored = key_kinds(kind, queryset.model)
    ids = NameKey.objects.using(queryset.db).filter(prefix, kind__in=stored).order_by()
    ids = ids.values("record_id")
    if vector:
        ids = ids.union(described(queryset, names))
    matches = queryset.filter(pk__in=ids)
    if matches.exists():
        return matches
    return near_misses(queryset, query, kind)


def matching_ids(queryset: QuerySet, query: str, kind: str, vector: bool) -> list:
    """The ids matching a query on PostgreSQL (``matching_sql``), read first, on a plan
    kept for the connection where it prepares statements.

    Planning that statement for each query's values took more than running it: 1.1-1.3
    ms of a 1.6-1.9 ms statement at 200,000 ventures, where an exact lookup plans in 0.2
    ms. Its parameters decide nothing a generic plan needs (its key prefixes are ranges
    on the key index, ``_prefix_range``), so it runs under one: planned once per
    connection, 0.5 ms to run. The connection's other statements keep a plan for their
    own values (settings: ``plan_cache_mode``); only this one is switched, and back.
    The caller's rows then take the ids as one array, planned for its own values as an
    exact lookup is. A broad query ("kim", tens of thousands of ids) costs about what it
    cost as one statement (200 ms vs 208 ms at 10x).
    """
    sql, params = matching_sql(queryset, query, kind, vector)
    shared = getattr(_shared, "matches", None)
    if shared is None:
        return _read_matching_ids(queryset.db, sql, params)
    key = (queryset.db, sql, tuple(params))
    if key not in shared:
        shared[key] = _read_matching_ids(queryset.db, sql, params)
    return shared[key]


#: The matches read inside ``shared_matches``, per thread: None outside it.
_shared = threading.local()


@contextmanager
def shared_matches() -> Iterator[None]:
    """Within it, a search that asks the same question twice reads its matches once.

    The site search asks for the parties named "kim" for its people, organisations and
    ventures, and again for the flows they fund or receive (``matching_flows``): the
    same statement, ~100 ms at 10× for 30,000 parties. A page that reads, not writes,
    wraps itself in this; outside it every search reads afresh."""
    outer = getattr(_shared, "matches", None)
    if outer is None:
        _shared.matches = {}
    try:
        yield
    finally:
        if outer is None:
            _shared.matches = None


@contextmanager
def keys_in_name_order() -> Iterator[None]:
    """Within it, a search is asked of the parties' own key (``core.lookups.key_among``):
    for a read of a kind's keys alone in its parties' name order, as a listing's count
    and facets read them (``core.facets.Narrowing``).

    Asked of the kind's copy of the key (``ventures_venture.party_ptr_id``), PostgreSQL
    cannot carry the list over to the parties' table: for the 5,744 ventures "kim" names
    at 10×, it joined them to all 315,000 public parties in the name index to sort them
    (63-98 ms). Asked of ``people_party.id``, it walks that index, which holds the name
    and the key, and stops at the listing's cap (25-42 ms). A read of whole records (the
    API's page) is left as it is: walking the index there reads each party's row, and
    the names a search finds lie together in the name order ("Kim …"), so the walk read
    72,540 rows before the first match (97 ms, against 46 ms looking the 5,744 up)."""
    outer = getattr(_shared, "keys_in_name_order", False)
    _shared.keys_in_name_order = True
    try:
        yield
    finally:
        _shared.keys_in_name_order = outer


def _read_matching_ids(using: str, sql: str, params) -> list:
    connection = connections[using]
    generic = connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is not None
    with connection.cursor() as cursor:
        if not generic:
            cursor.execute(f"SELECT ARRAY({sql})", params)
            return cursor.fetchone()[0]
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        try:
            # The statement sets the connection's own mode back itself (a NULL value is
            # RESET), once its plan is chosen: no third round trip (0.14 ms).
            cursor.execute(
                f"SELECT ARRAY({sql}), set_config('plan_cache_mode', NULL, false)", params
            )
            return cursor.fetchone()[0]
        except DatabaseError:
            # Inside a transaction, its rollback undoes the SET; outside, undo it here.
            if not connection.in_atomic_block:
                cursor.execute("RESET plan_cache_mode")
            raise


def _prefix_range(key: str) -> tuple[str, str]:
    """The bounds of the keys starting with ``key``, for ``varchar_pattern_ops``'
    byte-wise ``~>=~`` and ``~<~``: ``LIKE 'key%'`` uses the index only where the planner
    sees the value, which a generic plan does not. UTF-8's byte order is code point
    order, so the bound is the key with its last character the next one."""
    stem = key.rstrip(chr(0x10FFFF))
    if not stem:  # nothing follows the last character: longer than any key instead
        return key, chr(0x10FFFF) * (KEY_LENGTH + 1)
    following = ord(stem[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # the surrogates are no characters
        following = 0xE000
    return key, stem[:-1] + chr(following)


def matching_sql(queryset: QuerySet, query: str, kind: str, vector: bool) -> tuple[str, tuple]:
    """The ids matching a query on PostgreSQL, near misses included, as one statement.

    One statement, so the matching costs one round trip: the query's key and the keys
    of the place it names by btree range scans on ``core_namekey``, the description
    through the ``tsvector`` index, and the trigram near misses behind a ``NOT EXISTS``
    over the visible matches, which PostgreSQL evaluates once (a one-time filter): when
    something matched, that scan never runs. Plain SQL around the caller's compiled
    queryset: composing it from querysets cost more time in Python and in the planner
    than the search itself.
    """
    quote = connections[queryset.db].ops.quote_name
    keys, records = quote(NameKey._meta.db_table), quote(_searchables[kind].model._meta.db_table)
    words, key = fold(query), query_key(query)
    named, named_params = named_sql(queryset.db, key)
    # The kinds as one value each, not an array: under the generic plan an array's
    # length is unknown, and its estimate hashed the ventures for 23 matches (17 ms).
    stored = list(key_kinds(kind, queryset.model))
    among = "= %s" if len(stored) == 1 else f"IN ({', '.join(['%s'] * len(stored))})"
    exact = [f"SELECT record_id FROM {keys} WHERE kind {among} AND key ~>=~ %s AND key ~<~ %s"]
    params: list = [*stored, *_prefix_range(key)]
    if named:
        # ~>=~ and ~<~ are varchar_pattern_ops' operators: one prefix range per key.
        # As an array the planner cannot see into (an init plan): it estimated a range
        # per key at a tenth of the keys, and sized its hash tables for that (at 10x,
        # every venture and party hashed for 21 matches: 0.4-0.6 s).
        exact.append(
            f"SELECT unnest(ARRAY(SELECT n.record_id FROM {keys} AS v JOIN {keys} AS n"
            f" ON n.kind {among} AND n.key ~>=~ v.key AND n.key ~<~ (v.key || U&'\\FFFF')"
            " WHERE v.whole AND (v.kind, v.record_id) IN (SELECT kind, id FROM named)))"
        )
        params += stored
    if vector:
        others = (
            "COALESCE((SELECT string_agg(' or ' || replace(search_text, %s, ' or '), '')"
            " FROM named), '')"
            if named
            else "''"
        )
        listed, listed_params = _of_listed_model(queryset, kind, records)
        exact.append(
            f"SELECT id FROM {records}"
            f" WHERE search_vector @@ websearch_to_tsquery('simple', %s || {others})" + listed
        )
        params += [words, SEPARATOR] if named else [words]
        params += listed_params
    visible, visible_params = (
        queryset.filter(pk__in=RawSQL("SELECT record_id FROM exact", ()))
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    # The nearest few only: a fallback list. The query words reach ``%>`` through a
    # subselect, so the planner takes a default selectivity for it instead of computing
    # word similarity over the column's statistics, which cost more than the search
    # (1.3 ms of 2.5 ms planning at 350,000 parties); the trigram index serves it alike.
    sql = (
        f"WITH {named + ', ' if named else ''}exact AS MATERIALIZED ("
        + " UNION ".join(exact)
        + ") SELECT record_id FROM exact UNION"
        f" (SELECT id FROM {records} WHERE search_text %%> (SELECT %s::text)"
        f" AND NOT EXISTS ({visible})"
        f" ORDER BY word_similarity(%s, search_text) DESC LIMIT {NEAR_MISS_LIMIT})"
    )
    return sql, (*named_params, *params, words, *visible_params, words)


def _literal(value: str) -> str:
    """A registered part (a project's constant, never a reader's input) as SQL text."""
    if not re.fullmatch(r"[a-z_]+", value):
        raise ValueError(f"A part is named in lower-case letters and underscores: {value!r}")
    return f"'{value}'"


def _of_listed_model(queryset: QuerySet, kind: str, records: str) -> tuple[str, list]:
    """A condition keeping the description matches to rows of the model searched, when
    it is a kind of the searchable one (ventures among parties): a description names
    people and places far more often than the names do, and at 200,000 ventures "kim
    seongwon" matched 74 people's descriptions, each then joined to the ventures for
    nothing (~0.1 ms of a 2 ms search). Where the searchable says which part each row
    is (``part_field``), that column of the row already read; else the model's own
    table, whose key is its parent's id: "kim" matched 31,864 parties' words, each
    looked up among the ventures (~30 ms at 10×)."""
    meta = queryset.model._meta
    quote = connections[queryset.db].ops.quote_name
    if quote(meta.db_table) == records:
        return "", []
    searchable = _searchables[kind]
    part = searchable.part_of(queryset.model)
    if part is not None and searchable.part_field:
        column = searchable.model._meta.get_field(searchable.part_field).column
        # The part as a literal, not a parameter: the statement runs on a generic plan
        # (``matching_ids``), and only a literal proves a partial index's condition, so
        # the words are read from the part's own index where it has one (the parties'
        # kinds: people's migration 0018), 5,259 ventures for "kim" where the index of
        # every party's words gave 31,864 to visit (8-11 ms against 37 ms at 10×). A
        # parameter there also let the planner take a third of the rows to match it,
        # and AND the words' matches with a walk of the kind's name index (13 ms).
        return f" AND {records}.{quote(column)} = {_literal(part)}", []
    return (
        f" AND EXISTS (SELECT 1 FROM {quote(meta.db_table)} AS listed"
        f" WHERE listed.{quote(meta.pk.column)} = {records}.id)",
        [],
    )


def named_sql(using: str, key: str) -> tuple[str, tuple]:
    """``named``: the public records of the variant kinds whose whole name is the key."""
    if not _variant_sources:
        return "", ()
    quote = connections[using].ops.quote_name
    parts, params = [], []
    for source_kind in _variant_sources:
        table = quote(_searchables[source_kind].model._meta.db_table)
        public_sql, public_params = public_condition_sql(using, source_kind)
        parts.append(
            f"SELECT %s AS kind, id, search_text FROM {table} WHERE id IN ("
            f"SELECT record_id FROM {quote(NameKey._meta.db_table)}"
            " WHERE kind = %s AND whole AND key = %s)"
            f" AND {public_sql}"
        )
        params += [source_kind, source_kind, key, *public_params]
    return "named AS (" + " UNION ALL ".join(parts) + ")", tuple(params)


@functools.cache
def public_condition_sql(using: str, kind: str) -> tuple[str, tuple]:
    """A variant kind's rule for its public records, as a condition on its own table,
    compiled once: its WHERE clause where the rule reads only the table's own columns
    (places: published and public), so the search plans no join for it (0.06-0.1 ms of
    a search's 0.75 ms planning at 10×), or ``id IN`` its public ids where it joins."""
    query = _variant_sources[kind](using).order_by().values("pk").query
    sql, params = query.sql_with_params()
    if " JOIN " in sql:
        return f"id IN ({sql})", params
    compiler = query.get_compiler(using)
    where, where_params = compiler.compile(query.where)
    return (f"({where})", tuple(where_params)) if where else ("TRUE", ())


def described(queryset: QuerySet, phrases: list[str]) -> QuerySet:
    """Ids of the records whose description (on PostgreSQL, any word) has one of these."""
    records = queryset.model._default_manager.using(queryset.db).order_by()
    if is_postgres(queryset):
        words = [SearchQuery(fold(p), config="simple", search_type="websearch") for p in phrases]
        return records.filter(search_vector=reduce(operator.or_, words)).values("pk")
    matching = reduce(operator.or_, (Q(description__icontains=p.strip()) for p in phrases))
    return records.filter(matching).values("pk")


def near_misses(queryset: QuerySet, query: str, kind: str) -> QuerySet:
    """The records whose names are nearly the query, the nearest first."""
    if is_postgres(queryset):
        words = fold(query)
        return (
            queryset.filter(search_text__trigram_word_similar=words)
            .annotate(similarity=TrigramWordSimilarity(words, "search_text"))
            .order_by("-similarity", "name")
        )
    near = [pk for pk, score in fuzzy_scores(queryset, query, kind) if score >= NEAR_MISS_SCORE]
    return queryset.filter(pk__in=near)


def fuzzy_scores(
    queryset: QuerySet, query: str, kind: str, *, longer: bool = False
) -> list[tuple[int, float]]:
    """Each record's best rapidfuzz score against the query, best first.

    A key is compared whole and against the start of each stored key ("Chongryun"
    against "Chongryon", "Nosotec" against the start of "Nosotek Joint Venture");
    ``longer`` also compares the query's start with each whole key ("Nosotechnica"
    with "Nosotek"), loose enough for a suggestion, too loose for a result. It reads
    every key of the kind, so it serves SQLite, the development database, where the
    archive is small; PostgreSQL's trigram index does this at scale.
    """
    key = query_key(query)
    best: dict[int, float] = {}
    kinds = key_kinds(kind, queryset.model)
    rows = NameKey.objects.using(queryset.db).filter(kind__in=kinds).values_list("record_id", "key")
    for pk, stored in rows.iterator():
        score = max(fuzz.ratio(key, stored), fuzz.ratio(key, stored[: len(key)]))
        if longer and len(stored) >= 4:
            score = max(score, fuzz.ratio(key[: len(stored)], stored))
        if score > best.get(pk, 0):
            best[pk] = score
    return sorted(best.items(), key=lambda item: -item[1])


def suggest(queryset: QuerySet, query: str) -> str | None:
    """The name nearest the query among ``queryset``'s records, for "Did you mean …?"."""
    kind = kind_of(queryset.model)
    if not query_key(query) or kind is None:
        return None
    if is_postgres(queryset):
        return nearest_by_trigrams(queryset, fold(query))
    scores = fuzzy_scores(queryset, query, kind, longer=True)
    likely = [pk for pk, score in scores if score >= SUGGESTION_SCORE]
    visible = dict(queryset.filter(pk__in=likely).values_list("pk", "name"))
    return next((visible[pk] for pk in likely if pk in visible), None)


def nearest_by_trigrams(queryset: QuerySet, words: str) -> str | None:
    """The most similar name by pg_trgm word similarity, at a looser threshold than a
    near miss's (set for this transaction only), still through the trigram index."""
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # set_config(…, true) is SET LOCAL with a bound parameter, which SET cannot take.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(SUGGESTION_SIMILARITY)],
        )
        return (
            queryset.filter(search_text__trigram_word_similar=words)
            .annotate(similarity=TrigramWordSimilarity(words, "search_text"))
            .order_by("-similarity", "name")
            .values_list("name", flat=True)
            .first()
        )


def store_keys(
    kind: str,
    names: dict[int, list[str]],
    using: str | None = None,
    *,
    parts: dict[int, str] | None = None,
) -> None:
    """Replace the stored keys of these records with the keys of their names; where
    ``kind`` has parts (``Searchable``), ``parts`` gives each record's."""
    using = using or router.db_for_write(NameKey)
    rows = [
        NameKey(kind=k, record_id=pk, key=key, whole=w)
        for k, pk, key, w in _key_rows(kind, names.items(), parts)
    ]
    forget_keys(kind, names, using)
    NameKey.objects.using(using).bulk_create(rows, batch_size=1000)


def record_keys(names: Iterable[str]) -> list[tuple[str, bool]]:
    """A record's keys, once each: (key, whether it is the key of a whole name)."""
    keys: dict[str, bool] = {}
    for name in names:
        for position, key in enumerate(name_keys(name or "")):
            keys[key] = keys.get(key, False) or position == 0
    return list(keys.items())


def _key_rows(
    kind: str, names: Iterable[tuple[int, list[str]]], parts: dict[int, str] | None
) -> Iterator[tuple[str, int, str, bool]]:
    """``(kind, record_id, key, whole)`` of each key of these records, each under its
    part's kind where ``parts`` gives it (``Searchable``)."""
    for pk, record_names in names:
        for key, whole in record_keys(record_names):
            yield parts[pk] if parts else kind, pk, key, whole


def write_keys(
    kind: str,
    names: Iterable[tuple[int, list[str]]],
    using: str,
    *,
    parts: dict[int, str] | None = None,
) -> int:
    """Add the keys of many records at once (a bulk load): COPY on PostgreSQL;
    ``parts`` as ``store_keys`` takes it."""
    rows = _key_rows(kind, names, parts)
    connection = connections[using]
    if connection.vendor != "postgresql":
        objects = [NameKey(kind=k, record_id=pk, key=key, whole=w) for k, pk, key, w in rows]
        NameKey.objects.using(using).bulk_create(objects, batch_size=2000)
        return len(objects)
    written = 0
    table = connection.ops.quote_name(NameKey._meta.db_table)
    with connection.cursor() as cursor:
        copy = f"COPY {table} (kind, record_id, key, whole) FROM STDIN"
        with cursor.cursor.copy(copy) as stream:
            for row in rows:
                stream.write_row(row)
                written += 1
    return written


def forget_keys(kind: str, pks: Iterable[int], using: str | None = None) -> None:
    """Delete the stored keys of these records of ``kind`` (under any of its parts)."""
    using = using or router.db_for_write(NameKey)
    NameKey.objects.using(using).filter(kind__in=key_kinds(kind), record_id__in=list(pks)).delete()


_state = threading.local()


#: Records whose search columns are refreshed at a time: a refresher reads its records
#: and their names by key, one parameter a key (Django's prefetches too), and PostgreSQL
#: takes 65,535 a statement; restoring a national archive's JSON backup refreshes
#: 350,000 parties at its end.
REFRESH_BATCH = 2_000


def refresh(kind: str, pks: Iterable[int]) -> None:
    pks = sorted(set(pks))
    for start in range(0, len(pks), REFRESH_BATCH):
        _searchables[kind].refresh(pks[start : start + REFRESH_BATCH])


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
