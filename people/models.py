"""Parties (people, organisations and, through ``ventures``, ventures), their aliases and roles.

``Party`` is the supertable every funder and recipient extends (multi-table
inheritance, as LittleSis entities and FollowTheMoney legal entities do), so that a
funding flow has one enforced foreign key for each end and "everything that involves
X" is one query. docs/ARCHITECTURE.md gives the reasons.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.records import (
    COUNTS,
    DAYS,
    MONTHS,
    YEARS,
    PartialDate,
    Qualifier,
    Record,
    RecordQuerySet,
    bounded_quantity_constraints,
    none_or_visible,
    partial_date_constraints,
    public_through,
    record_constraints,
)
from core.versions import Versioned


class PartyKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    VENTURE = "venture", "Venture"


# Each kind of party has its own public page; a Party row knows which by its kind.
PARTY_DETAIL_URLS = {
    PartyKind.PERSON: "people:person-detail",
    PartyKind.ORGANIZATION: "people:organization-detail",
    PartyKind.VENTURE: "ventures:venture-detail",
}


class DateQualifier(models.TextChoices):
    """How exact a stored year is, so "in the early 2000s" is not read as 2000.

    The year columns hold the resolved value (a relative phrase is resolved against the
    article's date); the phrase itself is kept beside them in ``*_as_stated``.
    """

    EXACT = "exact", "As stated"
    ABOUT = "about", "About"
    RELATIVE = "relative", "Resolved from a relative phrase"
    DECADE = "decade", "Some time in the decade"
    EARLY = "early", "Early in the decade"
    MID = "mid", "Mid-decade"
    LATE = "late", "Late in the decade"
    BEFORE = "before", "By then (or before)"
    AFTER = "after", "After then"


def date_qualifier_field() -> models.CharField:
    return models.CharField(max_length=10, choices=DateQualifier, default=DateQualifier.EXACT)


def date_phrase_field() -> models.CharField:
    """The article's own words for a date, kept beside the resolved year."""
    return models.CharField(
        max_length=200,
        blank=True,
        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
    )


class PartyQuerySet(RecordQuerySet):
    def get_by_natural_key(self, slug: str) -> Party:
        return self.get(slug=slug)


class PartyManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_by_natural_key(self, slug: str) -> Party:
        return self.get(slug=slug)


class Party(Record):
    """Anything that can fund, be funded or hold a role: a person, organisation or venture.

    A party may stand for a group ("dozens of noodle shops", "three North Korean
    entrepreneurs"): ``is_group`` says so and ``group_size_*`` holds how many, as
    vaguely as the article gives it.
    """

    kind = models.CharField(max_length=12, choices=PartyKind, editable=False)
    name = models.CharField(max_length=200, help_text="Display name, as the articles write it.")
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_group = models.BooleanField(
        default=False, help_text="This record stands for several unnamed people or businesses."
    )
    group_size_low = models.PositiveIntegerField(
        null=True, blank=True, validators=COUNTS.validators()
    )
    group_size_high = models.PositiveIntegerField(
        null=True, blank=True, validators=COUNTS.validators()
    )
    group_size_qualifier = models.CharField(
        max_length=20, choices=Qualifier, default=Qualifier.UNKNOWN
    )
    group_size_text = models.CharField(
        max_length=100,
        blank=True,
        help_text='How the article counts them: "dozens", "nearly 30,000".',
    )
    # Derived by core.search from the name, aliases and description; never typed.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PartyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["publication_state", "visibility"]),
            # The drafts of each kind, which the admin index counts (up to 1,000) on every
            # view: 10-45 ms a kind at 200,000 ventures through the child tables' joins.
            models.Index(
                fields=["kind"], condition=Q(publication_state="draft"), name="people_party_drafts"
            ),
            # The public listings' order (name, then id) over the public parties only, so a
            # page of ventures, people or organisations is a walk of this index that stops
            # at the page's last row, not a sort of every match (issue 9). No ``kind`` in
            # it: the selectors order by name whatever the kind, and a walk skips the other
            # kinds' rows at the cost of a key lookup each.
            models.Index(
                fields=["name", "id"],
                condition=Q(publication_state="published", visibility="public"),
                name="people_party_public_name",
            ),
            # The latest public changes (the home page's "latest records", each sitemap
            # section's last change): the first rows of this index. On ``updated_at``
            # alone, records changed together (an import) were sorted by name all at
            # once: 150-190 ms for eight rows at national scale.
            models.Index(
                F("updated_at").desc(),
                F("name"),
                F("id"),
                condition=Q(publication_state="published", visibility="public"),
                name="people_party_public_changed",
            ),
            # How many public people, organisations and ventures there are (the home
            # page): one grouped read of this index. Counted kind by kind, each joined to
            # its own table, the three took ~190 ms at national scale, the ventures' 140
            # ms of it (a hash of 200,000 ventures).
            models.Index(
                fields=["kind"],
                condition=Q(publication_state="published", visibility="public"),
                name="people_party_public_kind",
            ),
        ]
        constraints = [
            *record_constraints(),
            *bounded_quantity_constraints("group_size", COUNTS),
            models.CheckConstraint(
                condition=Q(kind__in=PartyKind.values),
                name="people_party_kind_valid",
                violation_error_message=(
                    "A party is a person, an organisation or a venture; add it on the page for "
                    "its kind."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_group=True) | Q(group_size_qualifier=Qualifier.UNKNOWN),
                name="people_party_group_size_only_for_groups",
                violation_error_message=(
                    "Only a group has a group size; tick “is group” or clear the size."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def get_absolute_url(self) -> str:
        return reverse(PARTY_DETAIL_URLS[self.kind], kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # Saved through Party itself (party_kind ""), a row keeps the kind it has.
        if self.party_kind:
            self.kind = self.party_kind
        super().save(*args, **kwargs)

    party_kind = ""

    @property
    def specific(self) -> Party:
        """The Person, Organization or Venture row behind this party."""
        if type(self) is not Party:
            return self
        return getattr(self, self.kind)


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    ROMANISATION = "romanisation", "Romanisation"
    ACRONYM = "acronym", "Acronym"
    NATIVE_SCRIPT = "native_script", "Native script"
    FORMER_NAME = "former_name", "Former name"
    PSEUDONYM = "pseudonym", "Pseudonym"


class PartyAlias(Versioned):
    """Another name a party goes by: an acronym, a romanisation, a native-script name."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AliasKind, default=AliasKind.ALIAS)

    part_of = "party"
    history = HistoricalRecords()

    class Meta:
        ordering = ["party", "name"]
        verbose_name_plural = "party aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name"],
                name="people_alias_once_per_party",
                violation_error_message=(
                    "This record already has this alias; remove the repeated row."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AliasKind.values),
                name="people_alias_kind_valid",
                violation_error_message=(
                    "Choose what kind of alias this is from the list (romanisation, native "
                    "script, acronym…)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()} of {self.party})"


class Person(Party):
    """A named, pseudonymous or unnamed person; authors of sources are people too."""

    party_kind = PartyKind.PERSON

    native_name = models.CharField(max_length=200, blank=True, help_text="Name in Hangul.")
    is_pseudonym = models.BooleanField(
        default=False, help_text='The article gives an alias, e.g. "Kang Ho-dong (alias)".'
    )
    is_unnamed = models.BooleanField(
        default=False, help_text="The article does not name this person; the name describes them."
    )
    is_defector = models.BooleanField(
        default=False, help_text="The article says this person left North Korea."
    )
    birth_year_low = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    birth_year_high = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    age_as_stated = models.CharField(
        max_length=100, blank=True, help_text='As the article says it: "34", "in his 40s".'
    )
    origin_country = CountryField(blank=True)
    residence_country = CountryField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            # The people listing's country choices: each distinct pair, found by its
            # index (``core.facets.distinct_values``).
            models.Index(
                fields=["origin_country", "residence_country"], name="people_person_countries"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year_low__isnull=True)
                | Q(birth_year_high__isnull=True)
                | Q(birth_year_low__lte=F("birth_year_high")),
                name="people_person_birth_years_ordered",
                violation_error_message="The earliest birth year cannot be after the latest.",
            ),
            YEARS.within(
                "birth_year_low", "birth_year_high", name="people_person_birth_years_plausible"
            ),
            models.CheckConstraint(
                condition=Q(is_pseudonym=False) | Q(is_unnamed=False),
                name="people_person_pseudonym_or_unnamed",
                violation_error_message=(
                    "A person is either unnamed or known by a pseudonym, not both."
                ),
            ),
        ]

    @property
    def birth_years(self) -> str:
        low, high = self.birth_year_low, self.birth_year_high
        if low and high and low != high:
            return f"{low}–{high}"
        return str(low or high or "")


class OrganizationKind(models.TextChoices):
    NGO = "ngo", "NGO"
    FOUNDATION = "foundation", "Foundation"
    STATE_AGENCY = "state_agency", "State agency"
    STATE_INSTITUTE = "state_institute", "State-run institute"
    RESEARCH_INSTITUTE = "research_institute", "Research institute"
    COMPANY = "company", "Company"
    MEDIA_OUTLET = "media_outlet", "Media outlet"
    UNIVERSITY = "university", "University"
    POLITICAL_PARTY = "party", "Political party"
    INFORMAL_GROUP = "informal_group", "Informal group"
    OTHER = "other", "Other"


class Organization(Party):
    """An NGO, foundation, state body, company, media outlet, university, party or group."""

    party_kind = PartyKind.ORGANIZATION

    org_kind = models.CharField("kind", max_length=20, choices=OrganizationKind)
    country = CountryField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text='The organisation that runs or contains this one ("run by Hyundai Group").',
    )
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    founded_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    founded_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    founded_qualifier = date_qualifier_field()
    founded_as_stated = date_phrase_field()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["org_kind"]), models.Index(fields=["country"])]
        constraints = [
            *partial_date_constraints("founded"),
            models.CheckConstraint(
                condition=Q(org_kind__in=OrganizationKind.values),
                name="people_organization_kind_valid",
                violation_error_message="Choose the organisation's kind from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("party_ptr")),
                name="people_organization_not_own_parent",
                violation_error_message="An organisation cannot be its own parent.",
            ),
        ]

    @property
    def founded(self) -> PartialDate:
        return PartialDate.of(self, "founded")


def public_party_or_none(link: str) -> Q:
    """``link`` names no party, or a public one, asked by primary key for each row.

    Inside an OR, ``link__in=<public parties>`` cannot be a join: PostgreSQL hashes every
    public party (316,000 at national scale, 40 ms) before the first row of any list, a
    first page of five relations included. A scalar subquery by key (the same one
    ``core.api_lists.join_visible`` uses) is one index probe per row read.
    """
    return none_or_visible(link, Party.objects.public())


class RoleQuerySet(RecordQuerySet):
    def public(self) -> RoleQuerySet:
        """Public roles whose person and organisation are public too.

        Asked on the joined person's and organisation's rows (``public_through``): as
        ``organization__in=<public parties>``, PostgreSQL joined a second copy of the
        parties (or hashed every public one), the copy the list orders by was not known to
        be public, and a first page of roles sorted all 117,000 (0.6 s at national scale);
        asked on the join, it walks ``people_party_public_name`` and stops at the page.
        """
        return super().public().filter(public_through("person"), public_through("organization"))


class RoleKind(models.TextChoices):
    FOUNDER = "founder", "Founder"
    CO_FOUNDER = "co_founder", "Co-founder"
    CEO = "ceo", "CEO"
    HEAD = "head", "Head"
    CHAIR = "chair", "Chair"
    DIRECTOR = "director", "Director"
    LEADER = "leader", "Leader"
    STAFF = "staff", "Staff"
    FELLOW = "fellow", "Fellow"
    PROFESSOR = "professor", "Professor"
    DESIGNER = "designer", "Designer"
    MEMBER = "member", "Member"
    OTHER = "other", "Other"


class Role(Record):
    """A person's role in an organisation or venture, with partial start and end dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="member_roles",
        help_text="The organisation or venture the role is in.",
    )
    kind = models.CharField(max_length=20, choices=RoleKind)
    title = models.CharField(
        max_length=200, help_text='As the article words it: "research fellow".'
    )
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    start_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    end_day = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS.validators())
    start_qualifier = date_qualifier_field()
    start_as_stated = date_phrase_field()
    end_qualifier = date_qualifier_field()
    end_as_stated = date_phrase_field()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "person__name", "kind"]
        indexes = [models.Index(fields=["publication_state", "visibility"])]
        constraints = [
            *record_constraints(),
            *partial_date_constraints("start"),
            *partial_date_constraints("end"),
            models.CheckConstraint(
                condition=Q(kind__in=RoleKind.values),
                name="people_role_kind_valid",
                violation_error_message="Choose the role from the list (founder, head, CEO…).",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="people_role_start_before_end",
                violation_error_message="A role cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["person", "organization", "kind"],
                name="people_role_once_per_kind",
                violation_error_message=(
                    "This person already holds this role there; change the dates of that role "
                    "instead of adding it again."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}, {self.organization}"

    def clean(self) -> None:
        if self.organization_id and self.organization.kind == PartyKind.PERSON:
            raise ValidationError(
                {"organization": "A role is held in an organisation or venture, not a person."}
            )

    @property
    def start(self) -> PartialDate:
        return PartialDate.of(self, "start")

    @property
    def end(self) -> PartialDate:
        return PartialDate.of(self, "end")


class RelationKind(models.TextChoices):
    PARENT = "parent", "Parent organisation"
    OPERATOR = "operator", "Runs it"
    FOUNDER = "founder", "Founder"
    CO_FOUNDER = "co_founder", "Co-founder"
    BACKER = "backer", "Backer"
    PARTNER = "partner", "Joint-venture partner"


#: Each kind as what the related party is: "Hyundai Group, operator of …".
RELATED_ROLES = {
    RelationKind.PARENT: "parent organisation",
    RelationKind.OPERATOR: "operator",
    RelationKind.FOUNDER: "founder",
    RelationKind.CO_FOUNDER: "co-founder",
    RelationKind.BACKER: "backer",
    RelationKind.PARTNER: "joint-venture partner",
}


class PartyRelationQuerySet(RecordQuerySet):
    def public(self) -> PartyRelationQuerySet:
        """Public relations whose named ends are public too (an unnamed end stays)."""
        return super().public().filter(public_through("party"), public_party_or_none("related"))


class PartyRelation(Record):
    """A link between two organisations or ventures that is not a person's role.

    Read it as "``related`` is the ``kind`` of ``party``": Hyundai Group is the operator
    of the Asan Nanum Foundation; the two Koreas are co-founders of Pyongyang University
    of Science and Technology. ``related`` may be unnamed ("a government-backed agency"
    names no government): then ``related_description`` says who.
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=12, choices=RelationKind)
    related = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="related_to",
    )
    related_description = models.CharField(max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    start_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    start_qualifier = date_qualifier_field()
    start_as_stated = date_phrase_field()
    as_stated = models.CharField(
        max_length=200, help_text='The article\'s words: "run by conglomerate Hyundai Group".'
    )

    objects = PartyRelationQuerySet.as_manager()

    class Meta:
        ordering = ["party__name", "kind", "id"]
        indexes = [models.Index(fields=["publication_state", "visibility"])]
        constraints = [
            *record_constraints(),
            *partial_date_constraints("start"),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values),
                name="people_relation_kind_valid",
                violation_error_message="Choose the relation's kind from the list.",
            ),
            models.CheckConstraint(
                condition=Q(related__isnull=False) | ~Q(related_description=""),
                name="people_relation_related_named_or_described",
                violation_error_message=(
                    "Name the related party, or describe it when the article does not name it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(related__isnull=True) | ~Q(related=F("party")),
                name="people_relation_not_to_itself",
                violation_error_message="A relation links two different parties.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.related_label} — {self.get_kind_display().lower()} of {self.party}"

    @property
    def related_label(self) -> str:
        return str(self.related) if self.related_id else self.related_description

    @property
    def related_role(self) -> str:
        """What ``related`` is to ``party``, as a noun: "operator", "co-founder"."""
        return RELATED_ROLES[self.kind]

    def clean(self) -> None:
        for name in ("party", "related"):
            end = getattr(self, name) if getattr(self, f"{name}_id") else None
            if end is not None and end.kind == PartyKind.PERSON:
                raise ValidationError(
                    {name: "A relation links organisations or ventures; a person's part is a Role."}
                )

    @property
    def start(self) -> PartialDate:
        return PartialDate.of(self, "start")
