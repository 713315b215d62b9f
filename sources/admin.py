"""Admin for sources (the articles), citations and statements, and the citation inline
other apps use.

``CitationInline`` lives here, with its model, and the party, role, place and flow
pages import it: a citation is edited on the page of the record it backs. Both the
inline and the Citation page check a quote against its source as it is saved
(``CitationForm``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import Truncator

from core.admin_tools import (
    INLINE_ROWS,
    ArchiveAdmin,
    ArchiveInline,
    ArchiveModelForm,
    FirstRelatedFilter,
    RecordAdmin,
    RecordForm,
    RelatedSearchMixin,
    VersionedInlineFormSet,
)
from core.records import sees_hidden_records
from core.review import needs_review
from sources.checks import cited_condition
from sources.evidence import RETEST_LIMIT, failing_citations_now
from sources.models import Citation, Source, Statement
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

    A quote is picked from its source's text rather than pasted: each row offers the
    article beside it, and the selected words fill the quote
    (``static/archive/quote-picker.js``, reading ``SourceAdmin.text_view``).

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
    shown_at_most = INLINE_ROWS

    class Media:
        js = ["archive/quote-picker.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "quote" and sees_hidden_records(request.user):
            field.widget.attrs["data-text-url"] = reverse("admin:sources_source_text", args=[0])
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class FlowCitationForm(CitationForm):
    """A flow's citation that can back the flow's funder and recipient too: the sentence
    that says who paid whom names both, so one quote is cited once per record it backs."""

    also_backs = forms.MultipleChoiceField(
        choices=[("funder", "its funder"), ("recipient", "its recipient")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="also backs",
    )

    def clean(self):
        cleaned = super().clean()
        # On a new flow's page the flow is not saved yet, but holds its funder and
        # recipient as the page's form cleaned them (``FlowCitationFormSet``).
        flow = getattr(self, "flow", None)
        also = cleaned.get("also_backs", [])
        if also and flow is not None and flow.pk and needs_review(self.review_user, flow):
            # The row waits for review with the flow; a copy for another record cannot.
            self.add_error(
                "also_backs",
                "This flow is published, so this citation waits for an Editor's review; "
                "cite the quote for its funder or recipient on their own pages.",
            )
            return cleaned
        for end in also:
            party = getattr(flow, end, None)
            if party is None:
                self.add_error("also_backs", f"The flow has no named {end} to cite.")
            elif needs_review(self.review_user, party):
                self.add_error(
                    "also_backs",
                    f"“{party}” is published, so an Editor adds citations to it.",
                )
        return cleaned

    def save(self, commit=True):
        citation = super().save(commit)
        if commit:
            for end in self.cleaned_data.get("also_backs", []):
                party = getattr(citation.flow, end)
                duplicate = Citation(source=citation.source, quote=citation.quote, party=party)
                if not party.citations.filter(
                    source=citation.source, quote=citation.quote
                ).exists():
                    duplicate._change_reason = getattr(
                        citation, "_change_reason", "Cited with the flow"
                    )
                    duplicate.save()
        return citation


class FlowCitationFormSet(VersionedInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.flow = self.instance
        return form


class FlowCitationInline(CitationInline):
    form = FlowCitationForm
    formset = FlowCitationFormSet
    fields = ("source", "quote", "also_backs", verified)


@admin.register(Source)
class SourceAdmin(RelatedSearchMixin, RecordAdmin):
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
    # The full text by its words, which PostgreSQL keeps in ``full_text_words`` and
    # indexes (migration 0012): articles run to tens of kilobytes, whose trigram index
    # would outweigh the table.
    search_by_words = {"full_text": "full_text_words"}
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

    def get_urls(self):
        text = path(
            "<int:pk>/text/",
            self.admin_site.admin_view(self.text_view),
            name="sources_source_text",
        )
        return [text, *super().get_urls()]

    def text_view(self, request, pk: int):
        """A source's full text, for picking a quote from it (``CitationInline``)."""
        if not (sees_hidden_records(request.user) and self.has_view_permission(request)):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=pk)
        return JsonResponse({"title": source.title, "text": source.full_text})

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
        # The newest evidence check's failures, and what changed since, tested again.
        if self.value() not in ("yes", "no"):
            return queryset
        failures = failing_citations_now()
        if failures.stale:
            messages.warning(
                request,
                f"More than {RETEST_LIMIT:,} citations were written, or their sources"
                f" saved, since the evidence check of"
                f" {failures.check.when}:"
                " this list is that check's finding. The next check"
                " (manage.py verify_citations) tests them again.",
            )
        if self.value() == "no":
            return queryset.filter(pk__among=failures.ids)
        return queryset.exclude(pk__among=failures.ids)


