"""Records read from the database, built at the cost of their columns.

``Model.from_db`` builds every row a query reads through ``Model.__init__``: the
positional arguments matched to the fields one by one, a ``setattr`` per column through
the field's descriptor, and the ``pre_init`` and ``post_init`` signals. For a list of
fifty flows with their conversions, goods and citations that is about 250 rows a
request, a tenth of the API list's time (docs/BENCHMARKS.md).

``load`` builds the same instance directly: the loaded columns go into the instance's
``__dict__`` in one update, as ``__init__`` would leave them. What ``__init__`` does
beyond that is kept:

- a column whose descriptor converts what is set (a ``CountryField`` cleans its code)
  is still set through it;
- a column left out of the query (``defer``, ``only``) is still deferred, loaded when read;
- both signals are still sent: the outbox remembers a row's ends as loaded on
  ``post_init`` (``core.outbox``), so that a later save marks where it was as well as
  where it is.

A model with an ``__init__`` of its own is built by it, as before.
"""

from __future__ import annotations

from django.db.models import Model
from django.db.models.base import DEFERRED, ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

#: Per model: the attribute names whose descriptor converts what is set, or None when
#: the model builds its rows itself.
_converted: dict[type[Model], frozenset[str] | None] = {}


def _converting(model: type[Model]) -> frozenset[str] | None:
    if model not in _converted:
        if model.__init__ is not Model.__init__:
            _converted[model] = None
        else:
            _converted[model] = frozenset(
                field.attname
                for field in model._meta.concrete_fields
                if hasattr(type(getattr(model, field.attname, None)), "__set__")
                and not isinstance(getattr(model, field.attname), ForeignKeyDeferredAttribute)
            )
    return _converted[model]


def load(model: type[Model], db: str, field_names, values) -> Model:
    """The instance ``Model.from_db(db, field_names, values)`` gives, built directly."""
    converting = _converting(model)
    if converting is None:
        return Model.from_db.__func__(model, db, field_names, values)
    pre_init.send(sender=model, args=values, kwargs={})
    record = model.__new__(model)
    state = record._state = ModelState()
    loaded = record.__dict__
    for name, value in zip(field_names, values, strict=True):
        if value is DEFERRED:
            continue
        if name in converting:
            setattr(record, name, value)
        else:
            loaded[name] = value
    post_init.send(sender=model, instance=record)
    state.adding = False
    state.db = db
    return record
