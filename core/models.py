"""The core's own tables: the changes feed's outbox (its logic is in ``core.outbox``) and
the search index of name keys (``core.search``)."""

from django.db import models
from django.utils import timezone


class FeedOp(models.TextChoices):
    UPSERT = "upsert", "Upsert"
    REMOVE = "remove", "Remove"


class FeedEvent(models.Model):
    """The latest public change of one record, at its place in the feed.

    Written by ``core.outbox`` in the transaction that changed the record. A record has
    at most one row: a newer change deletes the older row and takes a new ``position``
    (log compaction, as in Kafka's compacted topics), so the feed read from the start is
    as long as the number of records ever public, and never serves a state that was
    later hidden.
    """

    #: Allocated in commit order (see ``core.outbox``): a reader may resume after any
    #: position it was given. AUTOINCREMENT on SQLite, a bigint identity on PostgreSQL,
    #: so a number is never handed out twice even after its row is compacted away.
    position = models.BigAutoField(primary_key=True)
    resource = models.CharField(max_length=40)
    public_id = models.BigIntegerField()
    op = models.CharField(max_length=6, choices=FeedOp)
    #: The record as an anonymous reader gets it from its detail endpoint, with links
    #: relative to the API's host; null for a removal.
    data = models.JSONField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "public_id"], name="core_feedevent_one_per_record"
            ),
            models.CheckConstraint(
                condition=models.Q(op__in=FeedOp.values), name="core_feedevent_op_valid"
            ),
        ]
        indexes = [models.Index(fields=["changed_at"])]

    def __str__(self) -> str:
        return f"{self.position}: {self.op} {self.resource} {self.public_id}"


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
