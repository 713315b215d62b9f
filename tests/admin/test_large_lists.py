"""The admin's change lists at national scale: work a page costs that does not read the
whole table (a million flows: 4.9 s for the first page of flows before, 112 ms after).

- a filtered list counts its matches, not the whole table again (``ArchiveAdmin``'s
  ``show_full_result_count``);
- the currency filter finds its values by a walk of the currency index on PostgreSQL,
  not a ``SELECT DISTINCT`` over every flow (``ventures.admin.BlankNamedValuesFilter``);
- every flow in the list's order has an index (``ventures/0018``), so the first page is
  a walk of it, not a sort of every flow with both its ends joined;
- citations are listed newest first, and their source filter lists the first sources,
  not every one the citations point at (``core.admin_tools.FirstRelatedFilter``);
- a person's, an organisation's or a venture's list says its rows' kind, so its name
  order walks the parties' (kind, name) index; roles are listed newest first; the
  venture country filter probes each place for a venture rather than reading every
  venture.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_countries.fields import CountryField

from core.admin_tools import FirstRelatedFilter
from people.factories import OrganizationFactory, PersonFactory
from people.models import Organization, Person, Role
from sources.models import Citation, Source
from tests.plans import plan_of
from ventures.admin import VenturePlaceCountryFilter
from ventures.factories import FundingFlowFactory, PlaceFactory, VentureFactory
from ventures.models import FundingFlow, Place, Venture

FLOWS = "/admin/ventures/fundingflow/"
CITATIONS = "/admin/sources/citation/"


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_filtered_list_counts_its_matches_and_not_the_whole_table(admin_client, archive):
    counts = [
        sql for sql in queries(admin_client, f"{FLOWS}?kind__exact=donation") if "COUNT(" in sql
    ]
    assert len(counts) == 1
    assert "donation" in counts[0]


def test_the_currency_filter_lists_every_currency_and_the_blank_one(admin_client, archive):
    FundingFlowFactory(in_kind=True)  # goods in kind state no currency
    page = admin_client.get(FLOWS).content.decode()
    shown = set(re.findall(r'href="\?currency=([A-Z]*)"', page))
    stated = set(FundingFlow.objects.values_list("currency", flat=True))
    assert "" in stated
    assert shown == stated
    assert "None stated" in page


def test_the_currency_filter_walks_the_index_on_postgresql(admin_client, archive, postgres):
    sql = queries(admin_client, FLOWS)
    assert not [q for q in sql if "DISTINCT" in q and '"currency"' in q]
    assert [q for q in sql if q.lstrip().startswith("WITH RECURSIVE walk")]


def test_every_flow_in_the_lists_order_is_an_index_walk(admin_client, archive, postgres):
    # The page's rows: the list's own order (a short list is read whole, with no LIMIT).
    (page,) = [
        q
        for q in queries(admin_client, FLOWS)
        if q.startswith('SELECT "ventures_fundingflow"."id"') and "ORDER BY" in q
    ]
    # The archive is small: tell the planner a sort is dear, as it is at scale.
    plan = plan_of(page, settings=("enable_sort = off",))
    assert "ventures_flow_order" in plan
    assert "Sort" not in plan.split("ventures_flow_order")[0].splitlines()[-1]


def test_the_source_filter_lists_the_first_sources_and_the_chosen_one(
    admin_client, archive, monkeypatch
):
    monkeypatch.setattr(FirstRelatedFilter, "SHOWN", 2)
    cited = Source.objects.filter(citations__isnull=False).distinct()
    assert cited.count() > 3
    newest = list(cited.order_by("-published_on", "title")[:2])
    oldest = cited.order_by("published_on", "-title").first()

    def listed(url: str) -> list[int]:
        changelist = admin_client.get(url).context["cl"]
        (spec,) = [f for f in changelist.filter_specs if isinstance(f, FirstRelatedFilter)]
        return [pk for pk, _ in spec.lookup_choices]

    assert listed(CITATIONS) == [source.pk for source in newest]
    chosen = listed(f"{CITATIONS}?source__id__exact={oldest.pk}")
    assert chosen == [*(source.pk for source in newest), oldest.pk]
    assert "the first 2; search for others" in admin_client.get(CITATIONS).content.decode()


def test_citations_are_listed_newest_first(admin_client, archive):
    response = admin_client.get(CITATIONS)
    shown = [citation.pk for citation in response.context["cl"].result_list]
    assert shown == sorted(shown, reverse=True)
    assert shown[0] == Citation.objects.order_by("-id").first().pk


PARTY_LISTS = {
    "/admin/people/person/": "people_person",
    "/admin/people/organization/": "people_organization",
    "/admin/ventures/venture/": "ventures_venture",
}


@pytest.mark.parametrize("url", PARTY_LISTS)
def test_a_kinds_list_in_name_order_walks_the_parties_kind_index(
    admin_client, archive, postgres, url
):
    """Each kind's list says its rows' kind, so its order (name, then id) is a walk of
    the parties' (kind, name) index that stops at the page, not a sort of every party of
    the kind joined to its own table (0.24-0.48 s at 200,000 ventures)."""
    table = PARTY_LISTS[url]
    response = admin_client.get(url)
    shown = list(response.context["cl"].result_list)
    assert shown and all(party.kind == type(party).party_kind for party in shown)
    names = [party.name for party in shown]
    assert names == sorted(names)
    (page,) = [
        q
        for q in queries(admin_client, url)
        if q.startswith('SELECT "people_party"."id"') and f'FROM "{table}"' in q
    ]
    plan = plan_of(page)
    assert "people_part_kind_43c6b2_idx" in plan
    assert "Presorted Key: people_party.name" in plan or "Sort Key" not in plan


def counted(client, url: str) -> tuple[int, list[str]]:
    """The list's count as it shows it, and the ``COUNT`` queries that page made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]
    return response.context["cl"].result_count, sql


