"""Variant-aware search: case, accents, hyphens, spaces, aliases and Hangul don't matter."""

import importlib
import re
import threading

import psycopg
import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core import search as search_module
from core.models import NameKey
from core.search import _prefix_range, compact, fold, matching_ids, search, search_text
from people.factories import OrganizationFactory, PersonFactory
from people.models import Organization, Party, PartyAlias, Person
from tests.plans import AT_SCALE
from ventures.factories import VentureFactory
from ventures.models import Place, Venture

by_kind = importlib.import_module("people.migrations.0017_name_keys_by_kind")


def names(queryset) -> list[str]:
    return list(queryset.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ji Seong-ho", "ji seong ho"),
        ("  JI   SEONG HO ", "ji seong ho"),
        ("Jukka-Pekka Heikkilä", "jukka pekka heikkila"),
        ("Workers’ Party", "workers party"),
        ("김정은", "김정은"),
        ("Mt. Keumgang", "mt keumgang"),
    ],
)
def test_fold_ignores_case_accents_and_punctuation(text, folded):
    assert fold(text) == folded


def test_compact_drops_spaces_so_spacing_never_matters():
    assert compact("Ji Seong-ho") == compact("jiseongho") == "jiseongho"


def test_search_text_holds_each_name_folded_and_compacted_once():
    assert search_text(["Ji Seong Ho", "ji seong-ho", ""]) == "ji seong ho | jiseongho"


@pytest.mark.parametrize("query", ["Ji Seong-ho", "ji seong ho", "jiseongho", "JI SEONG HO"])
def test_every_spelling_of_ji_seong_ho_finds_him(archive, query):
    assert "Ji Seong Ho" in names(search(Party.objects.all(), query, vector=True))


def test_an_alias_finds_its_record(archive):
    assert names(search(Party.objects.all(), "Kaesong")) == [
        "Kaeseong Industrial Complex",
        "Kaeseong Industrial District Foundation",
        "South Korean companies in the Kaeseong Industrial Complex",
    ]
    assert names(
        search(Party.objects.all(), "General Association of Korean Residents in Japan")
    ) == ["Chongryon"]


def test_hangul_names_are_found(archive):
    assert names(search(Party.objects.all(), "김정은")) == ["Kim Jong Un"]
    assert names(search(Place.objects.all(), "개성")) == ["Kaesong"]


def test_description_words_are_searched_for_parties(archive):
    assert names(search(Party.objects.all(), "noodle", vector=True)) == [
        "Small businesses funded by an unnamed defector"
    ]


def test_an_empty_query_filters_nothing(archive):
    assert search(Party.objects.all(), "  - ").count() == Party.objects.count()


def test_a_new_alias_is_searchable_at_once(archive):
    party = Party.objects.get(slug="chongryon")
    assert not search(Party.objects.all(), "Chosen Soren").exists()
    PartyAlias.objects.create(party=party, name="Chōsen Sōren")
    assert names(search(Party.objects.all(), "chosen soren")) == ["Chongryon"]


def test_deleting_an_alias_removes_it_from_search(archive):
    assert search(Party.objects.all(), "number one software").exists()
    PartyAlias.objects.get(name="The Number One Software Technology").delete()
    assert not search(Party.objects.all(), "number one software").exists()


def test_renaming_a_party_updates_its_search_text(archive):
    party = Party.objects.get(slug="nosotek").specific
    party.name = "Nosotek Joint Venture Company"
    party.save()
    assert names(search(Party.objects.all(), "nosotek joint")) == ["Nosotek Joint Venture Company"]


def test_near_misses_find_the_nearest_names_on_postgresql(archive, postgres):
    assert "Kaeseong Industrial Complex" in names(search(Party.objects.all(), "Kaesung"))
    assert names(search(Place.objects.all(), "Kaesung")) == ["Kaesong"]
    assert names(search(Party.objects.all(), "Chongryun")) == ["Chongryon"]


def test_near_misses_are_not_added_when_something_matched_exactly(archive, postgres):
    assert names(search(Party.objects.all(), "Kaesong")) == [
        "Kaeseong Industrial Complex",
        "Kaeseong Industrial District Foundation",
        "South Korean companies in the Kaeseong Industrial Complex",
    ]


def test_full_text_search_matches_words_in_any_order_on_postgresql(archive, postgres):
    assert "Chongryon" in names(search(Party.objects.all(), "residents korean", vector=True))


@pytest.mark.parametrize(
    ("key", "inside", "outside"),
    [
        ("gim", ["gim", "gimsongwon", "gim\U0010ffff"], ["gil", "gin", "gi", "gimsongwon"[:2]]),
        ("a\ud7ff", ["a\ud7ff", "a\ud7ffz"], ["a\ue000", "b"]),
        ("a\U0010ffff", ["a\U0010ffff", "a\U0010ffffq"], ["b", "a"]),
        ("\U0010ffff", ["\U0010ffff" * 190], ["\U0010fffe"]),
    ],
)
def test_a_key_prefix_is_the_range_of_the_keys_that_start_with_it(key, inside, outside):
    # Compared as PostgreSQL's varchar_pattern_ops compares: by UTF-8 bytes.
    low, high = (bound.encode() for bound in _prefix_range(key))
    for stored in inside:
        assert stored.startswith(key) and low <= stored.encode() < high
    for stored in outside:
        assert not stored.startswith(key) and not low <= stored.encode() < high


def plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


def matching_statements() -> dict[str, tuple[int, int]]:
    """The connection's prepared matching statements: name -> (generic, custom) plans."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE 'SELECT ARRAY(%'"
        )
        return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}


def test_a_search_plans_its_matches_once_and_leaves_the_connection_as_it_was(archive, postgres):
    own = plan_cache_mode()
    # The connection may already hold other searches' statements (earlier tests on it).
    before = matching_statements()
    for _ in range(7):
        assert "Kaeseong Industrial Complex" in names(search(Party.objects.public(), "Kaeseong"))
        assert plan_cache_mode() == own
    after = matching_statements()
    if connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        assert after == {}  # DATABASE_PREPARED_STATEMENTS=0: nothing is kept
        return
    # Prepared once it has run five times, then run on its one generic plan, never
    # planned for a run's values.
    runs = {
        name: (generic - before.get(name, (0, 0))[0], custom - before.get(name, (0, 0))[1])
        for name, (generic, custom) in after.items()
        if (generic, custom) != before.get(name)
    }
    [(generic, custom)] = runs.values()
    assert generic >= 1 and custom == 0
    assert own == "force_custom_plan"


def test_a_failed_search_leaves_the_connection_with_its_own_plans(archive, postgres, monkeypatch):
    monkeypatch.setattr(search_module, "matching_sql", lambda *given: ("SELECT 1/0", ()))
    own = plan_cache_mode()
    # Inside a transaction: its rollback undoes the switch.
    with pytest.raises(DataError), transaction.atomic():
        search(Party.objects.all(), "Kaeseong")
    assert plan_cache_mode() == own
    # Outside one (a connection of its own, in autocommit): the search switches it back.
    found = []

    def run() -> None:
        try:
            with pytest.raises(DataError):
                search(Party.objects.all(), "Kaeseong")
            found.append(plan_cache_mode())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert found == [own]


def test_each_partys_name_keys_are_stored_under_its_own_kind(archive):
    stored = {}
    for pk, kind in NameKey.objects.exclude(kind="place").values_list("record_id", "kind"):
        stored.setdefault(pk, set()).add(kind)
    parties = dict(Party.objects.values_list("pk", "kind"))
    assert stored and set(stored) <= set(parties)
    assert stored == {pk: {parties[pk]} for pk in stored}
    assert {kind for kinds in stored.values() for kind in kinds} == {
        "person",
        "organization",
        "venture",
    }


def test_a_search_of_one_kind_reads_the_keys_of_that_kind_alone(db, postgres):
    person = PersonFactory(name="Kim Haneul")
    venture = VentureFactory(name="Kim Haneul Trading")
    organisation = OrganizationFactory(name="Kim Haneul Foundation")
    for model, found in (
        (Venture, {venture.pk}),
        (Person, {person.pk}),
        (Organization, {organisation.pk}),
        (Party, {person.pk, venture.pk, organisation.pk}),
    ):
        records = model.objects.public()
        # The ids the statement reads: of the kind searched, no others to look up.
        assert set(matching_ids(records, "kim haneul", "party", True)) == found
        assert set(search(records, "kim haneul", vector=True).values_list("pk", flat=True)) == (
            found
        )


def test_a_description_match_is_kept_to_the_kind_searched(db, postgres):
    PersonFactory(name="Pak Min", description="Founded a bakery in Hyesan.")
    venture = VentureFactory(name="Mountain Bread", description="A bakery in Hyesan.")
    ids = matching_ids(Venture.objects.public(), "bakery", "party", True)
    assert ids == [venture.pk]


def test_the_migration_moves_the_keys_of_parties_to_their_kinds_and_back(archive):
    keys = NameKey.objects.exclude(kind="place")
    before = set(keys.values_list("kind", "record_id", "key", "whole"))
    orphan = Party.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    keys.update(kind="party")
    NameKey.objects.create(kind="party", record_id=orphan, key="nobody", whole=True)
    with connection.cursor() as cursor:
        for statement in by_kind.FORWARD:
            cursor.execute(statement)
    assert set(keys.values_list("kind", "record_id", "key", "whole")) == before
    with connection.cursor() as cursor:
        for statement in by_kind.BACKWARD:
            cursor.execute(statement)
    assert set(keys.values_list("kind", flat=True)) == {"party"}
    assert keys.count() == len(before)


def _key_condition(sql: str) -> str:
    """Which column a statement asks the search's ids of."""
    for column in ('"people_party"."id" = ANY(', '"ventures_venture"."party_ptr_id" = ANY('):
        if column in sql:
            return column.split(" ")[0]
    return ""


