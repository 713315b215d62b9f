"""The shared floor's one table: the search index of name keys (see ``core.search``)."""

from django.db import models


class NameKey(models.Model):
    """One spelling-folded key of one record's name, read from one of its words on.

    "Kaeseong Industrial Complex" is stored as ``gesongindosdrialcomblex``,
    ``indosdrialcomblex`` and ``comblex`` (``core.search.name_keys``), so a query
    matches any word start of any name by a btree prefix scan instead of a
    substring search over every name. ``kind`` and ``record_id`` name the record the
    way ``core.search.register_refresher`` was told ("party", "place"); there is no
    foreign key because the shared floor knows no domain model. The refreshers keep
    the rows in step with the names, and ``whole`` marks the key of a whole name
    (variant expansion matches whole place names only).
    """

    kind = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    key = models.CharField(max_length=200)
    whole = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # varchar_pattern_ops: LIKE 'prefix%' can use the index under any collation.
            models.Index(
                fields=["kind", "key"],
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                name="core_namekey_prefix",
            ),
            models.Index(fields=["kind", "record_id"], name="core_namekey_record"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.key}"
