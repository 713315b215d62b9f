"""What every import and export of the archive shares (django-import-export).

An imported row is checked the way the admin checks a form: the model's ``full_clean``
(field rules, ``clean()``, uniqueness and check constraints) and the review rule, so a
bad row is a row error in the preview rather than a failed request. Any error rolls
back the whole file: an archivist never has to work out which half of a file landed.
Links are written and read as slugs, which a person can type and check.
"""

from __future__ import annotations

import json

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model
from import_export import resources, widgets

from core.history import record_baseline
from core.review import needs_review, propose
from core.search import STORED_COLUMNS
from core.services import ReviewState, review_refusals

#: Never exported: the columns search keeps for itself.
DERIVED = STORED_COLUMNS
ROWS_WAIT = (
    "This record is published, so a change to its {column} waits for an Editor's review: "
    "change them on its admin page, where you can say why, or ask an Editor to import the file."
)
#: The reason a change proposed by an import gives its reviewer.
IMPORTED = "Imported from a CSV file."


class SlugWidget(widgets.ForeignKeyWidget):
    """A link read and written as the target's slug; an unknown slug is a row error."""

    def __init__(self, model: type[Model], **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} has the slug {value!r}."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Several links as slugs separated by "|"; an unknown slug is a row error."""

    def __init__(self, model: type[Model], **kwargs):
        super().__init__(model, field="slug", separator="|", **kwargs)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {slug.strip() for slug in str(value or "").split(self.separator) if slug.strip()}
        missing = wanted - {obj.slug for obj in found}
        if missing:
            raise ValueError(
                f"No {self.model._meta.verbose_name} has the slug "
                + ", ".join(repr(slug) for slug in sorted(missing))
                + "."
            )
        return found


class ArchiveResource(resources.ModelResource):
    """Export for any model: every column except the derived search columns."""

    class Meta:
        exclude = DERIVED


def export_resource(model: type[Model]) -> type[ArchiveResource]:
    """The export resource of a model that declares none of its own."""
    names = {field.name for field in model._meta.get_fields()}
    return resources.modelresource_factory(
        model,
        resource_class=ArchiveResource,
        meta_options={"exclude": [name for name in DERIVED if name in names]},
    )


def carried(instance) -> dict[str, list[dict]]:
    return getattr(instance, "_carried", {})


def changed_links(stored, given: dict[str, list]) -> dict[str, list]:
    """Of the many-to-many columns a row gives (attribute → records), those whose records
    differ from the stored record's."""
    if stored is None:
        return {}
    return {
        name: records
        for name, records in given.items()
        if {obj.pk for obj in records} != {obj.pk for obj in getattr(stored, name).all()}
    }


def waiting_message(waiting: list[tuple[int, str]], *, confirmed: bool) -> str:
    """What an import says of its rows that wait for review ("" when none): in the
    preview, what confirming will do; after it, what it did."""
    if not waiting:
        return ""
    rows = [f"{number} ({name})" for number, name in waiting]
    if len(rows) == 1:
        which = f"Row {rows[0]} changes a published record"
    else:
        which = f"Rows {', '.join(rows[:-1])} and {rows[-1]} change published records"
    now = "nothing has changed yet" if confirmed else "confirming changes nothing yet"
    return f"{which}: {now}; each change waits for an Editor's review in the review queue."