def test_a_listing_reads_a_searchs_keys_by_the_key_of_its_order_s_table(client, db, postgres):
    """The people listing's keys, read in the parties' name order, ask the search's ids
    of ``people_party.id`` (``keys_in_name_order``). The venture listing's, read in the
    order of the ventures' own ``listed_name``, ask them of the ventures' key, and join
    no party. The API's page of whole records asks them of the ventures' copy, as every
    read outside the listing's keys does."""
    people = [PersonFactory(name=f"Kim Haneul {n}") for n in range(3)]
    PersonFactory(name="Pak Min")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/?q=kim+haneul")
    assert [p.pk for p in response.context["page"].object_list] == [
        p.pk for p in sorted(people, key=lambda person: (person.name, person.pk))
    ]
    keys_read = [
        q["sql"]
        for q in queries
        if 'ORDER BY "people_party"."name"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert keys_read and {_key_condition(sql) for sql in keys_read} == {'"people_party"."id"'}

    found = [VentureFactory(name=f"Kim Haneul Trading {n}") for n in range(3)]
    VentureFactory(name="Pak Min Bakery")
    expected = sorted(found, key=lambda venture: (venture.name, venture.pk))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ventures/?q=kim+haneul")
    assert [v.pk for v in response.context["page"].object_list] == [v.pk for v in expected]
    keys_read = [
        q["sql"]
        for q in queries
        if 'ORDER BY "ventures_venture"."listed_name"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert keys_read and {_key_condition(sql) for sql in keys_read} == {
        '"ventures_venture"."party_ptr_id"'
    }
    assert all("people_party" not in sql for sql in keys_read)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/ventures/?q=kim+haneul")
    assert [row["id"] for row in response.json()["results"]] == [v.pk for v in expected]
    page = [q["sql"] for q in queries if "= ANY(" in q["sql"] and "keyset_" in q["sql"]]
    assert page and {_key_condition(sql) for sql in page} == {'"ventures_venture"."party_ptr_id"'}
    # Outside the listing's read, a search asks the kind's own copy of the key again.
    assert not getattr(search_module._shared, "keys_in_name_order", False)
    sql = str(search(Venture.objects.public(), "kim haneul").query)
    assert '"ventures_venture"."party_ptr_id" = ANY(' in sql


def _generic_plan(sql: str, params) -> str:
    """``sql``'s plan as ``matching_ids`` runs it: prepared, on its generic plan, with the
    planner told that reading every row is dear (``tests.plans.AT_SCALE``)."""
    # Every parameter is text (keys, kinds, words), as psycopg sends them.
    assert all(isinstance(value, str) for value in params)
    numbered = iter(range(1, len(params) + 1))
    text = re.sub("%s", lambda _: f"${next(numbered)}", sql.replace("%%", "\0"))
    text = text.replace("\0", "%")
    types = ", ".join(["text"] * len(params))
    values = ", ".join(["%s"] * len(params))
    connection.ensure_connection()
    # Client-side binding: a PREPARE's $n are its own, and EXPLAIN takes no parameters.
    with psycopg.ClientCursor(connection.connection) as cursor:
        cursor.execute(f"PREPARE words_plan ({types}) AS {text}")
        try:
            # The settings last until the test's transaction is rolled back; a failed
            # EXPLAIN is undone by its savepoint, and the statement is still let go.
            with transaction.atomic():
                for setting in (*AT_SCALE, "plan_cache_mode = force_generic_plan"):
                    cursor.execute(f"SET LOCAL {setting}")
                cursor.execute(f"EXPLAIN EXECUTE words_plan({values})", params)
                return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE words_plan")


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Venture, "people_party_words_venture"),
        (Person, "people_party_words_person"),
        (Organization, "people_party_words_organization"),
        (Party, "people_party_search_vector_gin"),
    ],
)
def test_a_kinds_description_words_are_read_from_its_own_index(db, postgres, model, index):
    """Under the statement's generic plan, a search of one kind reads the description
    words from that kind's partial index (people's migration 0018); a search of every
    party, from the index of all their words."""
    VentureFactory(name="Mountain Bread", description="A bakery in Hyesan.")
    PersonFactory(name="Pak Min", description="Founded a bakery in Hyesan.")
    # In an archive of two parties, walking the kind's name index is the cheapest way to
    # them; at 200,000 ventures it is not. Without those indexes (dropped inside the
    # test's transaction, which undoes it), the plan shows which word index it can use.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'people_party'"
            " AND indexdef ~ 'btree \\(kind'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
    sql, params = search_module.matching_sql(model.objects.public(), "bakery", "party", True)
    plan = _generic_plan(f"SELECT ARRAY({sql})", params)
    assert index in plan
    others = {"people_party_search_vector_gin"} | {
        f"people_party_words_{kind}" for kind in ("venture", "person", "organization")
    }
    assert not [other for other in others - {index} if other in plan]
