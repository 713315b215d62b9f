"""What every admin page of the archive shares.

- ``ArchiveAdmin``: history with readable differences and restore (django-simple-history),
  and export of any changelist as CSV, JSON or XLSX (django-import-export).
- ``CsvImportMixin``: CSV import with a dry-run preview, all rows or none.
- ``RecordAdmin``: the review workflow for records (publish, unpublish, restrict, make
  public), enforced in the form and the actions by ``core.services.review_refusals``.
- ``ArchiveModelForm``, ``ArchiveInline`` and ``VersionedInlineFormSet``: every form
  and inline row carries the version it was opened on and refuses to save over a change
  made since (``core.versions``); autocompletes render without one query per row.
- Querysets by permission: drafts and restricted records (and rows that belong to them)
  are listed only for users who may see hidden records (``sees_hidden_records``).
- ``SimilarNamesMixin``: a warning of possible duplicates as a new name is typed.
- ``FoldedSearchMixin``, ``titled`` and ``review_state``: search, a filter and a column
  the lists share (the citation filter is ``sources.admin.HasCitationFilter``).
"""

from __future__ import annotations

import operator
import re
from functools import reduce

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, router, transaction
from django.db.models import BooleanField, Count, Exists, Expression, OuterRef, Q, QuerySet, Window
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, JSON
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper

from core import services
from core.history import record_baseline
from core.lookups import Keys, key_among, keys_as_set
from core.records import PublicationState, Record, Visibility, sees_hidden_records
from core.resources import export_resource
from core.review import ADD, CHANGE, DELETE, needs_review, propose, row_change
from core.search import fold, is_postgres, kind_of, matching_ids, query_key, search
from core.services import ReviewState, may_publish, review_refusals
from core.spreadsheets import SafeCSV, SafeXLSX
from core.versions import RecordChanged, changed_since_message, stored_version

OPENED_VERSION = "opened_version"
CHANGE_REASON = "change_reason"
#: Form fields that are not the record's: never part of a change or a revision.
FORM_ONLY = (OPENED_VERSION, CHANGE_REASON)
MISSING_VERSION = (
    "This form does not say which version of the record it was opened on, so saving it "
    "could overwrite someone else's change. Reload the page and make your change again."
)


