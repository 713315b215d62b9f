"""sources: the tables as the replaced migrations left them, built at once.

A new database runs this squash, not the history it replaces: one ``CreateModel``
per table, with the fields, indexes and constraints the history left it, in the order
it left them (so SQLite names the same constraint when a row breaks two), then the
operations the model state does not describe, carried from the replaced migrations
(``core.migration_operations.carried``). A database that applied them all is marked
as having applied this; one that applied part of them goes on through the history.
"""

import core.records
import django.core.validators
import django.db.models.deletion
import simple_history.models
import sources.models
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import carried


class Migration(migrations.Migration):
    replaces = [
        ("sources", "0001_initial"),
        ("sources", "0002_record_versions"),
        ("sources", "0003_constraint_messages"),
        ("sources", "0004_source_file_name_help"),
        ("sources", "0005_support_additions_statements"),
        ("sources", "0006_choice_and_unique_messages"),
        ("sources", "0007_review_groups_relations_statements"),
        ("sources", "0008_public_source_order"),
        ("sources", "0009_quote_trigrams"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_squashed_0006_revision_rows"),
        ("people", "0001_squashed_0015_person_countries_index"),
        ("ventures", "0001_squashed_0016_flow_end_summary"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSource",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "publication_state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Public"), ("restricted", "Restricted")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                (
                    "updated_at",
                    models.DateTimeField(db_index=True, default=core.records.now, editable=False),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=200)),
                (
                    "published_on",
                    models.DateField(blank=True, help_text="Empty when undated.", null=True),
                ),
                (
                    "url",
                    models.URLField(blank=True, help_text="Empty when unknown.", max_length=500),
                ),
                (
                    "language",
                    models.CharField(default="en", help_text="BCP 47 code.", max_length=10),
                ),
                ("section", models.CharField(blank=True, max_length=200)),
                ("full_text", models.TextField()),
                (
                    "file_name",
                    models.CharField(
                        blank=True,
                        help_text="The article's file in fixtures/articles/ (settings.ARTICLES_DIR).",
                        max_length=100,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "publisher",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty when the article has no publisher line.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.organization",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "written_from_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "written_to_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "written_years_reason",
                    models.TextField(
                        blank=True,
                        help_text="For an undated article: why it was written in these years.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "publication_state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Public"), ("restricted", "Restricted")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                (
                    "updated_at",
                    models.DateTimeField(db_index=True, default=core.records.now, editable=False),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "published_on",
                    models.DateField(blank=True, help_text="Empty when undated.", null=True),
                ),
                (
                    "url",
                    models.URLField(blank=True, help_text="Empty when unknown.", max_length=500),
                ),
                (
                    "language",
                    models.CharField(default="en", help_text="BCP 47 code.", max_length=10),
                ),
                ("section", models.CharField(blank=True, max_length=200)),
                ("full_text", models.TextField()),
                (
                    "file_name",
                    models.CharField(
                        blank=True,
                        help_text="The article's file in fixtures/articles/ (settings.ARTICLES_DIR).",
                        max_length=100,
                    ),
                ),
                (
                    "authors",
                    models.ManyToManyField(
                        blank=True, related_name="authored_sources", to="people.person"
                    ),
                ),
                (
                    "publisher",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the article has no publisher line.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="published_sources",
                        to="people.organization",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "written_from_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "written_to_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "written_years_reason",
                    models.TextField(
                        blank=True,
                        help_text="For an undated article: why it was written in these years.",
                    ),
                ),
            ],
            options={
                "ordering": ["-published_on", "title"],
                "indexes": [
                    models.Index(fields=["published_on"], name="sources_sou_publish_2ae31e_idx"),
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="sources_sou_publica_98f367_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="sources_source_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="sources_source_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("full_text", ""), _negated=True),
                        name="sources_source_has_text",
                        violation_error_message="A source needs its full text.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCitation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("quote", models.TextField(help_text="Verbatim from the source's text.")),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "flow",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.place",
                    ),
                ),
                (
                    "role",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.role",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "fields",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Which fields of the record this quote supports, e.g. name, kind, amount, basis. sources.support checks that a quote supporting a name, an amount or a date contains it.",
                    ),
                ),
                (
                    "relation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.partyrelation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical citation",
                "verbose_name_plural": "historical citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quote", models.TextField(help_text="Verbatim from the source's text.")),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                (
                    "flow",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="ventures.place",
                    ),
                ),
                (
                    "role",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="people.role",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="citations",
                        to="sources.source",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "fields",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Which fields of the record this quote supports, e.g. name, kind, amount, basis. sources.support checks that a quote supporting a name, an amount or a date contains it.",
                    ),
                ),
                (
                    "relation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="people.partyrelation",
                    ),
                ),
            ],
            options={
                "ordering": ["source", "id"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("quote", ""), _negated=True),
                        name="sources_citation_has_quote",
                        violation_error_message="A citation needs its quote.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("flow", None),
                                ("party__isnull", False),
                                ("place", None),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place", None),
                                ("relation", None),
                                ("role__isnull", False),
                            ),
                            models.Q(
                                ("flow__isnull", False),
                                ("party", None),
                                ("place", None),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place__isnull", False),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place", None),
                                ("relation__isnull", False),
                                ("role", None),
                            ),
                            _connector="OR",
                        ),
                        name="sources_citation_backs_exactly_one_record",
                        violation_error_message="A citation backs exactly one record: a party, a role, a flow, a place or a relation.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalReferenceWork",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                ("slug", models.SlugField(max_length=200)),
                (
                    "title",
                    models.CharField(help_text='"Wikipedia (English): Kaesong".', max_length=300),
                ),
                ("url", models.URLField(max_length=500)),
                ("consulted_on", models.DateField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reference work",
                "verbose_name_plural": "historical reference works",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStatement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "publication_state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Public"), ("restricted", "Restricted")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                (
                    "updated_at",
                    models.DateTimeField(db_index=True, default=core.records.now, editable=False),
                ),
                ("quote", models.TextField(help_text="Verbatim from the source's text.")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("statistic", "Statistic"),
                            ("claim", "Claim or finding"),
                            ("event", "Event"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "summary",
                    models.CharField(help_text="What the quote says, in one line.", max_length=300),
                ),
                (
                    "quantity_low",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "quantity_high",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "quantity_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("approximate", "Approximately"),
                            ("at_least", "More than / at least"),
                            ("at_most", "Nearly / at most"),
                            ("range", "Range"),
                            ("order_of_magnitude", "Order of magnitude"),
                            ("unknown", "Not stated"),
                        ],
                        default="unknown",
                        max_length=20,
                    ),
                ),
                ("quantity_as_stated", models.CharField(blank=True, max_length=200)),
                (
                    "unit",
                    models.CharField(
                        blank=True, help_text='"percent", "people a year".', max_length=100
                    ),
                ),
                (
                    "year_low",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "year_high",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "date_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "As stated"),
                            ("about", "About"),
                            ("relative", "Resolved from a relative phrase"),
                            ("decade", "Some time in the decade"),
                            ("early", "Early in the decade"),
                            ("mid", "Mid-decade"),
                            ("late", "Late in the decade"),
                            ("before", "By then (or before)"),
                            ("after", "After then"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "date_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "about",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Whom it is about, if a record.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.place",
                    ),
                ),
                (
                    "said_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who the article says claims it, if anyone.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical statement",
                "verbose_name_plural": "historical statements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReferenceWork",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "title",
                    models.CharField(help_text='"Wikipedia (English): Kaesong".', max_length=300),
                ),
                ("url", models.URLField(max_length=500)),
                ("consulted_on", models.DateField(blank=True, null=True)),
            ],
            options={
                "ordering": ["title"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Addition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                ("field", models.CharField(max_length=40)),
                ("value", models.CharField(blank=True, max_length=200)),
                (
                    "reason",
                    models.TextField(
                        help_text="Why the archivist added it, in words a reader can check."
                    ),
                ),
                (
                    "flow",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="ventures.place",
                    ),
                ),
                (
                    "relation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="people.partyrelation",
                    ),
                ),
                (
                    "role",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="people.role",
                    ),
                ),
                (
                    "reference",
                    models.ForeignKey(
                        blank=True,
                        help_text="The reference work it comes from, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="additions",
                        to="sources.referencework",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("flow", None),
                                ("party__isnull", False),
                                ("place", None),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place", None),
                                ("relation", None),
                                ("role__isnull", False),
                            ),
                            models.Q(
                                ("flow__isnull", False),
                                ("party", None),
                                ("place", None),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place__isnull", False),
                                ("relation", None),
                                ("role", None),
                            ),
                            models.Q(
                                ("flow", None),
                                ("party", None),
                                ("place", None),
                                ("relation__isnull", False),
                                ("role", None),
                            ),
                            _connector="OR",
                        ),
                        name="sources_addition_backs_exactly_one_record",
                        violation_error_message="An addition belongs to exactly one record.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="sources_addition_has_reason",
                        violation_error_message="Say why the value was added.",
                    ),
                ],
            },
            bases=(sources.models.TargetMixin, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAddition",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                ("field", models.CharField(max_length=40)),
                ("value", models.CharField(blank=True, max_length=200)),
                (
                    "reason",
                    models.TextField(
                        help_text="Why the archivist added it, in words a reader can check."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "flow",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.place",
                    ),
                ),
                (
                    "relation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.partyrelation",
                    ),
                ),
                (
                    "role",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.role",
                    ),
                ),
                (
                    "reference",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The reference work it comes from, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.referencework",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical addition",
                "verbose_name_plural": "historical additions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Statement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "publication_state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Public"), ("restricted", "Restricted")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=core.records.now, editable=False)),
                (
                    "updated_at",
                    models.DateTimeField(db_index=True, default=core.records.now, editable=False),
                ),
                ("quote", models.TextField(help_text="Verbatim from the source's text.")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("statistic", "Statistic"),
                            ("claim", "Claim or finding"),
                            ("event", "Event"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "summary",
                    models.CharField(help_text="What the quote says, in one line.", max_length=300),
                ),
                (
                    "quantity_low",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "quantity_high",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "quantity_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("approximate", "Approximately"),
                            ("at_least", "More than / at least"),
                            ("at_most", "Nearly / at most"),
                            ("range", "Range"),
                            ("order_of_magnitude", "Order of magnitude"),
                            ("unknown", "Not stated"),
                        ],
                        default="unknown",
                        max_length=20,
                    ),
                ),
                ("quantity_as_stated", models.CharField(blank=True, max_length=200)),
                (
                    "unit",
                    models.CharField(
                        blank=True, help_text='"percent", "people a year".', max_length=100
                    ),
                ),
                (
                    "year_low",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "year_high",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ],
                    ),
                ),
                (
                    "date_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "As stated"),
                            ("about", "About"),
                            ("relative", "Resolved from a relative phrase"),
                            ("decade", "Some time in the decade"),
                            ("early", "Early in the decade"),
                            ("mid", "Mid-decade"),
                            ("late", "Late in the decade"),
                            ("before", "By then (or before)"),
                            ("after", "After then"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "date_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "about",
                    models.ForeignKey(
                        blank=True,
                        help_text="Whom it is about, if a record.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="statements",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="statements",
                        to="ventures.place",
                    ),
                ),
                (
                    "said_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who the article says claims it, if anyone.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="statements_made",
                        to="people.party",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statements",
                        to="sources.source",
                    ),
                ),
            ],
            options={
                "ordering": ["source", "id"],
                "indexes": [
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="sources_sta_publica_b31590_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="sources_statement_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="sources_statement_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_low__isnull", True),
                            ("quantity_low__gte", 0),
                            _connector="OR",
                        ),
                        name="sources_statement_quantity_low_not_negative",
                        violation_error_message="The quantity's low bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_high__isnull", True),
                            ("quantity_high__gte", 0),
                            _connector="OR",
                        ),
                        name="sources_statement_quantity_high_not_negative",
                        violation_error_message="The quantity's high bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("quantity_low__isnull", True),
                                models.Q(
                                    ("quantity_low__gte", 0), ("quantity_low__lte", 100000000)
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("quantity_high__isnull", True),
                                models.Q(
                                    ("quantity_high__gte", 0), ("quantity_high__lte", 100000000)
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="sources_statement_quantity_within_bounds",
                        violation_error_message="A count must be between 0 and 100,000,000.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_low__isnull", True),
                            ("quantity_high__isnull", True),
                            ("quantity_low__lte", models.F("quantity_high")),
                            _connector="OR",
                        ),
                        name="sources_statement_quantity_low_le_high",
                        violation_error_message="The quantity's low bound cannot be above its high bound.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("quantity_high", models.F("quantity_low")),
                                ("quantity_high__isnull", False),
                                ("quantity_low__isnull", False),
                                ("quantity_qualifier__in", ["exact", "approximate"]),
                            ),
                            models.Q(
                                ("quantity_high__isnull", False),
                                ("quantity_low__isnull", False),
                                ("quantity_qualifier__in", ["range", "order_of_magnitude"]),
                            ),
                            models.Q(
                                ("quantity_high__isnull", True),
                                ("quantity_low__isnull", False),
                                ("quantity_qualifier", "at_least"),
                            ),
                            models.Q(
                                ("quantity_high__isnull", False),
                                ("quantity_low__isnull", True),
                                ("quantity_qualifier", "at_most"),
                            ),
                            models.Q(
                                ("quantity_high__isnull", True),
                                ("quantity_low__isnull", True),
                                ("quantity_qualifier", "unknown"),
                            ),
                            _connector="OR",
                        ),
                        name="sources_statement_quantity_bounds_match_qualifier",
                        violation_error_message="The quantity's bounds do not match its qualifier: exact and approximate need the same low and high; a range or an order of magnitude needs both; “more than” only a low bound; “nearly” only a high bound; “not stated” neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["statistic", "claim", "event"])),
                        name="sources_statement_kind_valid",
                        violation_error_message="Choose the statement's kind from the list.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quote", ""), _negated=True),
                        name="sources_statement_has_quote",
                        violation_error_message="A statement needs its quote.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("year_low__isnull", True),
                            ("year_high__isnull", True),
                            ("year_low__lte", models.F("year_high")),
                            _connector="OR",
                        ),
                        name="sources_statement_years_ordered",
                        violation_error_message="The earliest year cannot be after the latest.",
                    ),
                ],
            },
        ),
        *carried("people.0003_groups", 0),
        *carried("people.0005_view_hidden_permission", 0),
        *carried("sources.0007_review_groups_relations_statements", 0),
        *carried("sources.0008_public_source_order", 0),
        *carried("sources.0009_quote_trigrams", 0),
    ]
