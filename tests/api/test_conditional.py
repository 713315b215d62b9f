"""ETag and Last-Modified on reads; a client that already has the page gets a 304."""

from django.contrib.auth.models import User

from core.services import restrict
from people.factories import PersonFactory
from people.models import Person
from sources.factories import CitationFactory


def test_lists_and_details_carry_an_etag_and_last_modified(archive, anonymous):
    for url in ("/api/v1/ventures/", "/api/v1/ventures/311/", "/api/v1/graph/?party=chongryon"):
        response = anonymous.get(url)
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert "no-cache" in response["Cache-Control"]


def test_if_none_match_answers_304_without_a_body(archive, anonymous):
    etag = anonymous.get("/api/v1/ventures/?sector=software").headers["ETag"]
    again = anonymous.get("/api/v1/ventures/?sector=software", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_304_skips_the_page_query(archive, anonymous, django_assert_max_num_queries):
    etag = anonymous.get("/api/v1/ventures/").headers["ETag"]
    # The archive's newest change alone: no count, no page, no prefetches.
    with django_assert_max_num_queries(1):
        assert anonymous.get("/api/v1/ventures/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_if_modified_since_answers_304(archive, anonymous):
    last_modified = anonymous.get("/api/v1/people/101/").headers["Last-Modified"]
    again = anonymous.get("/api/v1/people/101/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304


def test_an_edit_changes_the_etag(archive, anonymous):
    etag = anonymous.get("/api/v1/people/102/").headers["ETag"]
    person = Person.objects.get(pk=102)
    person.description = "Heads NAUH."
    person.save()
    response = anonymous.get("/api/v1/people/102/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["description"] == "Heads NAUH."


def test_a_new_citation_changes_the_etag_of_the_record_it_backs(archive, anonymous):
    etag = anonymous.get("/api/v1/people/102/").headers["ETag"]
    CitationFactory(party=Person.objects.get(pk=102))
    assert anonymous.get("/api/v1/people/102/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_hiding_a_record_changes_the_list_etag(archive, anonymous):
    etag = anonymous.get("/api/v1/people/").headers["ETag"]
    restrict([Person.objects.get(pk=102)], User.objects.create_user("editor-of-record"))
    assert anonymous.get("/api/v1/people/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_etags_differ_by_format_and_by_user(archive, anonymous, archivist):
    json_etag = anonymous.get("/api/v1/people/").headers["ETag"]
    csv_etag = anonymous.get("/api/v1/people/?format=csv").headers["ETag"]
    staff_etag = archivist.get("/api/v1/people/").headers["ETag"]
    assert len({json_etag, csv_etag, staff_etag}) == 3
    assert archivist.get("/api/v1/people/", HTTP_IF_NONE_MATCH=json_etag).status_code == 200


def test_exports_answer_304_too(archive, anonymous):
    etag = anonymous.get("/api/v1/exports/ftm.json").headers["ETag"]
    assert anonymous.get("/api/v1/exports/ftm.json", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_hidden_only_edit_changes_no_public_etag_or_last_modified(archive, anonymous, archivist):
    hidden = PersonFactory(visibility="restricted")
    public = anonymous.get("/api/v1/people/")
    staff = archivist.get("/api/v1/people/")
    hidden.description = "An edit no anonymous reader can see."
    hidden.save()
    again = anonymous.get("/api/v1/people/", HTTP_IF_NONE_MATCH=public["ETag"])
    assert again.status_code == 304
    assert again["Last-Modified"] == public["Last-Modified"]
    # Those who see hidden records see the change.
    assert archivist.get("/api/v1/people/", HTTP_IF_NONE_MATCH=staff["ETag"]).status_code == 200
