"""Export of sources (links as slugs, and the full text the changelist leaves out), and
flows with the citations that back them."""

from import_export import fields

from core.resources import ArchiveResource, SlugsWidget, SlugWidget
from people.models import Organization, Person
from sources.models import Citation, Source
from sources.quotes import find_quote
from ventures.resources import FundingFlowResource


class SourceResource(ArchiveResource):
    publisher = fields.Field(
        attribute="publisher", column_name="publisher", widget=SlugWidget(Organization)
    )
    authors = fields.Field(attribute="authors", column_name="authors", widget=SlugsWidget(Person))

    class Meta:
        model = Source
        fields = (
            "slug",
            "title",
            "publisher",
            "authors",
            "published_on",
            "url",
            "language",
            "section",
            "file_name",
            "publication_state",
            "visibility",
            "full_text",
        )
        export_order = fields

    def __init__(self, with_full_text: bool = True, **kwargs):
        super().__init__(**kwargs)
        # The text is for those who may see hidden records (``sees_hidden_records``).
        if not with_full_text:
            del self.fields["full_text"]

    def filter_export(self, queryset, **kwargs):
        # The changelist defers the text; one query for it beats one per row.
        return queryset.defer(None).select_related("publisher").prefetch_related("authors")


class FundingFlowEvidenceResource(FundingFlowResource):
    """Flows with their citations, so a file carries the evidence with the record.

    It lives here, not in ``ventures``, because ``ventures`` never imports ``sources``.
    Each citation is ``{"source": <source slug>, "quote": …}``; an imported quote must
    occur in its source's text, as on the admin form.
    """

    citations = fields.Field(column_name="citations")

    class Meta(FundingFlowResource.Meta):
        fields = (*FundingFlowResource.Meta.fields, "citations")
        export_order = fields

    carried_columns = (*FundingFlowResource.carried_columns, "citations")

    def filter_export(self, queryset, **kwargs):
        return (
            super().filter_export(queryset, **kwargs).prefetch_related("goods", "citations__source")
        )

    def carried_rows(self, column: str, flow) -> list[dict]:
        if column != "citations":
            return super().carried_rows(column, flow)
        if flow is None or flow.pk is None:
            return []
        return sorted(
            ({"source": c.source.slug, "quote": c.quote} for c in flow.citations.all()),
            key=lambda c: (c["source"], c["quote"]),
        )

    def parse_carried(self, column: str, rows: list, flow) -> list[dict]:
        if column != "citations":
            return super().parse_carried(column, rows, flow)
        parsed = []
        for row in rows:
            if set(row) != {"source", "quote"}:
                raise ValueError('a "source" slug and a "quote" for each citation')
            source = Source.objects.filter(slug=row["source"]).first()
            if source is None:
                raise ValueError(f"sources that exist: no source has the slug {row['source']!r}")
            if find_quote(str(row["quote"]), source.full_text) is None:
                raise ValueError(
                    f"quotes from their source: {row['quote'][:60]!r} is not in “{source}”"
                )
            parsed.append({"source": source.slug, "quote": str(row["quote"])})
        return sorted(parsed, key=lambda c: (c["source"], c["quote"]))

    def write_carried(self, column: str, rows: list[dict], flow) -> None:
        if column != "citations":
            return super().write_carried(column, rows, flow)
        for citation in flow.citations.all():
            citation._change_reason = "Imported"
            citation.delete()
        sources = {s.slug: s for s in Source.objects.filter(slug__in=[r["source"] for r in rows])}
        for row in rows:
            citation = Citation(flow=flow, source=sources[row["source"]], quote=row["quote"])
            citation._change_reason = "Imported"
            citation.save()
        return None
