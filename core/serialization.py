"""Django's JSON serializer, able to dump history that outlives its records.

A history row (django-simple-history) keeps the id of the record it describes after that
record is deleted: its foreign keys have no database constraint, on purpose. Django's
serializer, asked for natural foreign keys (``dumpdata --natural-foreign``, which the
backups need for users' and groups' permissions), looks up every related record to ask
its natural key, and the first history row of a deleted party stops the whole dump.

Here such a key is written as the raw id instead: exactly what the history row holds,
and what ``loaddata`` reads back (it accepts an id where a natural key may stand).

Django's JSON encoder also cuts times to the millisecond. The change feed orders events
by their microsecond timestamps, so a restored archive would renumber its feed; here
times are written whole.

Installed as the ``json`` format by ``SERIALIZATION_MODULES`` in settings, so
``manage.py dumpdata`` and the backup service both use it.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, keeping the microseconds of times."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def handle_fk_field(self, obj, field):
        if field.db_constraint:
            super().handle_fk_field(obj, field)
            return
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = self._value_from_field(obj, field)


Deserializer = json.Deserializer
