"""Rows built at the cost of their columns (``core.loading``), and a list's nested rows
read by the page itself (``core.api_lists.lean_prefetches``): the same records, lists
and queries as Django's own ``Model.from_db`` and prefetch give."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model, Prefetch
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils.module_loading import import_string
from django_countries.fields import Country

from core import api_lists, loading
from core.records import PUBLIC
from core.versions import Versioned
from people.models import Organization, Person
from ventures.factories import FundingFlowFactory, StatedConversionFactory
from ventures.models import FundingFlow, Sector, StatedConversion
from ventures.selectors import flow_records, venture_records


def versioned_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Versioned) and model.objects.exists()
    ]


def as_django_builds(model: type[Model], queryset, monkeypatch):
    """The rows of ``queryset`` as ``Model.from_db`` builds them, through ``__init__``."""
    with monkeypatch.context() as patched:
        # On the class's own namespace, and taken away after (monkeypatch reads a class's
        # ``__dict__``): a subclass never inherits a method bound to its parent.
        patched.setattr(model, "from_db", classmethod(Model.from_db.__func__))
        return list(queryset)


def loaded(record: Model) -> dict:
    return {name: value for name, value in record.__dict__.items() if name != "_state"}


@pytest.mark.parametrize("columns", ["all", "one"])
def test_every_record_is_built_as_django_builds_it(archive, columns, monkeypatch):
    checked = 0
    for model in versioned_models():
        # Built by ``core.loading``, not by ``__init__``.
        assert model.from_db.__func__ is Versioned.from_db.__func__
        assert loading._converting(model) is not None
        queryset = model.objects.order_by("pk")[:20]
        if columns == "one":
            # A row read with one column: every other is still deferred, read when asked.
            queryset = queryset.only(model._meta.pk.attname)
        ours, theirs = list(queryset), as_django_builds(model, queryset, monkeypatch)
        assert [loaded(record) for record in ours] == [loaded(record) for record in theirs]
        for mine, django in zip(ours, theirs, strict=True):
            assert type(mine) is type(django)
            assert (mine._state.adding, mine._state.db) == (False, django._state.db)
            assert mine.get_deferred_fields() == django.get_deferred_fields()
        checked += 1
    assert checked >= 10


def test_a_column_whose_descriptor_converts_is_set_through_it():
    # A CountryField cleans what is set (a Country becomes its code): a row built
    # directly holds what ``__init__`` would have left.
    assert loading._converting(Person) == {"origin_country", "residence_country"}
    assert loading._converting(Organization) == {"country"}
    given = (Country("KP"),)
    ours = loading.load(Person, "default", ["origin_country"], given)
    theirs = Model.from_db.__func__(Person, "default", ["origin_country"], given)
    assert ours.__dict__["origin_country"] == theirs.__dict__["origin_country"] == "KP"
    assert type(ours.__dict__["origin_country"]) is str
    assert ours.origin_country == Country("KP")


def test_a_deferred_column_is_read_when_asked(archive):
    flow = FundingFlow.objects.only("pk").order_by("pk").first()
    assert "purpose" not in flow.__dict__
    with CaptureQueriesContext(connection) as queries:
        purpose = flow.purpose
    assert len(queries) == 1
    assert purpose == FundingFlow.objects.get(pk=flow.pk).purpose


def test_the_outbox_still_remembers_what_a_row_was_when_loaded(archive):
    # ``post_init`` is still sent: a later save marks where a flow's ends were as well
    # as where they are (``core.outbox``).
    flow = FundingFlow.objects.exclude(recipient=None).order_by("pk").first()
    assert flow._outbox_was["recipient_id"] == flow.recipient_id


@isolate_apps("ventures")
def test_a_model_with_an_init_of_its_own_is_built_by_it():
    calls = []

    class Built(Model):
        class Meta:
            app_label = "ventures"

        def __str__(self):
            return str(self.pk)

        def __init__(self, *args, **kwargs):
            calls.append(args)
            super().__init__(*args, **kwargs)

    record = loading.load(Built, "default", ["id"], (7,))
    assert calls == [(7,)]
    assert record.pk == 7 and not record._state.adding


def bookkept(record: Model) -> dict:
    """A nested row's columns, without the key each prefetch notes its record by."""
    return {
        name: value
        for name, value in loaded(record).items()
        if not name.startswith(("_prefetch_related_val_", "_lean_owner"))
    }