class KnownLabelAutocomplete(AutocompleteSelect):
    """An autocomplete that shows its selected option without a query when it is known.

    Django's widget looks up the selected object's label once per widget: one query per
    inline row. ``ArchiveModelForm`` fills ``known`` from the related object the row
    already holds.
    """

    known: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not selected or any(pk not in self.known for pk in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [
            self.create_option(name, pk, self.known[pk], True, len(options) + i)
            for i, pk in enumerate(selected)
        ]
        return [(None, options, 0)]


class OpenedVersionField(forms.IntegerField):
    """The version a form was opened on, posted back unchanged by the browser.

    It never counts as a change: a row left as it was is not saved, whatever its
    version, and the check in ``ArchiveModelForm.clean`` is what compares versions.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, max_value=2**31 - 1, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class ArchiveModelForm(forms.ModelForm):
    """Every admin form of the archive: refuses to save over a change made since it was
    opened, and hands each autocomplete the label of the object the row already holds.

    ``check_unchanged``: the record's own page saves its record even when nothing was
    edited (so it must be checked then too); an inline row left as it was is not saved.
    """

    opened_version = OpenedVersionField()
    change_reason = forms.CharField(
        required=False,
        max_length=100,
        label="Reason for this change",
        help_text="Shown in the history, and to the Editor who reviews the change.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[OPENED_VERSION].initial = self.current_version()
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, KnownLabelAutocomplete):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.is_cached(self.instance) and getattr(self.instance, name) is not None:
                related = getattr(self.instance, name)
                widget.known = {str(related.pk): field.label_from_instance(related)}

    def current_version(self) -> int | None:
        """The version stored now. An old version being restored carries its old number,
        so for it (and only it) the row is read again."""
        if getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            return stored_version(self.instance)
        return self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not (self.check_unchanged or self.has_changed()):
            return cleaned
        opened = cleaned.get(OPENED_VERSION)
        if opened is None:
            raise forms.ValidationError(MISSING_VERSION, code="missing_version")
        if opened != self.current_version():
            raise forms.ValidationError(
                changed_since_message(self.instance), code="changed_since_opened"
            )
        # The save checks this version again in its UPDATE, closing the gap between
        # this check and the write.
        self.instance.version = opened
        return cleaned


class VersionedInlineFormSet(BaseInlineFormSet):
    """Refuses to delete an inline row that was changed since the page was opened, and
    holds the rows of a published record back for review when its changes wait.

    Django validates a row marked for deletion but ignores its errors, so the row's own
    check (``ArchiveModelForm.clean``) cannot stop it; this does. The rows of a record
    whose changes wait for an Editor wait with them, in the same revision
    (``proposed_rows``); they must say why, like the record's own fields.
    """

    review_user = None
    #: At most this many saved rows are shown (``ArchiveInline.shown_at_most``), the
    #: first in their model's order; None shows them all.
    shown_at_most: int | None = None

    def get_queryset(self):
        """The saved rows the page shows: all of them, or the first ``shown_at_most``.

        A national archive's busiest funder has thousands of flows, and Django's inline
        makes a form of each: its organisation's page was 37 MB and took 41 s. The first
        rows are read with how many there are (a window count), in one query as before.
        A page sent back holds the rows it showed, so those are the rows its forms are
        matched to, whatever was added meanwhile; the rest are one link away, in their
        own list (``all_rows_url``)."""
        rows = super().get_queryset()
        if not self.capped:
            return rows
        if not hasattr(self, "_shown_rows"):
            if self.is_bound:
                self._shown_rows = rows.filter(pk__in=self._sent_keys())
            else:
                counted = rows.annotate(inline_rows_total=Window(Count("pk")))
                self._shown_rows = counted[: self.shown_at_most]
        return self._shown_rows

    def _sent_keys(self) -> list:
        """The keys of the saved rows a page sent back, as its forms name them."""
        field, keys = self.model._meta.pk, []
        for index in range(self.initial_form_count()):
            try:
                key = field.to_python(self.data.get(f"{self.add_prefix(index)}-{field.name}"))
            except ValidationError:
                continue
            if key is not None:
                keys.append(key)
        return keys

    @cached_property
    def rows_total(self) -> int:
        """How many saved rows the record has (shown or not)."""
        if self.is_bound:
            return super().get_queryset().count()
        shown = list(self.get_queryset())
        return shown[0].inline_rows_total if shown else 0

    @property
    def capped(self) -> bool:
        """Whether only the first ``shown_at_most`` saved rows are shown."""
        return self.shown_at_most is not None and self.instance.pk is not None

    @property
    def rows_not_shown(self) -> int:
        if not self.capped:
            return 0
        return max(self.rows_total - len(self.get_queryset()), 0)

    @property
    def rows_name(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def all_rows_url(self) -> str:
        """The rows' own admin list, narrowed to this record's."""
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{self.fk.name}={self.instance.pk}"

    def rows_wait(self) -> bool:
        """Whether the rows changed here wait for review with their published record."""
        return (
            self.review_user is not None
            and self.instance.pk is not None
            and self.has_changed()
            and needs_review(self.review_user, self.instance)
        )

    def published_rows_changed(self) -> list:
        """Changed rows that are published records themselves (a flow on a draft's
        page): they wait for review on their own page, not on this one."""
        return [
            form.instance
            for form in self.initial_forms
            if form.has_changed()
            and isinstance(form.instance, Record)
            and needs_review(self.review_user, form.instance)
        ]

    def clean(self):
        super().clean()
        if self.review_user is not None and self.has_changed():
            if self.rows_wait():
                if not (self.data.get(CHANGE_REASON) or "").strip():
                    raise forms.ValidationError(
                        "This record is published, so an Editor reviews your change to its "
                        f"{self.model._meta.verbose_name_plural} before the public sees it: "
                        "say why you make it, under “Reason for this change”.",
                        code="rows_need_reason",
                    )
            else:
                for record in self.published_rows_changed():
                    raise forms.ValidationError(
                        f"“{record}” is published: change it on its own page, where your "
                        "change waits for an Editor's review.",
                        code="published_row",
                    )
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            opened = form[OPENED_VERSION].field.to_python(form[OPENED_VERSION].data)
            if opened != form.current_version():
                raise forms.ValidationError(
                    changed_since_message(form.instance), code="changed_since_opened"
                )
            form.instance.version = opened


def proposed_rows(formset) -> list[dict]:
    """The rows a formset adds, changes and deletes, as a revision holds them
    (``core.review.row_change``): the fields the archivist typed, and the version of
    each row they opened."""
    model, link = formset.model, formset.fk.name
    editable = {
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not getattr(field, "primary_key", False)
        and field.concrete
        and field.name != link
    }
    changes = []
    for form in formset.initial_forms:
        if formset._should_delete_form(form):
            changes.append(row_change(model, link, DELETE, row=form.instance))
        elif form.has_changed():
            values = {
                name: form.cleaned_data[name] for name in form.changed_data if name in editable
            }
            if values:
                changes.append(row_change(model, link, CHANGE, row=form.instance, values=values))
    for form in formset.extra_forms:
        if form.has_changed() and not formset._should_delete_form(form):
            values = {name: value for name, value in form.cleaned_data.items() if name in editable}
            changes.append(row_change(model, link, ADD, values=values))
    return changes


class ReviewFormMixin:
    """Refuses the publication changes the user may not make (``review_refusals``).

    The admin sets ``review_user`` on the form class it builds for each request. The
    choices offered are narrowed to what the user may pick; the check in ``clean`` is
    what counts, because a browser can post any value.
    """

    review_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if may_publish(self.review_user):
            return
        stored = self.stored_review_state()
        state = self.fields.get("publication_state")
        if state is not None:
            keep = stored.publication_state if stored else PublicationState.DRAFT
            state.choices = [c for c in state.choices if c[0] == keep]
            state.help_text = "An Editor publishes and unpublishes records."
        visibility = self.fields.get("visibility")
        if visibility is not None and stored and stored.visibility == Visibility.RESTRICTED:
            visibility.choices = [c for c in visibility.choices if c[0] == Visibility.RESTRICTED]
            visibility.help_text = "An Editor makes a restricted record public."

    def stored_review_state(self) -> ReviewState | None:
        instance = self.instance
        if instance.pk is None:
            return None
        if getattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is None:
            return ReviewState.of(instance)
        # An old version being restored carries its old state; what counts is the
        # state stored now, or restoring a published version would publish a draft.
        row = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("publication_state", "visibility")
            .first()
        )
        return ReviewState(*row) if row else None

    def clean(self):
        cleaned = super().clean()
        after = ReviewState(
            cleaned.get("publication_state", self.instance.publication_state),
            cleaned.get("visibility", self.instance.visibility),
        )
        refusals = review_refusals(self.review_user, self.stored_review_state(), after)
        for field, reason in refusals.items():
            self.add_error(field if field in self.fields else None, reason)
        return cleaned


class RecordForm(ReviewFormMixin, ArchiveModelForm):
    """A record's form; a change to a published record that will wait for an Editor
    must say why (``core.review``)."""

    def clean(self):
        cleaned = super().clean()
        if (
            CHANGE_REASON in self.fields
            and self.instance.pk is not None
            and waiting_fields(self)
            and not (cleaned.get(CHANGE_REASON) or "").strip()
            and needs_review(self.review_user, self.instance)
        ):
            self.add_error(
                CHANGE_REASON,
                "This record is published, so an Editor reviews your change before the "
                "public sees it: say why you make it.",
            )
        return cleaned


def proposed_fields(form) -> list[str]:
    return [name for name in form.changed_data if name not in FORM_ONLY]


def waiting_fields(form) -> list[str]:
    """The changed fields that would wait for review: a restriction never waits."""
    restricting = form.cleaned_data.get("visibility") == Visibility.RESTRICTED
    return [name for name in proposed_fields(form) if not (restricting and name == "visibility")]


#: How many saved rows an inline of what a record may have thousands of shows.
INLINE_ROWS = 20


class ArchiveInline:
    """Inline rows that carry their version, list only what the user may see, and label
    their autocompletes without a query per row."""

    form = ArchiveModelForm
    formset = VersionedInlineFormSet
    #: At most this many saved rows on the record's page (the first in their order),
    #: with a link to the rest in their own list; None shows every row. The inlines of
    #: what a record may have thousands of (flows, roles, quotes) set ``INLINE_ROWS``.
    shown_at_most: int | None = None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KnownLabelAutocomplete(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        # The page's own form asks for the reason; it applies to the rows too.
        return [name for name in super().get_fields(request, obj) if name != CHANGE_REASON]

    def get_fieldsets(self, request, obj=None):
        return with_opened_version(self, request, obj, super().get_fieldsets(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Inline records (roles, flows) carry their own publication state.
        formset.form.review_user = request.user
        formset.review_user = request.user
        formset.form.check_unchanged = False
        formset.shown_at_most = self.shown_at_most
        return formset

    def get_queryset(self, request):
        return visible_in_admin(super().get_queryset(request), request.user)


def with_opened_version(model_admin, request, obj, fieldsets) -> list:
    """``fieldsets`` with the hidden ``opened_version`` in the first, where the user may
    change ``obj``. A page the user may only view shows every field read-only, and has
    no version to carry."""
    if obj is None or not model_admin.has_change_permission(request, obj):
        return fieldsets
    names = {name for _, options in fieldsets for name in admin.utils.flatten(options["fields"])}
    if OPENED_VERSION in names:
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": (*options["fields"], OPENED_VERSION)}), *rest]


def with_change_reason(model_admin, request, obj, fieldsets) -> list:
    """``fieldsets`` with the reason for the change last, on a page that changes ``obj``."""
    fieldsets = [
        (name, {**options, "fields": _without(options["fields"], CHANGE_REASON)})
        for name, options in fieldsets
    ]
    if obj is None or not model_admin.has_change_permission(request, obj):
        return fieldsets
    return [*fieldsets, ("Why", {"fields": (CHANGE_REASON,)})]


def _without(fields, name: str) -> tuple:
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            field = tuple(f for f in field if f != name)
            if field:
                kept.append(field)
        elif field != name:
            kept.append(field)
    return tuple(kept)


def change_reason(form, change: bool) -> str:
    """What history records as the reason: the archivist's words, never "None"."""
    given = (form.cleaned_data.get(CHANGE_REASON) or "").strip()
    reverted = getattr(form.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
    if reverted is not None:
        when = reverted.history_date.strftime("%-d %B %Y, %H:%M")
        restored = f"Reverted to the version of {when}"
        return f"{restored}: {given}" if given else restored
    if given:
        return given
    return "Changed, no reason given" if change else "Added"


def visible_in_admin(queryset: QuerySet, user) -> QuerySet:
    """Drafts and restricted records, and the rows that belong to them, only for users who
    may see hidden records: a staff account's model permissions alone do not reveal them.
    """
    if sees_hidden_records(user):
        return queryset
    model = queryset.model
    if issubclass(model, Record):
        return queryset.visible_to(user)
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if field.many_to_one and related is not None and issubclass(related, Record):
            if not field.null:
                queryset = queryset.filter(**{f"{field.name}__in": related.objects.public()})
            else:
                queryset = queryset.filter(
                    Q(**{f"{field.name}__isnull": True})
                    | Q(**{f"{field.name}__in": related.objects.public()})
                )
    return queryset


class SearchKeysMixin:
    """An admin search on PostgreSQL whose matches' keys are read once (up to
    ``SEARCH_KEYS``): the list's count is their number, and its page and date hierarchy
    read the rows by them (``KeyedPaginator``).

    Left as a condition, the search was found again by each read of the list: its count,
    its page, and the date hierarchy's two reads. A person search for "kim" (26,885 of
    110,000 people) took 112 ms to count and 155 ms to page; a source search for "kim"
    read every source's words four times. Past ``SEARCH_KEYS`` matches, each read finds
    them again, as before.
    """

    def read_once(self, request, queryset, found, keys: list | None = None):
        """``found`` (the list's rows that match) as its keys, read once, with their
        number kept for the list's paginator; ``found`` itself past ``SEARCH_KEYS``.
        Given its ``keys``, already read, ``found`` is not read again."""
        if keys is None:
            keys = _keys_within(found)
        if keys is None:
            return found
        request._search_matches = len(keys)
        # A kind's list (people, organisations, ventures) is ordered by its party's
        # name: the keys asked of the parties' table let the page walk the (kind, name)
        # index (22 ms for the 26,885 people "kim" finds, against 150 ms).
        return key_among(queryset, keys)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # A list's search (``q``), or an autocomplete's (``term``), which pages the same.
        if (request.GET.get(SEARCH_VAR) or request.GET.get("term")) and is_postgres(queryset):
            paginator = KeyedPaginator(queryset, per_page, orphans, allow_empty_first_page)
            # The search read the keys of every row the list shows (the list's filters
            # come before its search, in the change list and the autocomplete alike):
            # their number is the count, where counting them again took 0.36 s for the
            # 127,000 flows "kim" finds.
            matches = getattr(request, "_search_matches", None)
            if matches is not None:
                paginator.__dict__["count"] = matches
            return paginator
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


class FoldedSearchMixin(SearchKeysMixin):
    """Admin search that also matches the stored, folded names (``core.search``):
    "Ji Seongho" finds "Ji Seong-ho" by name or alias, and on PostgreSQL a near miss
    ("Kaesung") finds the name it misspells.

    On PostgreSQL, the search fields whose values the record keeps folded in its
    ``search_text`` (``STORED_NAMES``: its name, aliases and native name) are matched
    there, each word of the search a substring of it, through its trigram index; a
    slug by its start, through its own index, so that a slug pasted from an address
    finds its record. Django's ``icontains`` over those fields upper-cased every name
    of every record and joined the aliases, then kept each record once with a
    ``DISTINCT`` over every column, to count and to sort: 1.2 s for "kim" and 0.9 s
    for "kim seongwon" in the person list at 200,000 ventures and 110,000 people
    (docs/BENCHMARKS.md). Each word is folded as the names were, so "seong-ho" finds
    "Seong Ho", as the keyed search below does. Elsewhere, and for an admin with
    other search fields, Django's own search.
    """

    search_vector = False

    #: Search fields whose values ``search_text`` holds, folded.
    STORED_NAMES = frozenset({"name", "aliases__name", "native_name"})
    #: Search fields matched by their start (slugs are lower-case and indexed).
    BY_START = frozenset({"slug"})

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        fields = self.get_search_fields(request)
        words = _words(search_term)
        if not self._stored_search(queryset, fields, words):
            results, may_have_duplicates = super().get_search_results(
                request, queryset, search_term
            )
            if query_key(search_term):  # else ``search`` would keep every record
                results |= search(queryset, search_term, vector=self.search_vector)
            return results, may_have_duplicates
        # Both conditions on the table ``search_text`` is on, in one query of its own,
        # each part through its index (a bitmap ``OR``); on a kind's own table, the
        # ``OR`` across it and the parties' table walked every record of the kind.
        named = queryset.model._meta.get_field("search_text").model
        matched = matching_ids(queryset, search_term, kind_of(queryset.model), self.search_vector)
        by_start = [field for field in fields if field in self.BY_START]
        found = named._base_manager.filter(
            self.search_scope(), _every_word(words, by_start) | Q(pk__among=Keys(matched))
        )
        return self.read_once(request, queryset, queryset.filter(pk__in=found.values("pk"))), False

    def search_scope(self) -> Q:
        """What every record of this admin's model is on the table ``search_text`` is
        on (a venture is a party of kind "venture"): said in the search's own query, so
        that it reads and estimates the matches of the kind alone (0.35 → 0.21 s for the
        ventures' "kim" at 10×)."""
        return Q()

    def _stored_search(self, queryset, fields, words) -> bool:
        """Whether ``search_text`` answers for every search field, on PostgreSQL, and
        every word folds to something to look for (a lone "&" is Django's to find)."""
        fields = set(fields)
        return (
            is_postgres(queryset)
            and kind_of(queryset.model) is not None
            and bool(fields & self.STORED_NAMES)
            and fields <= self.STORED_NAMES | self.BY_START
            and all(folded for _, folded in words)
        )


class RelatedSearchMixin(SearchKeysMixin):
    """Admin search over related records' fields by a subquery each, not a join, on
    PostgreSQL.

    Django's search joins every related table its fields name (a flow's funder and
    recipient, and each one's aliases; a source's authors) and then keeps each row once
    with a ``DISTINCT`` over every column, to count it and to page it: 12 s for
    "saessak" in the flow list at a million flows, 9 s for "kim" among 50,000 sources.
    Here each word must be in some field, as in Django's search, and each field is:

    - a column of the row: ``icontains``, as Django asks it (the trigram indexes on the
      flows' texts, the quotes and the sources' titles answer it), or, for a text too
      long for trigrams (``search_by_words``: a source's full text), a word of it that
      starts with the word searched, through its stored words' index;
    - a related record's name or alias (``FoldedSearchMixin.STORED_NAMES``, where the
      related model keeps ``search_text``): that record's key among the records whose
      folded names hold the word (their trigram index), so "seong-ho" finds "Seong Ho"
      as the record lists do;
    - any other related field: the key among the related records whose field holds it.

    No row is then joined twice, so none is kept once by a ``DISTINCT``.

    The rows are found from one word, the longest (``_leading``): the rows whose own
    columns hold it (one read, which the columns' trigram indexes answer together),
    joined in a ``UNION`` to the rows linked to each related record that holds it, each
    by its own index. The other words are then asked of those rows alone. Asked as one
    ``OR`` over every row, the related arms cannot use an index and PostgreSQL read all
    of a million flows to test each against them (4 s for "kim seongwon"). The
    matches' keys are read once (up to ``SEARCH_KEYS``) and the list's count, page and
    date hierarchy read the rows by them.

    Elsewhere, and for search fields with Django's prefixes (``^``, ``=``, ``@``),
    Django's own search. It serves the large tables (flows, citations, sources, roles,
    aliases): a table of a few hundred rows joins faster than every record named "kim"
    is found first (statements: 23 → 134 ms), so statements and relations keep Django's
    search.
    """

    #: Search fields found by their words (``_words_hold``), each with the column that
    #: holds its words on PostgreSQL: texts too long for a trigram index (a source's
    #: full text, four kilobytes on average), which ``icontains`` read whole for every
    #: row, three times a list (its count and the date hierarchy's two reads).
    search_by_words: dict[str, str] = {}

    def get_search_results(self, request, queryset, search_term):
        words = _words(search_term)
        fields = self.get_search_fields(request)
        if not (
            is_postgres(queryset)
            and fields
            and words
            and all(folded for _, folded in words)
            and not any(field[0] in "^=@" for field in fields)
        ):
            return super().get_search_results(request, queryset, search_term)
        model, by_words = queryset.model, self.search_by_words
        leading = _leading(words)
        arms = _arms(model, fields, *leading, by_words=by_words, using=queryset.db)
        # A text's words, already read as keys (``_words_keys``), are a read of their own:
        # inside the row's own fields' ``OR`` they made PostgreSQL test the others on
        # every source, where their trigram indexes answer alone (148 ms for "kim").
        apart = [field for field, _ in arms if "__" in field or field in by_words]
        own = [holds for field, holds in arms if field not in apart]
        rows = model._base_manager.order_by()
        reads = [rows.filter(holds).values("pk") for field, holds in arms if field in apart]
        if own:
            reads.insert(0, rows.filter(reduce(operator.or_, own)).values("pk"))
        found = queryset.filter(pk__in=reads[0].union(*reads[1:]))
        others = [word for word in words if word != leading]
        # The other words are asked of the leading word's rows alone, by their keys:
        # asked of the search's own statement, PostgreSQL tested them on every source
        # (49,794) for the 2,532 that hold "seongwon" (0.48 s for "kim seongwon").
        keys = _keys_within(found) if others else None
        for word, folded in others:
            arms = _arms(model, fields, word, folded, each_row=True, by_words=by_words)
            if keys is None:
                found = found.filter(_anywhere(arms))
            else:
                keys = _keys_holding(model._base_manager.using(queryset.db), keys, arms)
        # A source search for "kim", which nearly every text holds, read every source's
        # words four times (4.7 s at 50,000 sources) before its keys were read once.
        return self.read_once(request, queryset, found, keys), False


#: The most matches whose keys an admin search reads once and passes on as one array
#: (``RelatedSearchMixin``): 2 MB of keys, read in about as long as one count of them.
SEARCH_KEYS = 250_000


def _keys_within(rows: QuerySet) -> list | None:
    """The keys of ``rows``, in no order, or None past ``SEARCH_KEYS`` of them."""
    keys = list(rows.order_by().values_list("pk", flat=True)[: SEARCH_KEYS + 1])
    return None if len(keys) > SEARCH_KEYS else keys


class KeyedPaginator(Paginator):
    """An admin list's page in two reads: the keys of its rows, in the list's order, then
    those rows with the records the list shows beside them (``list_select_related``).

    A search that matches many rows (``RelatedSearchMixin``) is a semi-join that
    PostgreSQL answers with a hash, whose rows come out in no order: it joined every
    match to its funder and recipient, then sorted them all for the first hundred (1.4 s
    for the 127,000 flows "kim" finds). The keys are sorted alone, and only the page's
    rows are joined.
    """

    def page(self, number):
        page = super().page(number)
        listed = self.object_list
        if listed.query.annotations:
            return page
        keys = list(page.object_list.values_list("pk", flat=True))
        # The keys were read from the list's own query, so every row is one the user
        # may see and the filters keep; the rows are read by key alone.
        rows = type(listed)(model=listed.model, using=listed.db).filter(pk__in=keys)
        if listed.query.order_by:
            rows = rows.order_by(*listed.query.order_by)
        rows.query.select_related = listed.query.select_related
        rows = rows.prefetch_related(*listed._prefetch_related_lookups)
        rows.query.deferred_loading = listed.query.deferred_loading
        page.object_list = rows
        return page


def _leading(words: list[tuple[str, str]]) -> tuple[str, str]:
    """The word a search finds its rows from: the longest folded one, as the rarest
    (more of its trigrams must match), the first of equals."""
    return max(words, key=lambda word: len(word[1]))


def _arms(
    model,
    fields,
    word: str,
    folded: str,
    *,
    each_row: bool = False,
    by_words=None,
    using: str | None = None,
) -> list[tuple[str, Q]]:
    """Where ``word`` may be, in the order of ``fields``: each field with its condition
    (``_field_holds``; the fields of ``by_words`` by their words, ``_words_hold``, or,
    given the database (``using``), the keys of the rows they hold, ``_words_keys``),
    each read once (a party's name and its aliases are one read of its folded names)."""
    arms, seen, by_words = [], set(), by_words or {}
    for field in fields:
        if field in by_words:
            if using is None:
                arms.append((field, _words_hold(by_words[field], word)))
            else:
                arms.append((field, _words_keys(model, by_words[field], word, using)))
            continue
        holds, key = _field_holds(model, field, word, folded, each_row=each_row)
        if key not in seen:
            seen.add(key)
            arms.append((field, holds))
    return arms


def _words_hold(column: str, word: str) -> Q:
    """The text whose words ``column`` holds has a word starting with each run of
    letters and digits in ``word`` ("kim" finds "Kim" and "Kimchi", not "Pakim";
    "seong-ho" finds "Seong-ho" and "Ho Seong").

    ``column`` is the text's ``tsvector`` with the "simple" configuration (lower-cased
    words, no stemming, no stop words), stored by PostgreSQL beside the text (a generated
    column, sources/0012) and indexed: computed for each row instead, a word most texts
    hold ("kim") read every text through the parser, 43 s at 50,000 sources."""
    parts = re.findall(r"\w+", word.lower())
    query = " & ".join(f"'{part}':*" for part in parts) if parts else "''"
    return Q(
        SearchVectorExact(
            _StoredColumn(column, SearchVectorField()),
            SearchQuery(query, search_type="raw", config="simple"),
        )
    )


def _words_keys(model, column: str, word: str, using: str) -> Q:
    """``_words_hold`` as the keys of the rows it holds, read first through the words'
    index. PostgreSQL counts nothing for reading a row's words out of line (TOAST: four
    kilobytes a source), so for a word most texts hold it chose to read every source's
    words over the index: 422 ms for "kim" among 50,000 sources at 10×, where the index
    answers in 27 ms. Told that a scan of the table is no choice (for this one read, in
    its own transaction), it takes the column's one index."""
    holds = _words_hold(column, word)
    rows = model._base_manager.using(using).order_by().filter(holds)
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        keys = _keys_within(rows)
        # Undone at the block's end, inside a request's transaction too (a savepoint's
        # rollback undoes a SET LOCAL; its release would keep it): the read wrote nothing.
        transaction.set_rollback(True, using=using)
    # Past ``SEARCH_KEYS``, the condition itself, as the search's keys are (``read_once``);
    # else the keys as a set to join, not a list whose every key the planner estimates.
    return holds if keys is None else keys_as_set("pk", keys)


class _StoredColumn(Expression):
    """A column PostgreSQL keeps for itself on the query's own table, which the model
    does not declare (so that no form, serializer, export or history reads or writes it):
    a source's ``full_text_words``."""

    def __init__(self, column: str, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def _keys_holding(rows: QuerySet, keys: list, arms: list[tuple[str, Q]]) -> list:
    """Those of ``keys`` whose rows hold a word in any field (``arms``): asked of the
    row's own columns first, then of the related records for the rows left alone.

    Asked as one ``OR``, each related arm is a subquery that PostgreSQL hashes whole
    before the first row reaches it: every organisation and every author whose names
    hold "kim" (80-90 ms each at 10×), for the 42 of 2,532 sources whose own columns
    (the full text among them) do not hold it. The rows' own columns answer in one read
    of the keys (27-37 ms), and the related arms are asked of the few left."""
    own = [(field, holds) for field, holds in arms if "__" not in field]
    related = [(field, holds) for field, holds in arms if "__" in field]
    held, rest = [], keys
    for asked in (own, related):
        if asked and rest:
            rows_holding = rows.filter(pk__among=Keys(rest)).filter(_anywhere(asked)).order_by()
            found = list(rows_holding.values_list("pk", flat=True))
            held += found
            rest = list(set(rest) - set(found))
    return held


def _anywhere(arms: list[tuple[str, Q]]) -> Q:
    """The word in any field: one ``OR``, in the fields' order, as Django's search asks
    it (PostgreSQL tests the arms of an ``OR`` in the order written)."""
    return reduce(operator.or_, (holds for _, holds in arms))


def _field_holds(
    model, path: str, word: str, folded: str, *, each_row: bool = False
) -> tuple[Q, tuple]:
    """``path`` (a search field of ``model``) holds ``word``: on the row's own column, or
    through a subquery of the related records' keys (``RelatedSearchMixin``); with what
    the condition reads, so that two fields reading the same are asked once."""
    if "__" not in path:
        return Q(**{f"{path}__icontains": word}), (path,)
    name, rest = path.split("__", 1)
    field = model._meta.get_field(name)
    related = field.related_model
    if rest in FoldedSearchMixin.STORED_NAMES and kind_of(related) is not None:
        holding, key = Q(search_text__contains=folded), (name, "search_text")
    else:
        holding, inner = _field_holds(related, rest, word, folded)
        key = (name, *inner)
    matching = related._base_manager.filter(holding)
    if field.many_to_one or (field.one_to_one and field.concrete):
        if each_row:
            return Q(Exists(matching.filter(pk=OuterRef(name)))), key
        return Q(**{f"{name}__in": matching.values("pk")}), key
    # A many-to-many or reverse relation: the rows linked to those records, by key.
    linked = model._base_manager.filter(**{f"{name}__in": matching.values("pk")})
    if each_row:
        # Per row: the row's own links, a few, each looked up (42 sources' authors and
        # publishers, 2.8 ms), where the rows linked to every match were hashed first
        # (the 17,207 sources of authors named "kim", 53-57 ms).
        return Q(Exists(linked.filter(pk=OuterRef("pk")))), key
    return Q(pk__in=linked.values("pk")), key


def _words(search_term: str) -> list[tuple[str, str]]:
    """The words of an admin search as Django splits them (a quoted phrase is one),
    each with its folded form."""
    words = []
    for word in smart_split(search_term):
        if word[0] in "\"'" and word[0] == word[-1]:
            word = unescape_string_literal(word)
        words.append((word, fold(word)))
    return words


def _every_word(words: list[tuple[str, str]], by_start: list[str]) -> Q:
    """Every word in the folded names or at the start of a ``by_start`` field (a slug),
    as Django's search asks each word to be in some field."""
    matched = Q()
    for word, folded in words:
        either = Q(search_text__contains=folded)
        for field in by_start:
            either |= Q(**{f"{field}__startswith": word.lower()})
        matched &= either
    return matched


class ReadableChanges(HistoricalRecordContextHelper):
    """Shows a change the way the form shows the field: choice labels, "yes"/"no", "—"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if isinstance(field, BooleanField):
            return "yes" if value else "no"
        if field.flatchoices and not field.is_relation:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when, each version's changes against the one before, and
    a "Revert" form (simple-history's) that restores a version through the usual form,
    so a restore is checked like any other edit."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline([obj])
        obj._change_reason = change_reason(form, change)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        changed = [
            inline.instance
            for inline in formset.forms
            if inline.instance.pk is not None and inline.has_changed()
        ]
        record_baseline(changed)
        reason = change_reason(form, change)
        for inline in formset.forms:
            inline.instance._change_reason = reason
        super().save_formset(request, form, formset, change)


class ArchiveAdmin(ExportMixin, HistoryAdmin):
    """Every model's admin: history, export of the filtered changelist, forms that refuse
    to overwrite a concurrent change, and lists limited to what the user may see."""

    form = ArchiveModelForm
    # Class attributes shadow import-export's settings-reading properties. The
    # spreadsheet formats never write a live formula (``core.spreadsheets``).
    export_formats = [SafeCSV, JSON, SafeXLSX]
    import_export_change_list_template = "admin/import_export/change_list_export.html"
    # A filtered list says how many match (its paginator counts them), not also how many
    # the whole table holds: that second COUNT(*) read every row of it on every page of a
    # search or filter (a million flows: 41 ms each). "Show all" links there instead.
    show_full_result_count = False

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_classes(self, request):
        return self.resource_classes or [export_resource(self.model)]

    def get_queryset(self, request):
        return visible_in_admin(super().get_queryset(request), request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = with_opened_version(self, request, obj, super().get_fieldsets(request, obj))
        return with_change_reason(self, request, obj, fieldsets)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.shown_again_on_change(
            request, super().changeform_view, request, object_id, form_url, extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's revert page saves outside a transaction; give it one.
        def reverted(*args):
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super(ArchiveAdmin, self).history_form_view(*args)

        return self.shown_again_on_change(
            request, reverted, request, object_id, version_id, extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except RecordChanged as changed:
            return self.refuse_stale(request, changed)

    def shown_again_on_change(self, request, view, *args):
        """Run a page that saves; if a concurrent save slipped between a form's check and
        its UPDATE, the page's transaction is rolled back and it runs once more, when the
        forms find the change and say so beside the user's own edits."""
        try:
            return view(*args)
        except RecordChanged:
            pass
        try:
            return view(*args)
        except RecordChanged as changed:
            return self.refuse_stale(request, changed)

    def refuse_stale(self, request, changed: RecordChanged) -> HttpResponseRedirect:
        """Nothing was saved: say why and show the record as it is now."""
        self.message_user(request, changed_since_message(changed.record), messages.ERROR)
        record = changed.record
        if isinstance(record, self.model) and stored_version(record) is not None:
            opts = self.opts
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[record.pk]))
        return HttpResponseRedirect(request.path)


class CsvImportMixin(ImportMixin):
    """CSV import for an ``ArchiveAdmin``: a dry run shows every row's outcome and errors;
    confirming imports the whole file in one transaction, so one bad row leaves the
    archive as it was (the resources in ``core.resources`` roll back on any error). A row
    that changes a published record the importer may not publish becomes a pending
    revision: the preview and the result both say which rows wait for review."""

    import_formats = [CSV]
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"

    def has_import_permission(self, request):
        # Any staff member could otherwise import into any model.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The archive changed between the preview and the confirmation; the
            # resource rolled everything back.
            self.message_user(
                request,
                "Nothing was imported: the file no longer imports cleanly. Preview it again.",
                messages.ERROR,
            )
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        if getattr(result, "waiting", ""):
            self.message_user(request, result.waiting, messages.WARNING)
        return super().process_result(result, request)


class FirstRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """The related records the list's rows point at, as Django's ``RelatedOnlyFieldListFilter``
    lists them, but only the first ``SHOWN`` in the related model's order, and the one
    chosen: the rest are reached by the list's search.

    Django's listed every one. Citations point at 50,000 sources at 10x: a sidebar of
    50,000 links, 260 ms to find them and seconds to draw, on every page of the list.
    The first ``SHOWN`` are a walk of the related model's order that probes the list for
    each (the newest sources, for citations).
    """

    SHOWN = 20

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = f"{self.title} (the first {self.SHOWN}; search for others)"

    def field_choices(self, field, request, model_admin):
        pointed = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        related = field.related_model._default_manager.filter(pk__in=pointed)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            related = related.order_by(*ordering)
        first = list(related[: self.SHOWN])
        chosen = [value for value in self.lookup_val or () if str(value).isdigit()]
        shown = {record.pk for record in first}
        first += [record for record in related.filter(pk__in=chosen) if record.pk not in shown]
        return [(record.pk, str(record)) for record in first]


def titled(title: str, base: type = admin.ChoicesFieldListFilter) -> type:
    """A field filter with its own title, for two filters on fields of the same name
    ("funder kind", "recipient kind")."""

    class TitledFilter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


@admin.display(description="state", ordering="publication_state")
def review_state(record) -> str:
    """Publication state and visibility in one column: "Published", "Draft, restricted"."""
    state = record.get_publication_state_display()
    if record.visibility == Visibility.RESTRICTED:
        return f"{state}, restricted"
    return state


class RecordAdmin(ArchiveAdmin):
    """A record's page and list: the review workflow on top of history and export."""

    form = RecordForm
    actions = ("publish", "unpublish", "restrict", "make_public")

    def has_publish_permission(self, request) -> bool:
        return may_publish(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.review_user = request.user
        return form

    # An Archivist's change to a published record becomes a pending revision
    # (``core.review``): nothing of it is saved until an Editor approves it. The
    # record's fields are proposed in ``save_model`` (a revert saves nothing else), its
    # rows join them in ``save_related``: one save of the page, one revision.

    def staged(self, request) -> bool:
        return getattr(request, "_archive_staged", False)

    def save_model(self, request, obj, form, change):
        if change and needs_review(request.user, obj):
            request._archive_staged = True
            self.propose_change(request, obj, form)
            # simple-history's revert saves the form's many-to-many fields itself.
            form.save_m2m = lambda: None
            return
        super().save_model(request, obj, form, change)

    def propose_change(self, request, obj, form) -> None:
        values = {name: form.cleaned_data[name] for name in proposed_fields(form)}
        request._archive_base_version = obj.version
        if values.get("visibility") == Visibility.RESTRICTED:
            # Hiding a record never waits for review.
            del values["visibility"]
            stored = type(obj)._default_manager.get(pk=obj.pk)
            stored.version = obj.version
            services.restrict([stored], request.user)
            request._archive_base_version = stored.version
            request._archive_restricted = True
        request._archive_revision = None
        if values:
            request._archive_revision = propose(
                obj,
                values,
                user=request.user,
                reason=change_reason(form, change=True),
                base_version=request._archive_base_version,
            )

    def save_related(self, request, form, formsets, change):
        if not self.staged(request):
            super().save_related(request, form, formsets, change)
            return
        rows = [row for formset in formsets for row in proposed_rows(formset)]
        if not rows:
            return
        revision = request._archive_revision
        if revision is None:
            request._archive_revision = propose(
                form.instance,
                {},
                user=request.user,
                reason=change_reason(form, change=True),
                base_version=request._archive_base_version,
                rows=rows,
            )
        else:
            revision.rows = rows
            revision.save(update_fields=["rows"])

    def construct_change_message(self, request, form, formsets, add=False):
        # Nothing of a staged change was saved: no rows to describe.
        if self.staged(request):
            return ""
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not self.staged(request):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if not self.staged(request):
            return super().response_change(request, obj)
        if getattr(request, "_archive_revision", None) is not None:
            self.message_user(
                request,
                f"Your change to “{obj}” waits for an Editor's review; until it is "
                "approved the public sees the published version.",
                messages.SUCCESS,
            )
        elif getattr(request, "_archive_restricted", False):
            self.message_user(request, f"“{obj}” is restricted.", messages.SUCCESS)
        else:
            self.message_user(request, f"Nothing was changed in “{obj}”.", messages.INFO)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def _review_action(self, request, queryset, service, done: str) -> None:
        try:
            changed = service(queryset, request.user)
        except RecordChanged as stale:
            self.message_user(
                request,
                f"Nothing was changed: “{stale.record}” was changed by someone else while "
                "the action ran. Try again.",
                messages.ERROR,
            )
            return
        self.message_user(
            request, f"{changed} {model_ngettext(self.opts, changed)} {done}.", messages.SUCCESS
        )

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        self._review_action(request, queryset, services.publish, "published")

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self._review_action(request, queryset, services.unpublish, "returned to draft")

    @admin.action(
        description="Restrict selected %(verbose_name_plural)s (hide from the public)",
        permissions=["change"],
    )
    def restrict(self, request, queryset):
        self._review_action(request, queryset, services.restrict, "restricted")

    @admin.action(
        description="Make selected %(verbose_name_plural)s public again",
        permissions=["publish"],
    )
    def make_public(self, request, queryset):
        self._review_action(request, queryset, services.make_public, "made public")


SIMILAR_LIMIT = 5


class SimilarNamesMixin:
    """Warns of a possible duplicate as the archivist types a new record's name.

    The name field asks ``…/similar/?name=…`` (``static/archive/similar-names.js``) and
    lists the records whose names match in any variant (``core.search``: "Park Minsu"
    finds "Park Min-su"). Without JavaScript the same list is a warning after saving.
    """

    def get_urls(self):
        opts = self.opts
        similar = path(
            "similar/",
            self.admin_site.admin_view(self.similar_view),
            name=f"{opts.app_label}_{opts.model_name}_similar",
        )
        return [similar, *super().get_urls()]

    def similar_records(self, request, name: str, exclude=None) -> list:
        if len(name.strip()) < 3:
            return []
        queryset = visible_in_admin(self.model._default_manager.all(), request.user)
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude)
        return list(search(queryset, name)[:SIMILAR_LIMIT])

    def similar_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        exclude = request.GET.get("exclude") or None
        exclude = int(exclude) if exclude and exclude.isdigit() else None
        records = self.similar_records(request, request.GET.get("name", "")[:200], exclude)
        opts = self.opts
        change = f"admin:{opts.app_label}_{opts.model_name}_change"
        return JsonResponse(
            {
                "results": [
                    {"name": str(record), "url": reverse(change, args=[record.pk])}
                    for record in records
                ]
            }
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "name" and field is not None:
            opts = self.opts
            field.widget.attrs["data-similar-url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_similar"
            )
        return field

    @property
    def media(self):
        return super().media + forms.Media(js=["archive/similar-names.js"])

    def response_add(self, request, obj, post_url_continue=None):
        similar = self.similar_records(request, obj.name, exclude=obj.pk)
        if similar:
            self.message_user(
                request,
                "Possible duplicate: "
                + ", ".join(f"“{record}”" for record in similar)
                + " has a name like this one. If it is the same, an Editor can merge them.",
                messages.WARNING,
            )
        return super().response_add(request, obj, post_url_continue)


def country_column(name: str, description: str):
    """A change-list column showing the country a ``CountryField`` holds, by its name.

    Django shows a field with choices through ``display_for_field``, which asks the field
    for its flattened choices, and django-countries rebuilds all 250 of them on each
    ask: a page of 100 people with two country columns spent ~250 ms there, more than
    the rest of the page. The value is a ``Country`` that knows its own name.
    """

    @admin.display(description=description, ordering=name)
    def column(record) -> str | None:
        return getattr(record, name).name or None

    column.__name__ = column.__qualname__ = name
    return column
