"""Helpers for the site's tests: reading pages, counting queries, hidden records."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.records import PublicationState, Visibility
from people.factories import OrganizationFactory, PartyAliasFactory, PersonFactory, RoleFactory
from people.models import Organization, Person
from sources.factories import CitationFactory, SourceFactory
from ventures.factories import FundingFlowFactory, PlaceFactory, VentureFactory
from ventures.models import FlowKind, Place, Sector, Venture

RESTRICTED = {"visibility": Visibility.RESTRICTED}
DRAFT = {"publication_state": PublicationState.DRAFT}

#: Every hidden record below carries this word in its name, slug or text, so a page
#: that leaks one is caught by looking for it.
MARK = "Zedhidden"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def create_hidden_records() -> None:
    """Restricted and draft records of every kind, linked to public ones.

    Each is linked the way a leak would show it: a hidden person with a role in a public
    organisation and a flow to a public venture; a hidden venture in a public place and
    sector, funded by a public organisation, founded by a public person; a hidden flow
    between two public parties with a kind, currency and year nothing public has; a
    hidden place inside North Korea; a hidden source quoting a public venture.
    """
    bridge = Organization.objects.get(slug="the-bridge")
    chongryon = Organization.objects.get(slug="chongryon")
    ryu_ae = Venture.objects.get(slug="ryu-ae")
    ji = Person.objects.get(slug="ji-seong-ho")
    pyongyang = Place.objects.get(slug="pyongyang")
    apparel = Sector.objects.get(slug="apparel")

    person = PersonFactory(name=f"{MARK} Person", slug=f"{MARK.lower()}-person", **RESTRICTED)
    PartyAliasFactory(party=person, name=f"{MARK} Alias")
    RoleFactory(person=person, organization=bridge, title=f"{MARK} role")
    FundingFlowFactory(funder=person, recipient=ryu_ae, purpose=f"{MARK} purpose")

    venture = VentureFactory(
        name=f"{MARK} Venture",
        slug=f"{MARK.lower()}-venture",
        place=pyongyang,
        sectors=[apparel],
        founded_year=2017,
        **RESTRICTED,
    )
    FundingFlowFactory(funder=chongryon, recipient=venture, usd_low=1, usd_high=5)
    RoleFactory(person=ji, organization=venture, title=f"{MARK} founder")

    FundingFlowFactory(
        funder=bridge,
        recipient=ryu_ae,
        kind=FlowKind.SCHOLARSHIP,
        currency="EUR",
        start_year=1999,
        usd_low=Decimal("999999"),
        usd_high=Decimal("999999"),
        amount_as_stated=f"{MARK} amount",
        **RESTRICTED,
    )
    FundingFlowFactory(
        funder=bridge, recipient=ryu_ae, kind=FlowKind.LOAN, start_year=1998, **DRAFT
    )
    PersonFactory(name=f"{MARK} Draft Person", slug=f"{MARK.lower()}-draft-person", **DRAFT)
    VentureFactory(
        name=f"{MARK} Draft Venture",
        slug=f"{MARK.lower()}-draft-venture",
        place=pyongyang,
        sectors=[apparel],
        **DRAFT,
    )
    OrganizationFactory(name=f"{MARK} Organisation", slug=f"{MARK.lower()}-org", **RESTRICTED)
    # Matches "nosotekk" exactly where the public Nosotek only matches as a near miss.
    VentureFactory(name=f"Nosotekk {MARK}", slug=f"nosotekk-{MARK.lower()}", **RESTRICTED)
    PlaceFactory(
        name=f"{MARK} Place",
        slug=f"{MARK.lower()}-place",
        parent=Place.objects.get(slug="north-korea"),
        **RESTRICTED,
    )
    secret = SourceFactory(
        title=f"{MARK} Source",
        slug=f"{MARK.lower()}-source",
        full_text=f"{MARK} sentence about Ryu Ae.",
        **RESTRICTED,
    )
    CitationFactory(source=secret, party=ryu_ae, quote=f"{MARK} sentence about Ryu Ae.")


def create_sideways_records() -> Venture:
    """Public records whose links point at hidden ones: a place, a publisher, an author."""
    hidden_place = PlaceFactory(
        name=f"{MARK} Township",
        slug=f"{MARK.lower()}-township",
        parent=Place.objects.get(slug="north-korea"),
        **RESTRICTED,
    )
    venture = VentureFactory(
        name="Venture in an unlisted place",
        slug="venture-in-an-unlisted-place",
        place=hidden_place,
        founded_year=2018,
        operated_by=OrganizationFactory(name=f"{MARK} Operator", **RESTRICTED),
    )
    publisher = OrganizationFactory(name=f"{MARK} Publisher", **DRAFT)
    author = PersonFactory(name=f"{MARK} Author", **RESTRICTED)
    source = SourceFactory(
        title="Article with an unlisted publisher",
        slug="article-with-an-unlisted-publisher",
        publisher=publisher,
        authors=[author],
        published_on=datetime.date(2019, 5, 1),
    )
    CitationFactory(source=source, party=venture)
    hidden_person = PersonFactory(name=f"{MARK} Quoted Person", **RESTRICTED)
    CitationFactory(source=source, party=hidden_person, quote="We are betting on people.")
    parent = OrganizationFactory(name=f"{MARK} Parent", **RESTRICTED)
    OrganizationFactory(
        name="Organisation with an unlisted parent",
        slug="organisation-with-an-unlisted-parent",
        parent=parent,
    )
    return venture
