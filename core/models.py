"""The core's own tables: the changes feed's outbox (the logic is in ``core.outbox``)."""

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