def prefetched_as_django(queryset) -> list:
    """Each row's prefetched lists as Django's prefetch leaves them (not a column that
    holds a list, such as a venture's stored ``funder_ids``)."""
    return [
        {
            name: [bookkept(each) for each in value]
            for name, value in row.__dict__.items()
            if isinstance(value, list)
            and name not in {field.attname for field in row._meta.concrete_fields}
        }
        for row in queryset
    ]


@pytest.mark.parametrize(
    "records, serializer_path, pointing_back",
    [
        (
            flow_records,
            "ventures.serializers.FundingFlowSerializer",
            {"_listed_conversions", "_listed_goods", "visible_citations"},
        ),
        (
            venture_records,
            "ventures.serializers.VentureSerializer",
            {"_listed_aliases", "_listed_sectors", "visible_roles", "visible_citations"},
        ),
    ],
)
def test_a_page_reads_its_nested_lists_as_the_prefetch_does(
    archive, records, serializer_path, pointing_back
):
    serializer = import_string(serializer_path)(many=True)
    listed = api_lists.as_plain_lists(records(PUBLIC), api_lists.plain_lists(serializer))
    lean = api_lists.lean_prefetches(listed)
    keys = {reader[0]: reader[-1] for reader in lean._iterable_class.lean}
    taken = set(keys)
    assert taken == pointing_back
    # What is not such a list (a venture's place, a foreign key of its own) is still
    # Django's prefetch.
    assert len(lean._prefetch_related_lookups) == len(listed._prefetch_related_lookups) - len(taken)
    page = slice(0, 40)
    with CaptureQueriesContext(connection) as django_reads:
        expected = prefetched_as_django(listed[page])
    with CaptureQueriesContext(connection) as our_reads:
        rows = list(lean[page])
    assert prefetched_as_django(rows) == expected
    assert any(any(row.__dict__[name] for name in taken) for row in rows)
    assert len(our_reads) == len(django_reads)
    # Each nested row that points at its record knows it, as after Django's prefetch:
    # no query to ask.
    with CaptureQueriesContext(connection) as asked:
        for row in rows:
            for name in taken:
                for each in row.__dict__[name] if keys[name] is not None else ():
                    assert getattr(each, keys[name].name) is row
    assert not asked.captured_queries


def test_a_list_of_rows_pointing_elsewhere_is_left_to_django():
    # A forward key (a conversion's flow), a many-to-many reached backwards (a sector's
    # ventures), a prefetch without a ``to_attr``, one going two levels deep and one of
    # the first few rows of each record (a slice: Django's windowed prefetch) are not
    # taken over.
    for model, lookup in (
        (StatedConversion, Prefetch("flow", to_attr="the_flow")),
        (Sector, Prefetch("ventures", to_attr="the_ventures")),
        (FundingFlow, Prefetch("conversions")),
        (FundingFlow, Prefetch("conversions__flow", to_attr="deep")),
        (FundingFlow, Prefetch("conversions", StatedConversion.objects.all()[:2], to_attr="few")),
    ):
        queryset = model.objects.prefetch_related(lookup)
        assert api_lists.lean_prefetches(queryset) is queryset


def test_a_page_s_nested_rows_are_sorted_by_their_key_column_not_their_record_s_table(archive):
    # A conversion is ordered by ("flow", "from_amount"): by the relation, Django joins the
    # flows to sort by the flow's own order. The page's rows are sorted to their flows in
    # Python, so they are read by the key's column, in the same order within each flow.
    flow = FundingFlowFactory()
    for amount in (200, 100, 300):
        StatedConversionFactory(flow=flow, from_amount=amount)
    serializer = import_string("ventures.serializers.FundingFlowSerializer")(many=True)
    listed = api_lists.as_plain_lists(flow_records(PUBLIC), api_lists.plain_lists(serializer))
    lean = api_lists.lean_prefetches(listed.filter(pk=flow.pk))
    with CaptureQueriesContext(connection) as reads:
        (row,) = list(lean)
    assert [c.from_amount for c in row._listed_conversions] == [100, 200, 300]
    conversions = [q["sql"] for q in reads if 'FROM "ventures_statedconversion"' in q["sql"]]
    assert len(conversions) == 1
    assert '"ventures_fundingflow"' not in conversions[0]
    assert 'ORDER BY "ventures_statedconversion"."flow_id" ASC' in conversions[0]
