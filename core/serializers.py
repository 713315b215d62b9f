"""Serializer building blocks the apps' API serializers share.

- Compact summaries (``{id, name, url}``) and inline citations, which every app nests; they
  live on the shared floor so that no app imports another app's serializers against the
  model direction (people ← ventures ← sources), and no app reaches up into ``archive``.
- ``CleanModelSerializer``: writes validated as the admin validates them (``full_clean``,
  database constraints as 400s), in one transaction, with nested lists replaced wholesale.
- ``VisibleRelatedField``: a link written by id, to a record the writer may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from core.api import detail_url
from core.review import ADD, DELETE, row_change

#: The most rows a nested list in a write may hold (a party's aliases, a flow's goods):
#: far above any record the articles give, and low enough that one request cannot make
#: the archive clean and save thousands of rows (2,000 aliases once took over a minute).
MAX_NESTED = 100


class Summary(serializers.Serializer):
    """How one record names another: ``{id, name, url}``."""

    resource = ""

    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return str(obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return detail_url(self.context.get("request"), self.get_resource(obj), obj.pk)

    def get_resource(self, obj) -> str:
        return self.resource


class PartySummary(Summary):
    """A person, organisation or venture, with its ``type``."""

    type = serializers.CharField(source="kind", read_only=True)

    def get_resource(self, obj) -> str:
        return obj.kind


class PersonSummary(Summary):
    resource = "person"


class PlaceSummary(Summary):
    resource = "place"


class SectorSummary(Summary):
    resource = "sector"


class SourceSummary(Summary):
    resource = "source"


class CitationSerializer(serializers.Serializer):
    """A verbatim quote and the source it comes from."""

    id = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    source = SourceSummary(read_only=True)
    article_url = serializers.SerializerMethodField(help_text="The article's own address.")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, obj) -> str | None:
        return obj.source.url or None


# Writes ------------------------------------------------------------------------------


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A link written by id, to a record the writer may see (any other id is invalid)."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # An id the database could not even hold is a 400, not an overflow in the driver.
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < pk < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)

    def get_queryset(self):
        request = self.context.get("request")
        manager = self.model._default_manager
        if hasattr(manager, "visible_to"):
            return manager.visible_to(request.user if request else None)
        return manager.all()


class SlugLinkField(serializers.SlugRelatedField):
    """A link written by slug; a NUL byte is refused here, before PostgreSQL sees it."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def save_cleaned(instance, user, m2m: dict[str, Iterable] | None = None, children=()) -> None:
    """Validate as the admin does (``full_clean``), then save, in one transaction.

    ``children`` are ``(related_name, rows)`` to replace wholesale (aliases, goods…);
    each row is cleaned too. A constraint the database still refuses (a race on a
    unique slug) is a 400, never an IntegrityError 500.
    """
    non_editable = [field.name for field in instance._meta.fields if not field.editable]
    try:
        with transaction.atomic():
            instance.full_clean(exclude=non_editable)
            instance._history_user = user
            instance.save()
            for name, values in (m2m or {}).items():
                getattr(instance, name).set(values)
            for related_name, rows in children:
                manager = getattr(instance, related_name)
                for old in manager.all():
                    old._history_user = user
                    old.delete()
                for row in rows:
                    child = manager.model(**{manager.field.name: instance, **row})
                    try:
                        child.full_clean(exclude=[manager.field.name])
                    except DjangoValidationError as exc:
                        raise DjangoValidationError(
                            {related_name: [f"{row}: {m}" for m in exc.messages]}
                        ) from exc
                    child._history_user = user
                    child.save()
    except IntegrityError as exc:
        raise exceptions.ValidationError(
            {"non_field_errors": [integrity_reason(exc, type(instance))]}
        ) from exc


def integrity_reason(exc: IntegrityError, model) -> str:
    """What a refused write broke, in the archive's words, never a constraint's name.

    The constraint's own ``violation_error_message`` when the error names one of the
    model's constraints (or its parents'); otherwise a plain sentence.
    """
    text = str(exc)
    for owner in (model, *model._meta.get_parent_list()):
        for constraint in owner._meta.constraints:
            if constraint.name in text:
                return constraint.get_violation_error_message()
    if "unique" in text.lower() or "duplicate" in text.lower():
        return "Another record already has this value (a slug or name that must be unique)."
    return "The record breaks one of the archive's rules (a link or a value); nothing was saved."


class ArchiveModelSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """A model serializer that writes countries as their ISO 3166 codes."""


class CleanModelSerializer(ArchiveModelSerializer):
    """A write serializer that saves through ``save_cleaned``.

    ``children`` maps a nested list field to the related name it replaces.
    """

    children: dict[str, str] = {}

    def _split(self, validated_data):
        info = self.Meta.model._meta
        m2m = {
            field.name: validated_data.pop(field.name)
            for field in info.many_to_many
            if field.name in validated_data
        }
        children = [
            (related, validated_data.pop(field))
            for field, related in self.children.items()
            if field in validated_data
        ]
        return m2m, children

    def create(self, validated_data):
        m2m, children = self._split(validated_data)
        instance = self.Meta.model(**validated_data)
        save_cleaned(instance, self.context["request"].user, m2m, children)
        return instance

    def update(self, instance, validated_data):
        m2m, children = self._split(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        save_cleaned(instance, self.context["request"].user, m2m, children)
        return instance

    def proposal(self, instance) -> tuple[dict, list[dict]]:
        """What this valid write would change, as a pending revision holds it: the
        fields that differ from the record, and the nested rows it adds and deletes.

        Checked as ``save_cleaned`` checks a write (``full_clean`` of the record and of
        each new row, a 400 naming the field), on a copy: nothing is written.
        """
        data = dict(self.validated_data)
        m2m, children = self._split(data)
        model = type(instance)
        values = {
            name: value
            for name, value in data.items()
            if _differs(model._meta.get_field(name), instance, value)
        }
        for name, chosen in m2m.items():
            now = sorted(getattr(instance, name).values_list("pk", flat=True))
            if sorted(obj.pk for obj in chosen) != now:
                values[name] = chosen
        copy = model._base_manager.get(pk=instance.pk)
        for name, value in data.items():
            setattr(copy, name, value)
        copy.full_clean(exclude=[field.name for field in model._meta.fields if not field.editable])
        rows = []
        for related_name, given in children:
            rows += _row_changes(instance, related_name, given)
        return values, rows


def _differs(field, instance, value) -> bool:
    if field.is_relation:
        return getattr(instance, field.attname) != (None if value is None else value.pk)
    return getattr(instance, field.attname) != value


def _row_changes(instance, related_name: str, given: list[dict]) -> list[dict]:
    """The rows a wholesale replacement adds and deletes: a given row equal to a stored
    one (every field, defaults included) leaves that row as it is."""
    manager = getattr(instance, related_name)
    model, link = manager.model, manager.field.name
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != link
    ]

    def values_of(row) -> list:
        return [getattr(row, field.attname) for field in fields]

    stored = list(manager.all())
    changes = []
    for values in given:
        child = model(**{link: instance, **values})
        try:
            child.full_clean(exclude=[link])
        except DjangoValidationError as exc:
            raise DjangoValidationError(
                {related_name: [f"{values}: {m}" for m in exc.messages]}
            ) from exc
        same = next((row for row in stored if values_of(row) == values_of(child)), None)
        if same is not None:
            stored.remove(same)
        else:
            changes.append(row_change(model, link, ADD, values=values))
    changes += [row_change(model, link, DELETE, row=row) for row in stored]
    return changes
