"""Writes over parties that touch several tables: merging two records of one party.

The same person often reaches the archive twice, under two romanisations ("Ji Seong-ho",
"Ji Seong Ho"). ``merge_parties`` folds the duplicate into the survivor: every link moves,
the duplicate's name becomes an alias, and the duplicate is deleted, in one transaction.

Every row is moved with ``save()`` or ``delete()`` rather than ``QuerySet.update()``, so
django-simple-history records each move with the user and a reason naming both records.
Many-to-many authorship has no history of its own; the source is saved after its
authors change, so its history shows when and why.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from core.history import record_baseline
from people.models import AliasKind, Party, PartyAlias, PartyKind, Role

MERGEABLE_KINDS = (PartyKind.PERSON, PartyKind.ORGANIZATION)

# Every link into a party that ``merge_parties`` moves. A link added later that is not
# listed here makes a merge refuse rather than let the delete cascade over its rows.
MOVED_LINKS = {
    "aliases",
    "citations",
    "roles",
    "member_roles",
    "flows_out",
    "flows_in",
    "authored_sources",
    "published_sources",
    "children",
    "operated_ventures",
}


class MergeError(Exception):
    """The two records cannot be merged as they stand; the message says what to fix."""


def merge_parties(
    survivor: Party, duplicate: Party, user, alias_kind: str = AliasKind.ALIAS
) -> Party:
    """Fold ``duplicate`` into ``survivor`` and delete it; returns the survivor.

    Aliases, roles, flows (as funder and recipient), citations, authorship, publishing,
    child organisations and operated ventures move to the survivor; blank text fields of
    the survivor take the duplicate's values; the duplicate's name becomes an alias of
    ``alias_kind``. Rows that would repeat one the survivor already has (the same alias,
    the same role, the same quote from the same source) are deleted instead of moved.
    """
    survivor, duplicate = survivor.specific, duplicate.specific
    reason = f"Merged “{duplicate}” (#{duplicate.pk}) into “{survivor}” (#{survivor.pk})"

    def save(obj: Model) -> None:
        record_baseline([obj])
        obj._history_user = user
        obj._change_reason = reason
        obj.save()

    def delete(obj: Model) -> None:
        record_baseline([obj])
        obj._history_user = user
        obj._change_reason = reason
        obj.delete()

    with transaction.atomic():
        # Two merges of the same records at once must not both move the links.
        list(Party.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk]))
        survivor.refresh_from_db()
        duplicate.refresh_from_db()
        _check_mergeable(survivor, duplicate)
        _move_aliases(survivor, duplicate, alias_kind, save, delete)
        _move_roles(survivor, duplicate, save, delete)
        _move_citations(survivor, duplicate.citations.all(), save, delete)
        for flow in duplicate.flows_out.all():
            flow.funder = survivor
            save(flow)
        for flow in duplicate.flows_in.all():
            flow.recipient = survivor
            save(flow)
        for venture in duplicate.operated_ventures.all():
            venture.operated_by = survivor
            save(venture)
        if survivor.kind == PartyKind.PERSON:
            for source in duplicate.authored_sources.all():
                source.authors.remove(duplicate)
                source.authors.add(survivor)
                save(source)
        else:
            _move_organisation_links(survivor, duplicate, save)
        _fill_blanks(survivor, duplicate)
        save(survivor)
        delete(duplicate)
    return survivor


def _check_mergeable(survivor: Party, duplicate: Party) -> None:
    if survivor.pk == duplicate.pk:
        raise MergeError("A record cannot be merged into itself.")
    if survivor.kind != duplicate.kind or survivor.kind not in MERGEABLE_KINDS:
        raise MergeError("Only two people or two organisations can be merged.")
    if (
        duplicate.flows_out.filter(recipient=survivor).exists()
        or duplicate.flows_in.filter(funder=survivor).exists()
    ):
        raise MergeError(
            f"A funding flow runs between “{survivor}” and “{duplicate}”; merged, it would "
            "fund itself. Correct or delete that flow first."
        )
    for relation in type(duplicate)._meta.related_objects:
        name = relation.get_accessor_name()
        if name in MOVED_LINKS:
            continue
        linked = (
            hasattr(duplicate, name) if relation.one_to_one else getattr(duplicate, name).exists()
        )
        if linked:
            raise MergeError(
                f"“{duplicate}” is linked from {relation.related_model._meta.verbose_name_plural}"
                " in a way a merge does not move yet; move those links by hand first."
            )


def _move_aliases(survivor, duplicate, alias_kind, save, delete) -> None:
    names = {survivor.name, *survivor.aliases.values_list("name", flat=True)}
    for alias in duplicate.aliases.all():
        if alias.name in names:
            delete(alias)
            continue
        alias.party = survivor
        save(alias)
        names.add(alias.name)
    if duplicate.name not in names:
        save(PartyAlias(party=survivor, name=duplicate.name, kind=alias_kind))
        names.add(duplicate.name)
    native = getattr(duplicate, "native_name", "")
    if native and survivor.native_name and native != survivor.native_name and native not in names:
        save(PartyAlias(party=survivor, name=native, kind=AliasKind.NATIVE_SCRIPT))


def _move_roles(survivor, duplicate, save, delete) -> None:
    """Roles the duplicate holds (a person's) and roles held in it (an organisation's)."""
    moves = [(role, "person") for role in getattr(duplicate, "roles", Role.objects.none()).all()]
    moves += [(role, "organization") for role in duplicate.member_roles.all()]
    for role, end in moves:
        # One role per (person, organisation, kind): an identical role merges into it.
        ends = {"person_id": role.person_id, "organization_id": role.organization_id}
        ends[f"{end}_id"] = survivor.pk
        same = Role.objects.filter(**ends, kind=role.kind).first()
        if same is not None:
            _move_citations(same, role.citations.all(), save, delete, target_field="role")
            delete(role)
        else:
            setattr(role, end, survivor)
            save(role)


def _move_citations(target, citations, save, delete, target_field: str = "party") -> None:
    kept = {
        (source_id, " ".join(quote.split()))
        for source_id, quote in target.citations.values_list("source_id", "quote")
    }
    for citation in citations:
        key = (citation.source_id, " ".join(citation.quote.split()))
        if key in kept:
            delete(citation)
            continue
        setattr(citation, target_field, target)
        save(citation)
        kept.add(key)


def _move_organisation_links(survivor, duplicate, save) -> None:
    for child in duplicate.children.all():
        if child.pk == survivor.pk:
            continue
        child.parent = survivor
        save(child)
    if survivor.parent_id == duplicate.pk:
        # The survivor was filed under its own duplicate: it takes the duplicate's parent.
        survivor.parent_id = duplicate.parent_id if duplicate.parent_id != survivor.pk else None
    for source in duplicate.published_sources.all():
        source.publisher = survivor
        save(source)


def _fill_blanks(survivor, duplicate) -> None:
    """Text the survivor lacks and the duplicate has: a description, a country, an age."""
    for field in type(survivor)._meta.concrete_fields:
        if not field.editable or (field.choices and not field.blank):
            continue
        if field.get_internal_type() not in ("CharField", "TextField"):
            continue
        # str(): a country field holds a Country object, "" when unset.
        theirs = getattr(duplicate, field.attname)
        if str(getattr(survivor, field.attname) or "") == "" and str(theirs or ""):
            setattr(survivor, field.attname, theirs)
    parent_id = getattr(duplicate, "parent_id", None)
    if getattr(survivor, "parent_id", None) is None and parent_id not in (None, survivor.pk):
        survivor.parent_id = parent_id
