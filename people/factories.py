"""factory_boy factories for parties, aliases, roles and relations between parties.

Every factory builds a published, public record whose defaults satisfy every
database constraint, so a test states only what it is about.
"""

import factory

from core.records import PublicationState, Visibility
from people.models import (
    AliasKind,
    Organization,
    OrganizationKind,
    PartyAlias,
    PartyRelation,
    Person,
    RelationKind,
    Role,
    RoleKind,
)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Kim Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC
    origin_country = "KP"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC
    org_kind = OrganizationKind.NGO
    country = "KR"


class PartyAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyAlias

    party = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    kind = AliasKind.ALIAS


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = RoleKind.FOUNDER
    title = "founder"
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC


class PartyRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyRelation

    party = factory.SubFactory(OrganizationFactory)
    kind = RelationKind.OPERATOR
    related = factory.SubFactory(OrganizationFactory)
    as_stated = "run by a conglomerate"
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC
