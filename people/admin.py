"""Admin for parties (people, organisations and the Party supertable), aliases and roles.

A party is added and edited as the Person, Organization or Venture it is.
``PartyChildAdmin`` is what those three pages share (``ventures.admin`` builds the
Venture page on it). The Party admin is a read-only index across all three, there
for the autocompletes on keys that point at any party: a flow's funder and
recipient, a role's organisation, a citation.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django_countries.filters import CountryFilter

from archive.records import describe_period
from people.models import Organization, Party, PartyAlias, PartyKind, Person, Role
from sources.admin import CitationInline

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


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    # The key points at Party, and still fits a Person, Organization or Venture
    # page: the child's primary key is its party's.
    fk_name = "party"
    fields = ("name", "kind")
    extra = 0


class RoleInline(admin.TabularInline):
    """A person's roles; dates are edited on the role's own page."""

    model = Role
    # Both of Role's keys fit a Person page (``organization`` points at Party).
    fk_name = "person"
    fields = ("organization", "kind", "title", role_period, "publication_state", "visibility")
    # Without every date column in the form, the date constraints could not be
    # checked before the database refuses the row; so the dates stay read-only here.
    readonly_fields = (role_period,)
    autocomplete_fields = ("organization",)
    show_change_link = True
    extra = 0


class PartyChildAdmin(admin.ModelAdmin):
    """What the Person, Organization and Venture pages share: they are all parties."""

    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (PartyAliasInline, CitationInline)


@admin.register(Person)
class PersonAdmin(PartyChildAdmin):
    list_display = (
        "name",
        "native_name",
        "origin_country",
        "residence_country",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "publication_state",
        "visibility",
        ("origin_country", CountryFilter),
        ("residence_country", CountryFilter),
        "is_pseudonym",
        "is_unnamed",
        "is_group",
    )
    search_fields = (*PartyChildAdmin.search_fields, "native_name")
    inlines = (PartyAliasInline, RoleInline, CitationInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "native_name", "description")}),
        (
            "Identity",
            {
                "fields": (
                    ("is_pseudonym", "is_unnamed"),
                    ("birth_year_low", "birth_year_high", "age_as_stated"),
                    ("origin_country", "residence_country"),
                )
            },
        ),
        GROUP,
        PUBLICATION,
    )


@admin.register(Organization)
class OrganizationAdmin(PartyChildAdmin):
    list_display = (
        "name",
        "org_kind",
        "country",
        "parent",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "org_kind",
        ("country", CountryFilter),
        "publication_state",
        "visibility",
        "is_group",
    )
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "slug", ("org_kind", "country"), "parent", "description")}),
        ("Founded", {"fields": (("founded_year", "founded_month", "founded_day"),)}),
        GROUP,
        PUBLICATION,
    )


EDIT_PAGE = {
    PartyKind.PERSON: "admin:people_person_change",
    PartyKind.ORGANIZATION: "admin:people_organization_change",
    PartyKind.VENTURE: "admin:ventures_venture_change",
}


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    """Read-only: a bare Party cannot be saved, since ``Party.save`` sets its kind
    from the subclass, and there is none."""

    list_display = ("name", "kind", "publication_state", "visibility", "updated_at", "edit_link")
    list_filter = ("kind", "publication_state", "visibility", "is_group")
    search_fields = ("name", "slug", "aliases__name")
    readonly_fields = ("edit_link",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="edit")
    def edit_link(self, party: Party) -> str:
        url = reverse(EDIT_PAGE[party.kind], args=[party.pk])
        return format_html('<a href="{}">Edit as {}</a>', url, party.get_kind_display().lower())

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Role.clean refuses a person as a role's organisation; offering people in
        # that autocomplete would only lead the archivist into the error.
        if request.GET.get("model_name") == "role" and request.GET.get("field_name") == (
            "organization"
        ):
            queryset = queryset.exclude(kind=PartyKind.PERSON)
        return queryset, may_have_duplicates


@admin.register(PartyAlias)
class PartyAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "party")
    list_filter = ("kind", "party__kind")
    list_select_related = ("party",)
    search_fields = ("name", "party__name")
    autocomplete_fields = ("party",)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
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
    list_filter = ("kind", "organization__kind", "publication_state", "visibility")
    list_select_related = ("person", "organization")
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