@admin.register(Citation)
class CitationAdmin(RelatedSearchMixin, ArchiveAdmin):
    form = CitationForm
    list_display = ("excerpt", "source", "target", verified)
    list_filter = (BacksFilter, QuoteFoundFilter, ("source", FirstRelatedFilter))
    # Newest first: the quotes an archivist has just added, a walk of the primary key.
    # The model's order (by source: its date, then title) sorted every citation of the
    # newest day's articles with ten records joined to each (1.7 s at 10x); a source's
    # own quotes are its filter, and the source column still sorts by it.
    ordering = ("-id",)
    # The source's text, for the verified column, joined to each row.
    list_select_related = ("source",)
    #: What each row's "backs" column names (its target's __str__), each kind of target
    #: with the parties it names: read after the page, a short query for each kind of
    #: target the page holds. Joined to the page, these were fourteen tables in one
    #: statement, which PostgreSQL took 63 ms to plan (and 4 ms to run) on every page
    #: of the list, at any size of archive.
    target_related = {
        "party": (),
        "role": ("person", "organization"),
        "flow": ("funder", "recipient"),
        "place": (),
        "relation": ("party", "related"),
    }

    search_fields = ("quote", "source__title")
    autocomplete_fields = ("source", "party", "role", "flow", "place", "relation")
    fieldsets = (
        (None, {"fields": ("source", "quote")}),
        (
            "Backs",
            {
                "description": "Exactly one: the party, role, flow, place or relation the "
                "quote supports.",
                "fields": ("party", "role", "flow", "place", "relation"),
            },
        ),
    )

    def get_queryset(self, request):
        targets = [
            Prefetch(
                name,
                Citation._meta.get_field(name).related_model._base_manager.select_related(*named),
            )
            for name, named in self.target_related.items()
        ]
        return super().get_queryset(request).prefetch_related(*targets)

    @admin.display(description="quote", ordering="quote")
    def excerpt(self, citation: Citation) -> str:
        return Truncator(citation.quote).chars(80)

    @admin.display(description="backs")
    def target(self, citation: Citation) -> str:
        return str(citation.target)


class StatementForm(RecordForm):
    """Refuses a quote that is not in its source's text, as ``CitationForm`` does."""

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        changed = {"source", "quote"} & set(self.changed_data)
        if source is not None and quote and changed and find_quote(quote, source.full_text) is None:
            self.add_error(
                "quote",
                forms.ValidationError(
                    "This quote is not in “%(source)s”. The nearest passage is: “%(nearest)s”",
                    code="quote_not_in_source",
                    params={"source": source, "nearest": nearest_passage(quote, source.full_text)},
                ),
            )
        return cleaned


@admin.display(description="quote found in source", boolean=True)
def statement_verified(statement: Statement) -> bool | None:
    return statement.is_verified if statement.source_id else None


@admin.register(Statement)
class StatementAdmin(RecordAdmin):
    """Statistics, findings and events that are no record's field, each with its quote."""

    form = StatementForm
    list_display = ("summary", "kind", "source", "about", statement_verified, "publication_state")
    list_filter = (
        "kind",
        "date_qualifier",
        "publication_state",
        "visibility",
        ("source", admin.RelatedOnlyFieldListFilter),
    )
    # The source's text, for the verified column.
    list_select_related = ("source", "about")
    search_fields = ("summary", "quote", "unit", "about__name", "said_by__name", "source__title")
    autocomplete_fields = ("source", "about", "said_by", "place")
    readonly_fields = ("created_at", "updated_at", statement_verified)
    fieldsets = (
        (None, {"fields": ("source", "quote", statement_verified, "kind", "summary")}),
        ("Whom and where", {"fields": ("about", "said_by", "place")}),
        (
            "Quantity",
            {
                "fields": (
                    ("quantity_qualifier", "quantity_low", "quantity_high"),
                    ("quantity_as_stated", "unit"),
                )
            },
        ),
        ("When", {"fields": (("year_low", "year_high"), ("date_qualifier", "date_as_stated"))}),
        (
            "Publication",
            {"fields": (("publication_state", "visibility"), ("created_at", "updated_at"))},
        ),
    )