@pytest.fixture
def viewer_client(db):
    """A staff member who may view people, organisations and ventures, but not hidden
    records."""
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    user = User.objects.create_user("vera", password="a long and secret passphrase")
    user.is_staff = True
    user.save()
    codenames = ("view_person", "view_organization", "view_venture")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PARTY_LISTS)
def test_a_kinds_whole_list_counts_its_own_table_alone(admin_client, viewer_client, archive, url):
    """Every row of a kind's table is listed (no filter, no search, a user who sees
    hidden records): the count reads that table alone, not every party joined to it
    through the list's kind filter (0.17-0.22 s at 200,000 ventures, 0.02 s alone)."""
    table = PARTY_LISTS[url]
    model = admin_client.get(url).context["cl"].model
    factories = {Person: PersonFactory, Organization: OrganizationFactory, Venture: VentureFactory}
    factories[model](publication_state="draft")
    count, sql = counted(admin_client, url)
    assert count == model._base_manager.count()
    (whole,) = sql
    assert f'FROM "{table}"' in whole and "JOIN" not in whole
    # Narrowed lists count their own matches, as before.
    count, (draft,) = counted(admin_client, f"{url}?publication_state__exact=draft")
    assert count == model._base_manager.filter(publication_state="draft").count() >= 1
    assert "draft" in draft
    # A staff member who may not see hidden records counts what they may see.
    count, (visible,) = counted(viewer_client, f"{url}?o=1")
    assert count == model.objects.public().count() < model._base_manager.count()
    assert "JOIN" in visible


