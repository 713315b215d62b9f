"""CSV import and export of people and organisations, keyed on their slugs.

A row whose slug exists updates that record; a new slug adds one. Aliases are exported
("|"-separated) for reading; they are edited on the record's page.
"""

from import_export import fields

from core.resources import RecordResource, SlugWidget
from people.models import Organization, Person

PARTY_FIELDS = (
    "slug",
    "name",
    "description",
    "is_group",
    "group_size_qualifier",
    "group_size_low",
    "group_size_high",
    "group_size_text",
)
REVIEW_FIELDS = ("publication_state", "visibility")


class PartyResource(RecordResource):
    aliases = fields.Field(column_name="aliases", readonly=True)

    class Meta(RecordResource.Meta):
        import_id_fields = ("slug",)

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        # Party.save sets the kind; full_clean runs before save and needs it already.
        instance.kind = instance.party_kind
        return instance

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("aliases")

    def dehydrate_aliases(self, party) -> str:
        return "|".join(alias.name for alias in party.aliases.all())


class PersonResource(PartyResource):
    class Meta(PartyResource.Meta):
        model = Person
        fields = (
            *PARTY_FIELDS,
            "native_name",
            "is_pseudonym",
            "is_unnamed",
            "is_defector",
            "birth_year_low",
            "birth_year_high",
            "age_as_stated",
            "origin_country",
            "residence_country",
            *REVIEW_FIELDS,
            "aliases",
        )
        export_order = fields


class OrganizationResource(PartyResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugWidget(Organization))

    class Meta(PartyResource.Meta):
        model = Organization
        fields = (
            *PARTY_FIELDS,
            "org_kind",
            "country",
            "parent",
            "founded_year",
            "founded_month",
            "founded_day",
            *REVIEW_FIELDS,
            "aliases",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("parent")
