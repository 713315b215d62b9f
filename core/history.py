"""A first version for records that reached the database without history.

django-simple-history records ``save()`` and ``delete()``, but ``loaddata`` saves raw
and skips it, and so do bulk writes: every record loaded from the fixtures starts with
no history. Its first recorded change would then have nothing to be compared with, and
no version to restore. ``record_baseline`` stores the row as it is before that change,
dated when the row last changed, with no user and a reason that says what it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model
from simple_history.utils import get_history_manager_for_model

BASELINE_REASON = "As stored before history was kept"


def record_baseline(records: Iterable[Model]) -> None:
    """Store a first version of each saved record that has no history yet."""
    by_model: dict[type[Model], set] = defaultdict(set)
    for record in records:
        if record.pk is not None:
            by_model[type(record)].add(record.pk)
    for model, pks in by_model.items():
        history = get_history_manager_for_model(model)
        key = model._meta.pk.attname
        known = set(history.filter(**{f"{key}__in": pks}).values_list(key, flat=True))
        stored = list(model._default_manager.filter(pk__in=pks - known))
        for row in stored:
            row._history_user = None
            row._history_date = getattr(row, "updated_at", None) or getattr(row, "created_at", None)
            if row._history_date is None:
                del row._history_date
        if stored:
            history.bulk_history_create(stored, default_change_reason=BASELINE_REASON)