def test_the_country_filters_offer_the_countries_of_records_the_user_may_see(
    admin_client, viewer_client, archive
):
    """The people's and organisations' country filters walk their index (one step per
    value, not a ``SELECT DISTINCT`` over every row) and offer only the countries of the
    records the user may see: a draft's country is not one for a viewer."""
    PersonFactory(origin_country="KP", residence_country="CN")
    PersonFactory(origin_country="RU", residence_country="JP", publication_state="draft")
    OrganizationFactory(country="MN", publication_state="draft")
    OrganizationFactory(country="CN")
    lists = {
        "/admin/people/person/": ("origin_country", "residence_country"),
        "/admin/people/organization/": ("country",),
    }
    for client in (admin_client, viewer_client):
        for url, columns in lists.items():
            with CaptureQueriesContext(connection) as captured:
                changelist = client.get(url).context["cl"]
            for column in columns:
                offered = list(country_choices(changelist, column))
                shown = changelist.root_queryset.order_by().values_list(column, flat=True)
                assert set(offered) == {str(code) for code in shown if code}
                assert len(offered) == len(set(offered))
            if connection.vendor == "postgresql":
                sql = [query["sql"] for query in captured.captured_queries]
                assert not [q for q in sql if q.startswith("SELECT DISTINCT") and "countr" in q]
                assert len([q for q in sql if q.lstrip().startswith("WITH RECURSIVE walk")]) == len(
                    columns
                )
    viewer = viewer_client.get("/admin/people/person/").context["cl"]
    admin = admin_client.get("/admin/people/person/").context["cl"]
    assert "RU" not in country_choices(viewer, "origin_country")
    assert "RU" in country_choices(admin, "origin_country")
    assert "KP" in country_choices(viewer, "origin_country")


def country_choices(changelist, column: str) -> dict[str, str]:
    """The codes and names the change list's filter on ``column`` offers."""
    (spec,) = [
        spec for spec in changelist.filter_specs if getattr(spec, "field_path", None) == column
    ]
    return dict(spec.lookup_choices(changelist))


def test_roles_are_listed_newest_first(admin_client, archive):
    shown = [role.pk for role in admin_client.get("/admin/people/role/").context["cl"].result_list]
    assert shown == sorted(shown, reverse=True)
    assert shown[0] == Role.objects.order_by("-id").first().pk


def test_the_venture_country_filter_lists_the_countries_ventures_are_in(admin_client, archive):
    kept = VentureFactory(place=PlaceFactory(country="CN")).place
    PlaceFactory(country="RU")  # a place no venture is in
    changelist = admin_client.get("/admin/ventures/venture/").context["cl"]
    (spec,) = [f for f in changelist.filter_specs if isinstance(f, VenturePlaceCountryFilter)]
    listed = [code for code, _ in spec.lookup_choices(changelist)]
    expected = {
        str(place.country)
        for place in Place.objects.filter(ventures__isnull=False).exclude(country="")
    }
    assert set(listed) == expected and kept.country.code in listed and "RU" not in listed
    assert len(listed) == len(set(listed))


def test_country_columns_show_the_countrys_name_without_its_choices(admin_client, monkeypatch):
    """django-countries rebuilds its 250 choices for every cell Django shows through them
    (~250 ms for a page of 100 people); the columns read the value's own name."""
    PersonFactory(name="Kim Abroad", origin_country="KP", residence_country="CN")
    PersonFactory(name="Kim Unplaced", origin_country="", residence_country="")

    def asked(field):
        raise AssertionError(f"the change list built {field.name}'s choices")

    monkeypatch.setattr(CountryField, "flatchoices", property(asked))
    page = admin_client.get("/admin/people/person/?o=1")
    rows = re.findall(r"<tr>.*?</tr>", page.content.decode(), re.S)
    abroad = next(row for row in rows if "Kim Abroad" in row)
    unplaced = next(row for row in rows if "Kim Unplaced" in row)
    assert "North Korea" in abroad and "China" in abroad
    assert re.search(r'class="field-origin_country">-<', unplaced)
    assert 'class="sortable column-origin_country' in page.content.decode()  # still sorts


# A record's own page at national scale: its inlines show their first rows, not a form
# for each of a busy funder's thousands of flows (37 MB and 41 s for one organisation).


def busy_funder(flows: int):
    from people.factories import OrganizationFactory

    funder = OrganizationFactory(name="Busy Fund")
    for year in range(2000, 2000 + flows):
        FundingFlowFactory(funder=funder, recipient=VentureFactory(), start_year=year)
    return funder


def shown_flows(page) -> list[int]:
    (formset,) = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is FundingFlow and inline.formset.fk.name == "funder"
    ]
    return [form.instance.start_year for form in formset.initial_forms]


def test_a_busy_funder_s_page_shows_its_first_flows_and_links_to_all(admin_client):
    from core.admin_tools import VersionedInlineFormSet
    from tests.admin.pages import admin_url
    from ventures.inlines import FlowsOutInline

    assert FlowsOutInline.shown_at_most == 20
    assert issubclass(FlowsOutInline.formset, VersionedInlineFormSet)
    funder = busy_funder(23)
    page = admin_client.get(admin_url(type(funder), "change", funder.pk))
    assert shown_flows(page) == list(range(2022, 2002, -1))  # newest first, as listed
    content = page.content.decode()
    link = f"{FLOWS}?funder={funder.pk}"
    assert "The first 20 of 23 are shown here" in content
    assert f'<a href="{link}">all 23 in the list of funding flows</a>' in content
    listed = admin_client.get(link)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 23


def test_a_page_sent_back_saves_the_rows_it_showed_whatever_came_since(admin_client):
    from tests.admin.pages import admin_url, form_data

    funder = busy_funder(21)
    url = admin_url(type(funder), "change", funder.pk)
    page = admin_client.get(url)
    data = form_data(page)
    # The oldest flow shown (2001) is the 20th; a newer flow added meanwhile pushes it
    # out of the first twenty, but the page's row for it still saves to it.
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is FundingFlow and inline.formset.fk.name == "funder"
    )
    index = shown_flows(page).index(2001)
    oldest = FundingFlow.objects.get(funder=funder, start_year=2001)
    data[f"{prefix}-{index}-status"] = "pledged"
    FundingFlowFactory(funder=funder, recipient=VentureFactory(), start_year=2030)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    oldest.refresh_from_db()
    assert oldest.status == "pledged"
    assert FundingFlow.objects.filter(funder=funder, status="pledged").count() == 1
    assert FundingFlow.objects.filter(funder=funder).count() == 22


def test_a_record_s_first_flows_are_read_from_its_end_s_index_on_postgresql(admin_client, postgres):
    # Its first twenty flows with how many there are: in the order of an index on the
    # end (ventures/0021), where a walk of every flow in the listing's order took 1.9 s
    # at a million flows for a person with 2,876.
    from tests.admin.pages import admin_url

    funder = busy_funder(3)
    captured = queries(admin_client, admin_url(type(funder), "change", funder.pk))
    given = 'WHERE "ventures_fundingflow"."funder_id" = '
    (first,) = [sql for sql in captured if "OVER ()" in sql and given in sql]
    plan = plan_of(first)
    assert "ventures_flow_funder_order" in plan, plan


def test_the_citation_list_names_each_target_without_joining_them_to_its_page(
    admin_client, archive
):
    """The "backs" column names each citation's record (a party; a role's person and
    organisation; a flow's ends; a place; a relation's two parties), read after the
    page: joined to it, those were fourteen tables in one statement, which PostgreSQL
    took 63 ms to plan on every page of the list, at any size of archive."""
    from django.utils.html import escape

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(CITATIONS)
    shown = list(response.context["cl"].result_list)
    backs = {citation.target._meta.model_name for citation in shown}
    assert len(shown) > 20 and len(backs) >= 3, backs
    page = response.content.decode()
    for citation in Citation.objects.filter(pk__in=[c.pk for c in shown]):
        assert escape(str(citation.target)) in page
    sql = [query["sql"] for query in captured.captured_queries]
    (listing,) = [q for q in sql if q.startswith('SELECT "sources_citation"."id"')]
    assert listing.count(" JOIN ") == 1 and '"sources_source"' in listing  # for "verified"
