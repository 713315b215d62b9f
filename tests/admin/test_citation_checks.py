"""A quote is checked against its source as it is saved, on the Citation page and inline."""

from people.factories import PersonFactory
from people.models import Person
from sources.factories import QUOTE, CitationFactory, SourceFactory
from sources.models import Citation
from tests.admin.pages import add_inline_row, admin_url, form_data, form_errors
from ventures.factories import FundingFlowFactory
from ventures.models import FundingFlow

MISQUOTED = "Each of the three entrepreneurs received 25,000 yuan to 30,000 yuan"


def test_citation_page_refuses_a_quote_not_in_the_source(archivist_client):
    source = SourceFactory(title="Defectors who fund defectors")
    person = PersonFactory()
    url = admin_url(Citation, "add")
    data = form_data(archivist_client.get(url))
    data.update(source=source.pk, quote=MISQUOTED, party=person.pk)

    response = archivist_client.post(url, data)

    assert response.status_code == 200
    [error] = form_errors(response)["quote"]
    assert "“Defectors who fund defectors”" in error
    assert f"nearest passage is: “{QUOTE}”" in error
    assert not Citation.objects.exists()


def test_citation_page_accepts_a_quote_that_differs_only_in_typography(archivist_client):
    source = SourceFactory()
    url = admin_url(Citation, "add")
    data = form_data(archivist_client.get(url))
    quote = "“We are not a bank,” she said."
    data.update(source=source.pk, quote=quote.replace("“", '"').replace("”", '"'))
    data.update(party=PersonFactory().pk)

    response = archivist_client.post(url, data)

    assert response.status_code == 302, form_errors(response)


def test_inline_citation_on_a_flow_refuses_a_misquote(archivist_client):
    flow = FundingFlowFactory()
    source = SourceFactory(title="The lamp shipment")
    url = admin_url(FundingFlow, "change", flow.pk)
    page = archivist_client.get(url)
    data = form_data(page)
    add_inline_row(page, data, Citation, source=source.pk, quote=MISQUOTED)

    response = archivist_client.post(url, data)

    assert response.status_code == 200
    [row_errors] = form_errors(response)["citations"]
    assert "“The lamp shipment”" in row_errors["quote"][0]
    assert QUOTE in row_errors["quote"][0]
    assert not flow.citations.exists()


def test_inline_citation_on_a_person_refuses_a_misquote(archivist_client):
    person = PersonFactory()
    url = admin_url(Person, "change", person.pk)
    page = archivist_client.get(url)
    data = form_data(page)
    add_inline_row(page, data, Citation, source=SourceFactory().pk, quote="Words never written.")

    response = archivist_client.post(url, data)

    assert "quote" in form_errors(response)["citations"][0]
    assert not person.citations.exists()


def test_a_stored_failing_quote_does_not_block_other_edits(archivist_client):
    person = PersonFactory(publication_state="draft")
    CitationFactory(party=person, quote="Stored before the check existed.")
    url = admin_url(Person, "change", person.pk)
    data = form_data(archivist_client.get(url))
    data["description"] = "Edited."

    response = archivist_client.post(url, data)

    assert response.status_code == 302, form_errors(response)


def test_editing_a_stored_quote_checks_it_again(archivist_client):
    citation = CitationFactory()
    url = admin_url(Citation, "change", citation.pk)
    data = form_data(archivist_client.get(url))
    data["quote"] = MISQUOTED

    response = archivist_client.post(url, data)

    assert "quote" in form_errors(response)
    citation.refresh_from_db()
    assert citation.quote == QUOTE