class RecordResource(resources.ModelResource):
    """Import and export of a record: checked like the admin form, all rows or none.

    ``import_data`` receives ``user`` (the admin passes it): it decides whether a row
    may publish, and history records it as the author of each change. A row that would
    change a published record someone may not publish (an Archivist) changes nothing: it
    becomes a pending revision for an Editor's review, as the admin form's change does
    (``core.review.propose``), its fields and links; ``Result.waiting`` says which rows.
    """

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_user_visible_fields(self):
        # The import page lists the columns it reads; exported-only ones are not among them.
        return [field for field in super().get_user_visible_fields() if not field.readonly]

    def import_data(self, dataset, **kwargs):
        # One bad row rolls back every row, validation errors included.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        self.waiting = []
        result = super().import_data(dataset, **kwargs)
        result.waiting = waiting_message(self.waiting, confirmed=not kwargs.get("dry_run"))
        return result

    def import_instance(self, instance, row, **kwargs):
        before = None if instance._state.adding else ReviewState.of(instance)
        stored = (
            None if instance._state.adding else type(instance)._default_manager.get(pk=instance.pk)
        )
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        links = {}
        for field in self.get_import_fields():
            # Many-to-many columns are saved after the row; check their slugs now,
            # so an unknown one is this row's error and not a failed import.
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    links[field.attribute] = list(field.clean(row, **kwargs))
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(str(error))
        errors |= self.read_carried(instance, row)
        after = ReviewState.of(instance)
        for field, reason in review_refusals(kwargs.get("user"), before, after).items():
            errors.setdefault(field, []).append(reason)
        changed = self.changed_fields(stored, instance)
        links = {} if errors else changed_links(stored, links)
        if (changed or links) and needs_review(kwargs.get("user"), stored):
            rows = [name for name in changed if name in self.carried_columns]
            for column in rows:
                errors.setdefault(column, []).append(ROWS_WAIT.format(column=column))
            fields = {name: getattr(instance, name) for name in changed if name not in rows}
            instance._proposed = (stored, fields | links)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        proposed = getattr(instance, "_proposed", None)
        if proposed is None:
            return super().save_instance(instance, is_create, row, **kwargs)
        # Nothing of the record changes until an Editor approves (in a dry run the
        # revision is rolled back with the rest).
        stored, values = proposed
        propose(
            stored, values, user=kwargs.get("user"), reason=IMPORTED, base_version=stored.version
        )
        self.waiting.append((kwargs.get("row_number"), str(stored)))
        return None

    def save_m2m(self, instance, row, **kwargs):
        if getattr(instance, "_proposed", None) is None:
            super().save_m2m(instance, row, **kwargs)

    def changed_fields(self, stored, instance) -> list[str]:
        """The imported columns whose value differs from the stored record's."""
        if stored is None:
            return []
        names = [
            column
            for column, rows in carried(instance).items()
            if rows != self.carried_rows(column, stored)
        ]
        for field in self.get_import_fields():
            attribute = field.attribute
            if not attribute or isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            if getattr(stored, attribute, None) != getattr(instance, attribute, None):
                names.append(attribute)
        return names

    # Rows that belong to a record (a flow's goods, its citations) travel in one cell
    # each, as a JSON list, so a file holds the whole record. A subclass names each
    # column in ``carried_columns`` and implements ``carried_rows`` (export),
    # ``parse_carried`` (check a cell, raising ValueError in the archivist's words) and
    # ``write_carried`` (replace the record's rows with the file's).

    carried_columns: tuple[str, ...] = ()

    def carried_rows(self, column: str, record) -> list[dict]:
        raise NotImplementedError

    def parse_carried(self, column: str, rows: list, instance) -> list[dict]:
        raise NotImplementedError

    def write_carried(self, column: str, rows: list[dict], instance) -> None:
        raise NotImplementedError

    def export_field(self, field, instance, **kwargs):
        if field.column_name in self.carried_columns:
            return json.dumps(self.carried_rows(field.column_name, instance), ensure_ascii=False)
        return super().export_field(field, instance, **kwargs)

    def read_carried(self, instance, row) -> dict[str, list[str]]:
        """Parse the carried cells of ``row`` onto ``instance``; the errors by column."""
        errors = {}
        instance._carried = {}
        for column in self.carried_columns:
            cell = (row.get(column) or "").strip() if column in row else None
            if cell is None:
                continue
            try:
                rows = json.loads(cell or "[]")
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise ValueError("a list of rows in JSON, like the export writes")
                instance._carried[column] = self.parse_carried(column, rows, instance)
            except json.JSONDecodeError:
                errors[column] = [f"The {column} cell is not JSON: write it as the export does."]
            except ValueError as error:
                errors[column] = [f"The {column} cell needs {error}."]
        return errors

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if any(
            rows != self.carried_rows(column, original)
            for column, rows in carried(instance).items()
            if original is not None and original.pk is not None
        ):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        for column, rows in carried(instance).items():
            if rows != self.carried_rows(column, instance):
                self.write_carried(column, rows, instance)
        super().after_save_instance(instance, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance._state.adding:
            record_baseline([instance])
        instance._history_user = kwargs.get("user")
        instance._change_reason = "Imported"
