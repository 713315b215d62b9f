"""Admin for parties (people, organisations and the Party supertable), aliases, roles and
relations between parties.

A party is added and edited as the Person, Organization or Venture it is.
``PartyChildAdmin`` is what those three pages share (``ventures.admin`` builds the
Venture page on it): aliases, citations and the flows the party gives and receives,
inline. The Party admin is a read-only index across all three, there for the
autocompletes on keys that point at any party: a flow's funder and recipient, a role's
organisation, a citation.

The flow inlines come from ``ventures.inlines``, against the apps' dependency direction;
like ``sources.admin.CitationInline``, that is the admin's privilege, never the models'.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django_countries.filters import CountryFilter

from core.admin_tools import (
    INLINE_ROWS,
    ArchiveAdmin,
    ArchiveInline,
    CsvImportMixin,
    FoldedSearchMixin,
    RecordAdmin,
    RecordForm,
    RelatedSearchMixin,
    SimilarNamesMixin,
    country_column,
    titled,
    visible_in_admin,
)
from core.facets import distinct_values
from core.records import describe_period
from core.versions import RecordChanged, changed_since_message
from people.models import (
    AliasKind,
    Organization,
    Party,
    PartyAlias,
    PartyKind,
    PartyRelation,
    Person,
    Role,
)
from people.resources import OrganizationResource, PersonResource
from people.services import MergeError, merge_parties
from sources.admin import CitationInline, HasCitationFilter
from ventures.inlines import FlowsInInline, FlowsOutInline

PUBLICATION = (
    "Publication",
    {"fields": (("publication_state", "visibility"), ("created_at", "updated_at"))},
)
GROUP = (
    "Group",
    {
        "classes": ("collapse",),
        "description": "Only when the record stands for several unnamed people or businesses.",
        "fields": (
            "is_group",
            ("group_size_qualifier", "group_size_low", "group_size_high"),
            "group_size_text",
        ),
    },
)


@admin.display(description="period")
def role_period(role: Role) -> str:
    return describe_period(role.start, role.end)


class PartyAliasInline(ArchiveInline, admin.TabularInline):
    model = PartyAlias
    # The key points at Party, and still fits a Person, Organization or Venture
    # page: the child's primary key is its party's.
    fk_name = "party"
    fields = ("name", "kind")
    extra = 0


class RoleInline(ArchiveInline, admin.TabularInline):
    """A person's roles; dates are edited on the role's own page."""

    model = Role
    form = RecordForm
    # Both of Role's keys fit a Person page (``organization`` points at Party).
    fk_name = "person"
    fields = ("organization", "kind", "title", role_period, "publication_state", "visibility")
    # Without every date column in the form, the date constraints could not be
    # checked before the database refuses the row; so the dates stay read-only here.
    readonly_fields = (role_period,)
    autocomplete_fields = ("organization",)
    show_change_link = True
    extra = 0
    shown_at_most = INLINE_ROWS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class MemberRoleInline(RoleInline):
    """The roles people hold in an organisation or venture."""

    fk_name = "organization"
    verbose_name_plural = "roles held here"
    fields = ("person", "kind", "title", role_period, "publication_state", "visibility")
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class PartyChildAdmin(SimilarNamesMixin, FoldedSearchMixin, RecordAdmin):
    """What the Person, Organization and Venture pages share: they are all parties."""

    search_fields = ("name", "slug", "aliases__name")
    search_vector = True
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        PartyAliasInline,
        MemberRoleInline,
        CitationInline,
        FlowsOutInline,
        FlowsInInline,
    )

    def get_queryset(self, request):
        # Every row of a kind's table is a party of that kind; saying so lets the list's
        # order (name, then id) walk the parties' (kind, name) index and stop at the
        # page, where the join to the kind's own table sorted every party of it first
        # (0.24-0.48 s at 200,000 ventures, ``tests/admin/test_large_lists.py``).
        return super().get_queryset(request).filter(kind=self.model.party_kind)

    def search_scope(self) -> Q:
        return Q(kind=self.model.party_kind)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        rows = self.model._base_manager.using(queryset.db)
        if (
            queryset.query.where.children
            == rows.filter(kind=self.model.party_kind).query.where.children
        ):
            # The list holds every row of the kind's table (no filter, no search, and a
            # user who sees hidden records): count that table alone. Counted through
            # the kind filter above, the count joined every party to its kind's row,
            # 0.17-0.22 s for 200,000 ventures, where the table's key index counts
            # them in 0.02 s.
            paginator.__dict__["count"] = rows.order_by().count()
        return paginator


def countries_by_index(*columns: str) -> type[CountryFilter]:
    """django-countries' filter, its countries found by a walk of the index on ``columns``
    (``core.facets.distinct_values``), the filter's own column among them.

    The filter's choices were a ``SELECT DISTINCT`` over every row of the table, on
    every page of the list: at 110,000 people, 16 and 38 ms for the two country
    filters. The walk takes one step per distinct value of the index's columns, and
    keeps a country only if a record the user may see is in it, where the ``DISTINCT``
    read hidden ones too.
    """

    class IndexedCountryFilter(CountryFilter):
        def __init__(self, field, request, params, model, model_admin, field_path):
            super().__init__(field, request, params, model, model_admin, field_path)
            # The records the list may show, by their own table: the kind filter of
            # ``PartyChildAdmin.get_queryset`` holds for every row of it, and joined in
            # each probe it made PostgreSQL walk the parties' keys (66 ms at 40,000
            # organisations, against 1 ms without).
            self.records = visible_in_admin(model._default_manager.all(), request.user)

        def lookup_choices(self, changelist):
            at = columns.index(self.field_path)
            codes = {found[at] for found in distinct_values(self.records, *columns)}
            for code, name in self.field.get_choices(include_blank=False):
                if code in codes:
                    yield code, name

    return IndexedCountryFilter


#: A person's two countries, walked together by their one index (``people_person_countries``).
PERSON_COUNTRIES = countries_by_index("origin_country", "residence_country")


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The other record's links move to this one, and it is deleted.",
    )
    alias_kind = forms.ChoiceField(
        choices=AliasKind.choices,
        initial=AliasKind.ROMANISATION,
        label="The deleted record's name becomes",
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(r.pk, f"{r} (#{r.pk})") for r in records]
        # The older record has usually been cited and linked the longest.
        self.fields["survivor"].initial = records[0].pk


class MergeMixin:
    """The "merge two duplicates" action, with a page to choose which record survives.

    A merge deletes a record, so it needs the delete permission: an Editor's action.
    """

    @admin.action(
        description="Merge the two selected %(verbose_name_plural)s", permissions=["delete"]
    )
    def merge(self, request, queryset):
        records = list(
            queryset.order_by("created_at", "pk").annotate(
                alias_count=Count("aliases", distinct=True),
                citation_count=Count("citations", distinct=True),
                flows_out_count=Count("flows_out", distinct=True),
                flows_in_count=Count("flows_in", distinct=True),
            )[:3]
        )
        if len(records) != 2:
            self.message_user(request, "Select exactly two records to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "survivor" in request.POST else None, records=records)
        if form.is_valid():
            survivor_pk = form.cleaned_data["survivor"]
            survivor, duplicate = sorted(records, key=lambda r: r.pk != survivor_pk)
            try:
                merge_parties(survivor, duplicate, request.user, form.cleaned_data["alias_kind"])
            except MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            except RecordChanged as changed:
                self.message_user(request, changed_since_message(changed.record), messages.ERROR)
                return None
            self.message_user(request, f"Merged “{duplicate}” into “{survivor}”.", messages.SUCCESS)
            opts = self.opts
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge two {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "records": records,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_confirmation.html", context)


@admin.register(Person)
class PersonAdmin(CsvImportMixin, MergeMixin, PartyChildAdmin):
    resource_classes = [PersonResource]
    list_display = (
        "name",
        "native_name",
        country_column("origin_country", "origin country"),
        country_column("residence_country", "residence country"),
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "publication_state",
        "visibility",
        HasCitationFilter,
        ("origin_country", PERSON_COUNTRIES),
        ("residence_country", PERSON_COUNTRIES),
        "is_defector",
        "is_pseudonym",
        "is_unnamed",
        "is_group",
    )
    search_fields = (*PartyChildAdmin.search_fields, "native_name")
    inlines = (
        PartyAliasInline,
        RoleInline,
        CitationInline,
        FlowsOutInline,
        FlowsInInline,
    )
    actions = (*PartyChildAdmin.actions, "merge")
    fieldsets = (
        (None, {"fields": ("name", "slug", "native_name", "description")}),
        (
            "Identity",
            {
                "fields": (
                    ("is_pseudonym", "is_unnamed", "is_defector"),
                    ("birth_year_low", "birth_year_high", "age_as_stated"),
                    ("origin_country", "residence_country"),
                )
            },
        ),
        GROUP,
        PUBLICATION,
    )


@admin.register(Organization)
class OrganizationAdmin(CsvImportMixin, MergeMixin, PartyChildAdmin):
    resource_classes = [OrganizationResource]
    list_display = (
        "name",
        "org_kind",
        country_column("country", "country"),
        "parent",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "org_kind",
        ("country", countries_by_index("country")),
        "publication_state",
        "visibility",
        HasCitationFilter,
        "is_group",
    )
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    actions = (*PartyChildAdmin.actions, "merge")
    fieldsets = (
        (None, {"fields": ("name", "slug", ("org_kind", "country"), "parent", "description")}),
        ("Founded", {"fields": (("founded_year", "founded_month", "founded_day"),)}),
        GROUP,
        PUBLICATION,
    )


NOT_A_PERSON = {
    ("role", "organization"),
    ("venture", "operated_by"),
    ("partyrelation", "party"),
    ("partyrelation", "related"),
}

EDIT_PAGE = {
    PartyKind.PERSON: "admin:people_person_change",
    PartyKind.ORGANIZATION: "admin:people_organization_change",
    PartyKind.VENTURE: "admin:ventures_venture_change",
}

ADD_PAGE = {kind: page.replace("_change", "_add") for kind, page in EDIT_PAGE.items()}


@admin.register(Party)
class PartyAdmin(FoldedSearchMixin, ArchiveAdmin):
    """Read-only: a bare Party cannot be saved, since ``Party.save`` sets its kind
    from the subclass, and there is none.

    The delete permission stays the user's own: deleting a person, organisation or
    venture deletes its Party row too, and the admin asks this class whether it may.
    """

    list_display = ("name", "kind", "publication_state", "visibility", "updated_at", "edit_link")
    list_filter = ("kind", "publication_state", "visibility", HasCitationFilter, "is_group")
    search_fields = ("name", "slug", "aliases__name")
    search_vector = True
    readonly_fields = ("edit_link",)

    def has_add_permission(self, request):
        # The "+" beside a funder, recipient or organisation: the add page asks which
        # kind of party to add, and sends the archivist (in the same popup) to its form.
        return bool(self.add_pages(request))

    def add_pages(self, request) -> list[tuple[str, str]]:
        pages = []
        for kind, page in ADD_PAGE.items():
            app_label, model_name = page.removeprefix("admin:").removesuffix("_add").split("_")
            if request.user.has_perm(f"{app_label}.add_{model_name}"):
                pages.append((PartyKind(kind).label.lower(), reverse(page)))
        return pages

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        query = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a party",
            "opts": self.opts,
            "is_popup": "_popup" in request.GET,
            "pages": [
                (label, f"{url}?{query}" if query else url)
                for label, url in self.add_pages(request)
            ],
        }
        return TemplateResponse(request, "admin/people/party/add_which.html", context)

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Records are deleted, published and merged from their own lists.
        return {}

    @admin.display(description="edit")
    def edit_link(self, party: Party) -> str:
        url = reverse(EDIT_PAGE[party.kind], args=[party.pk])
        return format_html('<a href="{}">Edit as {}</a>', url, party.get_kind_display().lower())

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Role.clean and Venture.clean refuse a person as a role's organisation or a
        # venture's operator; offering people there would only lead into the error.
        asking = (request.GET.get("model_name"), request.GET.get("field_name"))
        if asking in NOT_A_PERSON:
            queryset = queryset.exclude(kind=PartyKind.PERSON)
        return queryset, may_have_duplicates


@admin.register(PartyAlias)
class PartyAliasAdmin(RelatedSearchMixin, ArchiveAdmin):
    list_display = ("name", "kind", "party")
    list_filter = ("kind", ("party__kind", titled("party kind")))
    list_select_related = ("party",)
    search_fields = ("name", "party__name")
    autocomplete_fields = ("party",)


@admin.register(Role)
class RoleAdmin(RelatedSearchMixin, RecordAdmin):
    list_display = (
        "person",
        "title",
        "kind",
        "organization",
        role_period,
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "kind",
        ("organization__kind", titled("held in")),
        "publication_state",
        "visibility",
        HasCitationFilter,
    )
    list_select_related = ("person", "organization")
    # Newest first, a walk of the primary key: the model's order (organisation, then
    # person, by name) joined both to every role and sorted them all (0.85 s at 240,000
    # roles). The columns still sort by either name.
    ordering = ("-id",)
    search_fields = (
        "title",
        "person__name",
        "person__aliases__name",
        "organization__name",
        "organization__aliases__name",
    )
    autocomplete_fields = ("person", "organization")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("person", "organization", ("kind", "title"))}),
        (
            "Dates",
            {
                "fields": (
                    ("start_year", "start_month", "start_day"),
                    ("end_year", "end_month", "end_day"),
                )
            },
        ),
        PUBLICATION,
    )

    def get_queryset(self, request):
        # A role's __str__ names both ends; autocompletes (citations) list it too.
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.display(description="since", ordering="start_year")
def relation_start(relation: PartyRelation) -> str:
    return str(relation.start) if relation.start_year else ""


@admin.register(PartyRelation)
class PartyRelationAdmin(RecordAdmin):
    """Links between organisations and ventures that are not a person's role, read as
    "``related`` is the ``kind`` of ``party``", each with the article's words and quotes."""

    list_display = (
        "party",
        "kind",
        "related_label",
        relation_start,
        "as_stated",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "kind",
        ("party__kind", titled("party kind")),
        "start_qualifier",
        "publication_state",
        "visibility",
        HasCitationFilter,
    )
    list_select_related = ("party", "related")
    search_fields = (
        "as_stated",
        "related_description",
        "party__name",
        "party__aliases__name",
        "related__name",
        "related__aliases__name",
    )
    autocomplete_fields = ("party", "related")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)
    fieldsets = (
        (
            None,
            {
                "description": "Read it as: the related party is the kind of the party "
                "(Hyundai Group is the operator of the Asan Nanum Foundation).",
                "fields": ("party", "kind", "related", "related_description", "as_stated"),
            },
        ),
        (
            "Since",
            {
                "fields": (
                    ("start_year", "start_month", "start_day"),
                    ("start_qualifier", "start_as_stated"),
                )
            },
        ),
        PUBLICATION,
    )

    @admin.display(description="related", ordering="related__name")
    def related_label(self, relation: PartyRelation) -> str:
        return relation.related_label

    def get_queryset(self, request):
        # A relation's __str__ names both ends; autocompletes (citations) list it too.
        return super().get_queryset(request).select_related(*self.list_select_related)
