"""The resources this app owns, declared once for the router, the dump, the sitemap and tests."""

from core.registry import Resource, register
from people import selectors
from people.api import OrganizationViewSet, PartyRelationViewSet, PersonViewSet, RoleViewSet
from people.models import Organization, PartyRelation, Person, Role

register(
    Resource(
        name="person",
        path="people",
        noun="person",
        plural="people",
        model=Person,
        selector=selectors.people_for,
        records=selectors.person_records,
        viewset=PersonViewSet,
        site="people",
        position=20,
    ),
    Resource(
        name="organization",
        path="organizations",
        noun="organisation",
        plural="organisations",
        model=Organization,
        selector=selectors.organisations_for,
        records=selectors.organisation_records,
        viewset=OrganizationViewSet,
        site="organisations",
        position=30,
    ),
    Resource(
        name="role",
        path="roles",
        noun="role",
        plural="roles",
        model=Role,
        selector=selectors.roles_for,
        records=selectors.role_records,
        viewset=RoleViewSet,
        position=50,
    ),
    Resource(
        name="party-relation",
        path="party-relations",
        noun="relation",
        plural="relations between parties",
        model=PartyRelation,
        selector=selectors.party_relations_for,
        records=selectors.party_relation_records,
        viewset=PartyRelationViewSet,
        position=55,
    ),
)
