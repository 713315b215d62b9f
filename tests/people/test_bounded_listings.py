"""The people and organisation listings stop counting where their pages stop, as the
venture listing does: "1,000+ people", a kind facet "at least", a page read by keys.

The caps (``core.facets.COUNT_CAP``, ``FACET_SAMPLE``) are 1,000 in production; here they
are lowered so the archive's few records pass them (the ``caps`` fixture).
"""

from collections import Counter

import pytest

from people.models import Organization, Person


@pytest.mark.parametrize(
    ("path", "model", "noun"),
    [("/people/", Person, "people"), ("/organisations/", Organization, "organisations")],
)
def test_a_count_past_the_cap_is_shown_as_at_least(client, archive, caps, path, model, noun):
    assert model.objects.public().count() > 3
    caps(3, 1000)
    response = client.get(path)
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.more) == (3, True)
    assert f"3+ {noun}" in response.content.decode()
    assert "narrow the filters for an exact number" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "model"), [("/people/", Person), ("/organisations/", Organization)]
)
def test_a_count_within_the_cap_is_exact(client, archive, path, model):
    response = client.get(path)
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.more) == (model.objects.public().count(), False)
    assert "exact number" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "model"), [("/people/", Person), ("/organisations/", Organization)]
)
def test_the_page_read_by_keys_is_the_listing_in_name_order(client, archive, path, model):
    response = client.get(path)
    shown = [record.pk for record in response.context["page"]]
    expected = list(model.objects.public().order_by("name", "pk").values_list("pk", flat=True))
    assert shown == expected[:20]


@pytest.mark.parametrize("path", ["/people/", "/organisations/"])
def test_a_page_past_the_last_the_pages_reach_is_refused_with_a_reason(client, archive, caps, path):
    caps(3, 1000)
    response = client.get(path, {"page": 51})
    assert response.status_code == 400
    assert "Pages stop at 50" in response.content.decode()


def test_the_kind_facet_past_the_sample_counts_a_sample_and_says_so(client, archive, caps):
    caps(1000, 3)
    response = client.get("/organisations/")
    kinds = response.context["kinds"]
    assert kinds.sampled == 3
    # The first three public organisations by name, counted by kind.
    first = Organization.objects.public().order_by("name", "pk")[:3]
    assert {v.value: v.count for v in kinds.values} == Counter(o.org_kind for o in first)
    assert "Counted over 3 of the matches: at least these many." in response.content.decode()
    # The listing's own count is not sampled.
    assert response.context["page"].paginator.count == Organization.objects.public().count()


def test_the_kind_facet_within_the_sample_is_exact_and_ignores_its_own_filter(client, archive):
    organisations = Organization.objects.public()
    kind = organisations.values_list("org_kind", flat=True).order_by("org_kind").first()
    response = client.get("/organisations/", {"kind": kind})
    kinds = response.context["kinds"]
    assert kinds.sampled == 0
    # Counted over every public organisation: a ticked kind does not narrow its own facet.
    assert {v.value: v.count for v in kinds.values} == Counter(o.org_kind for o in organisations)
    assert "at least these many" not in response.content.decode()
    assert response.context["page"].paginator.count == organisations.filter(org_kind=kind).count()
