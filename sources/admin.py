"""Admin for sources (the articles) and citations, and the citation inline other apps use.

``CitationInline`` lives here, with its model, and the party, role, place and flow
pages import it: a citation is edited on the page of the record it backs.
"""

from django.contrib import admin
from django.db import models
from django.utils.text import Truncator

from sources.models import Citation, Source


@admin.display(description="quote found in source", boolean=True)
def verified(citation: Citation) -> bool | None:
    # The blank row of an inline has no source yet.
    return citation.is_verified if citation.source_id else None


class CitationInline(admin.TabularInline):
    """The citations backing the record on the page.

    No ``fk_name``: each page's model matches exactly one of Citation's keys (a
    Person, Organization or Venture matches ``party`` through its parent Party), and
    Django refuses to start if that ever becomes ambiguous. Only source and quote are
    shown, so a row cannot point at a second record.
    """

    model = Citation
    fields = ("source", "quote", verified)
    readonly_fields = (verified,)
    autocomplete_fields = ("source",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
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


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "source", "target", verified)
    list_filter = (BacksFilter, ("source", admin.RelatedOnlyFieldListFilter))
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
