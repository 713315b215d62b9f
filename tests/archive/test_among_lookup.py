"""``__among``: ``__in`` for long lists of keys, sent as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from core.lookups import Keys
from ventures.factories import FundingFlowFactory, SectorFactory, VentureFactory
from ventures.models import FundingFlow, Venture


@pytest.mark.django_db
def test_among_keeps_what_in_keeps_on_keys_relations_and_an_empty_list():
    ventures = VentureFactory.create_batch(5)
    sector = SectorFactory()
    ventures[0].sectors.add(sector)
    ventures[2].sectors.add(sector)
    flows = [FundingFlowFactory(recipient=ventures[i]) for i in (1, 3, 3)]
    keys = [ventures[i].pk for i in (0, 1, 3)]
    cases = [
        (Venture.objects.all(), "pk", keys),
        (FundingFlow.objects.all(), "recipient", keys),
        (FundingFlow.objects.all(), "pk", [flows[0].pk, flows[2].pk]),
        (Venture.sectors.through.objects.all(), "venture", keys),
        (Venture.objects.all(), "pk", []),
    ]
    for queryset, field, values in cases:
        among = set(queryset.filter(**{f"{field}__among": values}).values_list("pk", flat=True))
        within = set(queryset.filter(**{f"{field}__in": values}).values_list("pk", flat=True))
        assert among == within, (queryset.model, field, values)
        wrapped = queryset.filter(**{f"{field}__among": Keys(values)})
        assert set(wrapped.values_list("pk", flat=True)) == within, (queryset.model, field)
    assert {ventures[1].pk, ventures[3].pk} == set(
        FundingFlow.objects.filter(recipient__among=keys).values_list("recipient", flat=True)
    )


@pytest.mark.postgres
def test_among_sends_a_thousand_keys_as_one_array_on_postgresql(postgres):
    venture = VentureFactory()
    keys = [venture.pk, *range(10**9, 10**9 + 999)]
    with CaptureQueriesContext(connection) as queries:
        found = list(Venture.objects.filter(pk__among=keys).values_list("pk", flat=True))
    assert found == [venture.pk]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "= ANY(" in sql and " IN (" not in sql


def test_keys_are_handed_to_among_without_django_walking_them(monkeypatch):
    """A list given to a filter is walked value by value (resolved, and on a relation
    checked for records of the wrong model); ``Keys`` is handed over whole."""
    walked = []
    for name in ("resolve_lookup_value", "check_query_object_type"):
        original = getattr(Query, name)

        def counting(self, *args, _original=original, _name=name, **kwargs):
            walked.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Query, name, counting)
    keys = list(range(1, 1001))
    listed = str(Venture.objects.filter(pk__among=keys).query)
    assert len(walked) > 2 * len(keys)
    walked.clear()
    handed = str(Venture.objects.filter(pk__among=Keys(keys)).query)
    assert len(walked) < 5
    assert handed == listed
    # Only ``__among`` takes it: any other lookup refuses it rather than misread it.
    with pytest.raises(TypeError):
        Venture.objects.filter(pk__in=Keys(keys))


@pytest.mark.django_db
def test_among_refuses_a_subquery_which_in_takes():
    with pytest.raises(TypeError, match="__in for a subquery"):
        Venture.objects.filter(pk__among=Venture.objects.values("pk"))


@pytest.mark.postgres
def test_among_sends_integer_keys_as_one_array_text_on_postgresql(postgres):
    """psycopg adapts a list of ints value by value (18 ms for 30,000 keys, in every
    statement that carries them); the array's text is one string PostgreSQL parses."""
    venture = VentureFactory()
    keys = [venture.pk, *range(10**9, 10**9 + 999)]
    sent = []

    def record(execute, sql, params, many, context):
        sent.extend(params or ())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        found = list(Venture.objects.filter(pk__among=keys).values_list("pk", flat=True))
    assert found == [venture.pk]
    (array,) = [param for param in sent if isinstance(param, str) and param.startswith("{")]
    assert array == "{" + ",".join(map(str, keys)) + "}"
    assert not [param for param in sent if isinstance(param, list)]
