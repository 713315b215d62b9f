"""Listings whose work stops at a cap say so: "1,000+ ventures", facets "at least".

The caps (``core.facets.COUNT_CAP``, ``FACET_SAMPLE``) are 1,000 in production; here they
are lowered so the archive's few records pass them (the ``caps`` fixture).
"""

from ventures.models import FundingFlow, Venture


def facet(response, name: str):
    return next(f for f in response.context["facets"] if f.name == name)


def test_a_count_past_the_cap_is_shown_as_at_least(client, archive, caps):
    public = Venture.objects.public().count()
    assert public > 3
    caps(3, 1000)
    response = client.get("/ventures/")
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.more) == (3, True)
    assert "3+ ventures" in response.content.decode()
    assert "narrow the filters for an exact number" in response.content.decode()


def test_a_count_within_the_cap_is_exact(client, archive):
    response = client.get("/ventures/")
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.more) == (Venture.objects.public().count(), False)
    assert "exact number" not in response.content.decode()


def test_facets_past_the_sample_count_a_sample_and_say_so(client, archive, caps):
    caps(1000, 3)
    response = client.get("/ventures/")
    kind = facet(response, "kind")
    assert kind.sampled == 3
    assert sum(value.count for value in kind.values) == 3
    defector = facet(response, "founded_by_defector")
    assert sum(value.count for value in defector.values) == 3
    assert "Counted over 3 of the matches: at least these many." in response.content.decode()
    # The listing's own count is not sampled.
    assert response.context["page"].paginator.count == Venture.objects.public().count()


def test_facets_within_the_sample_are_exact(client, archive):
    response = client.get("/ventures/")
    kind = facet(response, "kind")
    assert kind.sampled == 0
    assert sum(value.count for value in kind.values) == Venture.objects.public().count()
    assert "at least these many" not in response.content.decode()


def test_flow_facets_outside_the_summary_are_sampled(client, archive, caps):
    caps(1000, 2)
    # A search is not a summary column: kind is counted live, over the sample.
    response = client.get("/flows/?q=a")
    assert response.status_code == 200
    assert facet(response, "kind").sampled == 2
    # Currency and years are: kind is exact, from the summary; funders are sampled.
    response = client.get("/flows/?currency=USD")
    kind = facet(response, "kind")
    assert kind.sampled == 0
    usd = FundingFlow.objects.public().filter(currency="USD").count()
    assert sum(value.count for value in kind.values) == usd > 2
    assert facet(response, "funder").sampled == 2
    assert response.context["totals"].count == usd


def test_pages_past_a_capped_count_are_refused(client, archive, caps):
    caps(3, 1000)
    response = client.get("/ventures/?page=51")
    assert response.status_code == 400
