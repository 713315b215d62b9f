"""Export of sources: links as slugs, and the full text the changelist leaves out."""

from import_export import fields

from core.resources import ArchiveResource, SlugsWidget, SlugWidget
from people.models import Organization, Person
from sources.models import Source


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
