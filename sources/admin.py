"""Admin for sources (the articles) and citations, and the citation inline other apps use.

``CitationInline`` lives here, with its model, and the party, role, place and flow
pages import it: a citation is edited on the page of the record it backs. Both the
inline and the Citation page check a quote against its source as it is saved
(``CitationForm``).
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import Truncator

from core.admin_tools import ArchiveAdmin, ArchiveInline, ArchiveModelForm, RecordAdmin
from core.records import sees_hidden_records
from sources.checks import cited_condition, failing_citation_ids
from sources.models import Citation, Source
from sources.quotes import find_quote, nearest_passage
from sources.resources import SourceResource


class CitationForm(ArchiveModelForm):
    """Refuses a quote that is not in its source's text, showing the nearest passage.

    Only a new or edited quote (or source) is checked: a citation already stored that
    fails is listed under "Needs attention", and must not block unrelated edits to the
    record it backs.
    """

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        changed = {"source", "quote"} & set(self.changed_data)
        if source is None or not quote or not changed:
            return cleaned
        if find_quote(quote, source.full_text) is None:
            nearest = nearest_passage(quote, source.full_text)
            self.add_error(
                "quote",
                forms.ValidationError(
                    "This quote is not in “%(source)s”. The nearest passage is: “%(nearest)s”",
                    code="quote_not_in_source",
                    params={"source": source, "nearest": nearest},
                ),
            )
        return cleaned


@admin.display(description="quote found in source", boolean=True)
def verified(citation: Citation) -> bool | None:
    # The blank row of an inline has no source yet.
    return citation.is_verified if citation.source_id else None


class CitationInline(ArchiveInline, admin.TabularInline):
    """The citations backing the record on the page.

    No ``fk_name``: each page's model matches exactly one of Citation's keys (a
    Person, Organization or Venture matches ``party`` through its parent Party), and
    Django refuses to start if that ever becomes ambiguous. Only source and quote are
    shown, so a row cannot point at a second record.
    """

    model = Citation
    form = CitationForm
    fields = ("source", "quote", verified)
    readonly_fields = (verified,)
    autocomplete_fields = ("source",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    resource_classes = [SourceResource]
    list_display = (
        "title",
        "publisher",
        "published_on",
        "language",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "publication_state",
        "visibility",
        "language",
        ("publisher", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("publisher",)
    date_hierarchy = "published_on"
    search_fields = ("title", "slug", "url", "publisher__name", "authors__name", "full_text")
    autocomplete_fields = ("publisher", "authors")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_at", "updated_at")
    # Django 6 makes https the default scheme for a URL typed without one; opt in now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "publisher",
                    "authors",
                    ("published_on", "language"),
                    "section",
                    "url",
                    "file_name",
                )
            },
        ),
        (
            "Full text",
            {
                "classes": ("collapse",),
                "description": "Kept to verify quotes and for search; never shown publicly.",
                "fields": ("full_text",),
            },
        ),
        (
            "Publication",
            {"fields": (("publication_state", "visibility"), ("created_at", "updated_at"))},
        ),
    )

    def get_queryset(self, request):
        # Articles run to tens of kilobytes; lists and autocompletes need only titles.
        return super().get_queryset(request).defer("full_text")

    # The full text is for those who may see hidden records (``sees_hidden_records``),
    # as in the API: a staff account given only the model permissions sees the rest.
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if sees_hidden_records(request.user):
            return fieldsets
        return [(name, options) for name, options in fieldsets if name != "Full text"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if sees_hidden_records(request.user):
            return fields
        return tuple(field for field in fields if field != "full_text")

    def get_export_resource_kwargs(self, request, **kwargs):
        with_text = sees_hidden_records(request.user)
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "with_full_text": with_text,
        }

    def has_add_permission(self, request):
        # A source needs its text, which this user may not see.
        return sees_hidden_records(request.user) and super().has_add_permission(request)


class HasCitationFilter(admin.SimpleListFilter):
    """Records with or without a citation backing them."""

    title = "citation"
    parameter_name = "has_citation"

    def lookups(self, request, model_admin):
        return [("yes", "Cited"), ("no", "Without citation")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(cited_condition(queryset.model))
        if self.value() == "no":
            return queryset.filter(~cited_condition(queryset.model))
        return queryset


class BacksFilter(admin.SimpleListFilter):
    """Which kind of record a citation backs."""

    title = "backs"
    parameter_name = "backs"

    def lookups(self, request, model_admin):
        return [
            (name, Citation._meta.get_field(name).related_model._meta.verbose_name)
            for name in Citation.TARGETS
        ]

    def queryset(self, request, queryset):
        if self.value() in Citation.TARGETS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class QuoteFoundFilter(admin.SimpleListFilter):
    """Citations whose quote is (or is not) in their source's text."""

    title = "quote found in source"
    parameter_name = "quote_found"

    def lookups(self, request, model_admin):
        return [("yes", "Found"), ("no", "Not found")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(pk__in=failing_citation_ids())
        if self.value() == "yes":
            return queryset.exclude(pk__in=failing_citation_ids())
        return queryset


@admin.register(Citation)
class CitationAdmin(ArchiveAdmin):
    form = CitationForm
    list_display = ("excerpt", "source", "target", verified)
    list_filter = (BacksFilter, QuoteFoundFilter, ("source", admin.RelatedOnlyFieldListFilter))
    # Every target's __str__, and the source's text for the verified column.
    list_select_related = (
        "source",
        "party",
        "role__person",
        "role__organization",
        "flow__funder",
        "flow__recipient",
        "place",
    )
    search_fields = ("quote", "source__title")
    autocomplete_fields = ("source", "party", "role", "flow", "place")
    fieldsets = (
        (None, {"fields": ("source", "quote")}),
        (
            "Backs",
            {
                "description": "Exactly one: the party, role, flow or place the quote supports.",
                "fields": ("party", "role", "flow", "place"),
            },
        ),
    )

    @admin.display(description="quote", ordering="quote")
    def excerpt(self, citation: Citation) -> str:
        return Truncator(citation.quote).chars(80)

    @admin.display(description="backs")
    def target(self, citation: Citation) -> str:
        return str(citation.target)
