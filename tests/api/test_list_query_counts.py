"""An API list costs the same number of queries at page sizes 1, 20 and 100.

Every resource's read declares its joins (``core.registry``, each app's selectors), so
nothing is fetched per row. The archive is first given more rows of every kind, linked
to the records the lists show, so that a page of 100 really holds more rows, with more
related records, than a page of 20 or of 1.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.records import PUBLIC
from core.registry import resource, resources
from people.factories import PartyAliasFactory, PartyRelationFactory, PersonFactory, RoleFactory
from people.models import Organization
from sources.factories import CitationFactory, StatementFactory
from sources.models import Source, Statement
from tests.conftest import shared_data
from tests.site.test_query_counts import add_rows
from ventures.factories import (
    ExchangeRateFactory,
    GoodsItemFactory,
    PlaceAliasFactory,
    SectorFactory,
    StatedConversionFactory,
)
from ventures.models import ExchangeRate, Place, Sector, Venture

SIZES = (1, 20, 100)


def first(name: str):
    return resource(name).records(PUBLIC).first()


def complete_first_rows() -> None:
    """Give the first row of each list one of every related kind its API shape nests.

    A prefetch with nothing to look up is skipped, so a page of one row whose row has no
    parent, say, would cost a query less than a page of twenty for no fault of the read.
    """
    bridge = Organization.objects.get(slug="the-bridge")
    pyongyang = Place.objects.get(slug="pyongyang")
    person = first("person")
    PartyAliasFactory(party=person)
    RoleFactory(person=person, organization=bridge, title="first person's role")
    CitationFactory(party=person)
    organization = first("organization")
    if organization.parent_id is None:
        parent = Organization.objects.exclude(pk=organization.pk).first()
        Organization.objects.filter(pk=organization.pk).update(parent=parent)
    PartyAliasFactory(party=organization)
    RoleFactory(person=PersonFactory(), organization=organization)
    CitationFactory(party=organization)
    venture = first("venture")
    venture.place = pyongyang
    venture.operated_by = bridge
    venture.save()
    venture.sectors.add(Sector.objects.first())
    PartyAliasFactory(party=venture)
    RoleFactory(person=PersonFactory(), organization=venture)
    CitationFactory(party=venture)
    CitationFactory(role=first("role"))
    flow = first("funding-flow")
    if not flow.conversions.exists():
        StatedConversionFactory(flow=flow)
    if not flow.goods.exists():
        GoodsItemFactory(flow=flow)
    CitationFactory(flow=flow)
    place = first("place")
    if place.parent_id is None:
        Place.objects.filter(pk=place.pk).update(parent=Place.objects.exclude(pk=place.pk).first())
    PlaceAliasFactory(place=place)
    CitationFactory(place=place)
    CitationFactory(relation=first("party-relation"))
    statement = first("statement")
    statement.place = pyongyang
    statement.save()
    source = first("source")
    source.publisher = bridge
    source.save()
    source.authors.add(PersonFactory())


@shared_data(archive=True)
def bigger_archive():
    """The archive with more rows of every kind, and each list's first row complete."""
    add_rows(22)  # every list then runs past a page of 20
    bridge = Organization.objects.get(slug="the-bridge")
    pyongyang = Place.objects.get(slug="pyongyang")
    for _ in range(22):
        CitationFactory(relation=PartyRelationFactory(related=bridge))
        StatementFactory(about=bridge, place=pyongyang)
    SectorFactory.create_batch(10)
    # Reference rows only: no flow is in these years, so nothing needs recomputing.
    ExchangeRate.objects.bulk_create(
        ExchangeRateFactory.build(currency="XAU", year=1900 + n) for n in range(10)
    )
    complete_first_rows()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def strip_first_rows() -> None:
    """Leave the first row of each list linking no other record where it may link none
    (no place, operator, parent, publisher): a page of that row alone has no related
    record to look up, and must still cost what a page of a hundred does."""
    first_of = {name: first(name).pk for name in ("venture", "organization", "place")}
    Venture.objects.filter(pk=first_of["venture"]).update(place=None, operated_by=None)
    Organization.objects.filter(pk=first_of["organization"]).update(parent=None)
    Place.objects.filter(pk=first_of["place"]).update(parent=None)
    Source.objects.filter(pk=first("source").pk).update(publisher=None)
    Statement.objects.filter(pk=first("statement").pk).update(place=None)


@pytest.mark.parametrize("first_rows", ["complete", "stripped"])
def test_each_list_costs_the_same_at_every_page_size(request, bigger_archive, first_rows):
    # One test for every resource: the bigger archive costs more to build than to read.
    if first_rows == "stripped":
        strip_first_rows()
    clients = {who: request.getfixturevalue(who) for who in ("anonymous", "editor")}
    uneven = {}
    for declared in resources():
        url = f"/api/v1/{declared.path}/"
        assert clients["anonymous"].get(f"{url}?count=true").json()["count"] > 20, url
        for who, client in clients.items():
            counts = {size: queries(client, f"{url}?page_size={size}") for size in SIZES}
            if len(set(counts.values())) != 1:
                uneven[(declared.name, who)] = counts
    assert uneven == {}
