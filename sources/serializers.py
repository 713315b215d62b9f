"""API representations of sources (the articles), citations and statements.

A source's full text is kept to verify quotes, not to republish: it appears only for
staff. A citation names the record it backs as a summary; writing one checks that the
quote occurs in the source's text (``sources.quotes.find_quote``), as verification does.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    absolute_url,
    detail_url,
)
from core.records import sees_hidden_records
from core.serializers import (
    ArchiveModelSerializer,
    CleanModelSerializer,
    PartySummary,
    PersonSummary,
    PlaceSummary,
    SourceSummary,
    VisibleRelatedField,
)
from people.models import Organization, Party, PartyRelation, Person, Role
from people.serializers import RECORD_FIELDS, WRITABLE_RECORD_FIELDS
from sources.models import Citation, Source, Statement
from sources.quotes import find_quote
from ventures.models import FundingFlow, Place


class SourceSerializer(ArchiveModelSerializer):
    url = serializers.SerializerMethodField()
    publisher = PartySummary(source="visible_publisher", read_only=True, allow_null=True)
    authors = PersonSummary(source="visible_authors", many=True, read_only=True)
    article_url = serializers.SerializerMethodField(
        help_text="The article's own address; null if unknown."
    )
    citations_url = serializers.SerializerMethodField(help_text="The quotes cited from it.")
    full_text = serializers.CharField(
        required=False, help_text="Staff only: the article's text, kept to verify quotes."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "slug",
            "publisher",
            "authors",
            "published_on",
            "article_url",
            "language",
            "section",
            "file_name",
            "citations_url",
            "full_text",
            *RECORD_FIELDS,
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, source) -> str:
        return detail_url(self.context.get("request"), "source", source.pk)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, source) -> str | None:
        return source.url or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_citations_url(self, source) -> str:
        request = self.context.get("request")
        return absolute_url(request, "api:citation-list", {"source": source.slug})

    def get_fields(self):
        """Staff verify quotes against the text; everyone else gets metadata and a link.

        Only the source viewset offers the text (``full_text`` in the context); exports
        never do. Dropping the field, not the value, keeps a deferred text unread.
        """
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        documenting = getattr(self.context.get("view"), "swagger_fake_view", False)
        if not documenting and not (self.context.get("full_text") and sees_hidden_records(user)):
            del fields["full_text"]
        return fields


class RecordSummary(serializers.Serializer):
    """Any record, named with its resource ``type``."""

    type = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()


CITATION_TARGETS = {
    "party": None,
    "role": "role",
    "flow": "funding-flow",
    "place": "place",
    "relation": "party-relation",
}


class CitationDetailSerializer(ArchiveModelSerializer):
    url = serializers.SerializerMethodField()
    source = SourceSummary(read_only=True)
    article_url = serializers.SerializerMethodField()
    backs = serializers.SerializerMethodField(help_text="The record this quote supports.")

    class Meta:
        model = Citation
        fields = ["id", "url", "quote", "source", "article_url", "backs", "created_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, citation) -> str:
        return detail_url(self.context.get("request"), "citation", citation.pk)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, citation) -> str | None:
        return citation.source.url or None

    @extend_schema_field(RecordSummary)
    def get_backs(self, citation) -> dict:
        for name, resource in CITATION_TARGETS.items():
            target = getattr(citation, name) if getattr(citation, f"{name}_id") else None
            if target is not None:
                kind = resource or target.kind
                request = self.context.get("request")
                return {
                    "type": kind,
                    "id": target.pk,
                    "name": str(target),
                    "url": detail_url(request, kind, target.pk),
                }
        raise AssertionError("A citation backs exactly one record.")


#: What a statement says of whom, where, how much and when: read and written alike.
STATEMENT_FACTS = [
    "about",
    "said_by",
    "place",
    "quantity_low",
    "quantity_high",
    "quantity_qualifier",
    "quantity_as_stated",
    "unit",
    "year_low",
    "year_high",
    "date_qualifier",
    "date_as_stated",
]


class StatementSerializer(ArchiveModelSerializer):
    """A statistic, finding or event, with its own verbatim quote and source."""

    url = serializers.SerializerMethodField()
    source = SourceSummary(read_only=True)
    article_url = serializers.SerializerMethodField(help_text="The article's own address.")
    about = PartySummary(read_only=True, allow_null=True)
    said_by = PartySummary(read_only=True, allow_null=True)
    place = PlaceSummary(source="visible_place", read_only=True, allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "kind",
            "summary",
            "quote",
            "source",
            "article_url",
            *STATEMENT_FACTS,
            *RECORD_FIELDS,
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, statement) -> str:
        return detail_url(self.context.get("request"), "statement", statement.pk)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, statement) -> str | None:
        return statement.source.url or None


# Writes ------------------------------------------------------------------------------


class SourceWriteSerializer(CleanModelSerializer):
    publisher = VisibleRelatedField(Organization, required=False, allow_null=True)
    authors = VisibleRelatedField(Person, many=True, required=False)
    article_url = serializers.URLField(source="url", required=False, allow_blank=True)

    class Meta:
        model = Source
        fields = [
            "title",
            "slug",
            "publisher",
            "authors",
            "published_on",
            "article_url",
            "language",
            "section",
            "file_name",
            "full_text",
            *WRITABLE_RECORD_FIELDS,
        ]


class CitationWriteSerializer(CleanModelSerializer):
    """Give the source, the quote, and exactly one of party, role, flow, place or relation."""

    source = VisibleRelatedField(Source)
    party = VisibleRelatedField(Party, required=False, allow_null=True)
    role = VisibleRelatedField(Role, required=False, allow_null=True)
    flow = VisibleRelatedField(FundingFlow, required=False, allow_null=True)
    place = VisibleRelatedField(Place, required=False, allow_null=True)
    relation = VisibleRelatedField(PartyRelation, required=False, allow_null=True)

    class Meta:
        model = Citation
        fields = ["source", "quote", "party", "role", "flow", "place", "relation"]

    def validate(self, attrs):
        return quote_in_source(self.instance, attrs)


def quote_in_source(instance, attrs: dict) -> dict:
    """Refuse a quote its source's text does not contain, as verification would."""
    source = attrs.get("source") or getattr(instance, "source", None)
    quote = attrs.get("quote", getattr(instance, "quote", ""))
    if source is not None and quote and find_quote(quote, source.full_text) is None:
        raise serializers.ValidationError(
            {"quote": ["This quote does not occur in the source's text."]}
        )
    return attrs


class StatementWriteSerializer(CleanModelSerializer):
    """Give the source and the quote (checked against its text) with what it states."""

    source = VisibleRelatedField(Source)
    about = VisibleRelatedField(Party, required=False, allow_null=True)
    said_by = VisibleRelatedField(Party, required=False, allow_null=True)
    place = VisibleRelatedField(Place, required=False, allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "source",
            "quote",
            "kind",
            "summary",
            *STATEMENT_FACTS,
            *WRITABLE_RECORD_FIELDS,
        ]

    def validate(self, attrs):
        return quote_in_source(self.instance, attrs)
