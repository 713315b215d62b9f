"""core: the tables as the replaced migrations left them, built at once.

A new database runs this squash, not the history it replaces: one ``CreateModel``
per table, with the fields, indexes and constraints the history left it, in the order
it left them (so SQLite names the same constraint when a row breaks two), then the
operations the model state does not describe, carried from the replaced migrations
(``core.migration_operations.carried``). A database that applied them all is marked
as having applied this; one that applied part of them goes on through the history.
"""

import core.records
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("core", "0001_feed_outbox"),
        ("core", "0002_name_keys"),
        ("core", "0003_feed_face"),
        ("core", "0004_revisions"),
        ("core", "0005_feed_constraint_messages"),
        ("core", "0006_revision_rows"),
    ]

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedEvent",
            fields=[
                ("position", models.BigAutoField(primary_key=True, serialize=False)),
                ("resource", models.CharField(max_length=40)),
                ("public_id", models.BigIntegerField()),
                (
                    "op",
                    models.CharField(
                        choices=[("upsert", "Upsert"), ("remove", "Remove")], max_length=6
                    ),
                ),
                ("data", models.JSONField(blank=True, null=True)),
                ("digest", models.CharField(blank=True, max_length=64)),
                ("changed_at", models.DateTimeField(default=core.records.now)),
                ("face", models.CharField(blank=True, max_length=64)),
            ],
            options={
                "ordering": ["position"],
                "indexes": [
                    models.Index(fields=["changed_at"], name="core_feedev_changed_e25f01_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("resource", "public_id"),
                        name="core_feedevent_one_per_record",
                        violation_error_message="The feed keeps one event per record; replace it.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("op__in", ["upsert", "remove"])),
                        name="core_feedevent_op_valid",
                        violation_error_message="A feed event is an upsert or a remove.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="NameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("record_id", models.BigIntegerField()),
                ("key", models.CharField(max_length=200)),
                ("whole", models.BooleanField(default=False)),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["kind", "key"],
                        name="core_namekey_prefix",
                        opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                    ),
                    models.Index(fields=["kind", "record_id"], name="core_namekey_record"),
                ],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "base_version",
                    models.PositiveIntegerField(
                        help_text="The record's version when the change was made; approval needs it unchanged."
                    ),
                ),
                (
                    "changes",
                    models.JSONField(
                        help_text="Field name → proposed value, as the field writes it to text."
                    ),
                ),
                ("reason", models.TextField(help_text="Why the archivist made the change.")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_reason", models.TextField(blank=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decided_revisions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "rows",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The record's rows added, changed or deleted: model, link to the record, action, row id and version, proposed fields.",
                    ),
                ),
            ],
            options={
                "verbose_name": "change waiting for review",
                "verbose_name_plural": "review queue",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["state", "content_type", "object_id"],
                        name="core_revisi_state_236cb7_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("state__in", ["pending", "approved", "rejected"])),
                        name="core_revision_state_valid",
                        violation_error_message="A revision waits, or is approved or rejected.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("state", "pending"),
                            models.Q(("decided_at__isnull", False), ("decided_by__isnull", False)),
                            _connector="OR",
                        ),
                        name="core_revision_decision_has_editor",
                        violation_error_message="An approved or rejected revision names its Editor.",
                    ),
                ],
            },
        ),
    ]
