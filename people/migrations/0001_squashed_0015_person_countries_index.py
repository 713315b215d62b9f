"""people: the tables as the replaced migrations left them, built at once.

A new database runs this squash, not the history it replaces: one ``CreateModel``
per table, with the fields, indexes and constraints the history left it, in the order
it left them (so SQLite names the same constraint when a row breaks two), then the
operations the model state does not describe, carried from the replaced migrations
(``core.migration_operations.carried``). A database that applied them all is marked
as having applied this; one that applied part of them goes on through the history.
"""

import core.records
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django_countries.fields
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import carried


class Migration(migrations.Migration):
    replaces = [
        ("people", "0001_initial"),
        ("people", "0002_search_indexes"),
        ("people", "0003_groups"),
        ("people", "0004_record_versions"),
        ("people", "0005_view_hidden_permission"),
        ("people", "0006_numeric_bounds"),
        ("people", "0007_constraint_messages"),
        ("people", "0008_name_keys"),
        ("people", "0009_date_phrases_and_relations"),
        ("people", "0010_choice_and_unique_messages"),
        ("people", "0011_public_name_order"),
        ("people", "0012_public_party_by_id"),
        ("people", "0013_public_changed_order"),
        ("people", "0014_public_party_kinds"),
        ("people", "0015_person_countries_index"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Party",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("organization", "Organisation"),
                            ("venture", "Venture"),
                        ],
                        editable=False,
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Display name, as the articles write it.", max_length=200
                    ),
                ),
                ("slug", models.SlugField(max_length=200, unique=True)),
                ("description", models.TextField(blank=True)),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="This record stands for several unnamed people or businesses.",
                    ),
                ),
                (
                    "group_size_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_qualifier",
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
                (
                    "group_size_text",
                    models.CharField(
                        blank=True,
                        help_text='How the article counts them: "dozens", "nearly 30,000".',
                        max_length=100,
                    ),
                ),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "parties",
                "ordering": ["name"],
                "indexes": [
                    models.Index(fields=["kind", "name"], name="people_part_kind_43c6b2_idx"),
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="people_part_publica_dae260_idx",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("publication_state", "published"), ("visibility", "public")
                        ),
                        fields=["name", "id"],
                        name="people_party_public_name",
                    ),
                    models.Index(
                        models.OrderBy(models.F("updated_at"), descending=True),
                        models.F("name"),
                        models.F("id"),
                        condition=models.Q(
                            ("publication_state", "published"), ("visibility", "public")
                        ),
                        name="people_party_public_changed",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("publication_state", "published"), ("visibility", "public")
                        ),
                        fields=["kind"],
                        name="people_party_public_kind",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="people_party_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="people_party_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("group_size_low__isnull", True),
                            ("group_size_low__gte", 0),
                            _connector="OR",
                        ),
                        name="people_party_group_size_low_not_negative",
                        violation_error_message="The group size's low bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("group_size_high__isnull", True),
                            ("group_size_high__gte", 0),
                            _connector="OR",
                        ),
                        name="people_party_group_size_high_not_negative",
                        violation_error_message="The group size's high bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("group_size_low__isnull", True),
                            ("group_size_high__isnull", True),
                            ("group_size_low__lte", models.F("group_size_high")),
                            _connector="OR",
                        ),
                        name="people_party_group_size_low_le_high",
                        violation_error_message="The group size's low bound cannot be above its high bound.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("group_size_high", models.F("group_size_low")),
                                ("group_size_high__isnull", False),
                                ("group_size_low__isnull", False),
                                ("group_size_qualifier__in", ["exact", "approximate"]),
                            ),
                            models.Q(
                                ("group_size_high__isnull", False),
                                ("group_size_low__isnull", False),
                                ("group_size_qualifier__in", ["range", "order_of_magnitude"]),
                            ),
                            models.Q(
                                ("group_size_high__isnull", True),
                                ("group_size_low__isnull", False),
                                ("group_size_qualifier", "at_least"),
                            ),
                            models.Q(
                                ("group_size_high__isnull", False),
                                ("group_size_low__isnull", True),
                                ("group_size_qualifier", "at_most"),
                            ),
                            models.Q(
                                ("group_size_high__isnull", True),
                                ("group_size_low__isnull", True),
                                ("group_size_qualifier", "unknown"),
                            ),
                            _connector="OR",
                        ),
                        name="people_party_group_size_bounds_match_qualifier",
                        violation_error_message="The group size's bounds do not match its qualifier: exact and approximate need the same low and high; a range or an order of magnitude needs both; “more than” only a low bound; “nearly” only a high bound; “not stated” neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["person", "organization", "venture"])),
                        name="people_party_kind_valid",
                        violation_error_message="A party is a person, an organisation or a venture; add it on the page for its kind.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("is_group", True), ("group_size_qualifier", "unknown"), _connector="OR"
                        ),
                        name="people_party_group_size_only_for_groups",
                        violation_error_message="Only a group has a group size; tick “is group” or clear the size.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("group_size_low__isnull", True),
                                models.Q(
                                    ("group_size_low__gte", 0), ("group_size_low__lte", 100000000)
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("group_size_high__isnull", True),
                                models.Q(
                                    ("group_size_high__gte", 0), ("group_size_high__lte", 100000000)
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="people_party_group_size_within_bounds",
                        violation_error_message="A count must be between 0 and 100,000,000.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PartyAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("alias", "Alias"),
                            ("romanisation", "Romanisation"),
                            ("acronym", "Acronym"),
                            ("native_script", "Native script"),
                            ("former_name", "Former name"),
                            ("pseudonym", "Pseudonym"),
                        ],
                        default="alias",
                        max_length=20,
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="people.party",
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
            ],
            options={
                "verbose_name_plural": "party aliases",
                "ordering": ["party", "name"],
                "indexes": [models.Index(fields=["name"], name="people_part_name_46caf5_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("party", "name"),
                        name="people_alias_once_per_party",
                        violation_error_message="This record already has this alias; remove the repeated row.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "alias",
                                    "romanisation",
                                    "acronym",
                                    "native_script",
                                    "former_name",
                                    "pseudonym",
                                ],
                            )
                        ),
                        name="people_alias_kind_valid",
                        violation_error_message="Choose what kind of alias this is from the list (romanisation, native script, acronym…).",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalParty",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("organization", "Organisation"),
                            ("venture", "Venture"),
                        ],
                        editable=False,
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Display name, as the articles write it.", max_length=200
                    ),
                ),
                ("slug", models.SlugField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="This record stands for several unnamed people or businesses.",
                    ),
                ),
                (
                    "group_size_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_qualifier",
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
                (
                    "group_size_text",
                    models.CharField(
                        blank=True,
                        help_text='How the article counts them: "dozens", "nearly 30,000".',
                        max_length=100,
                    ),
                ),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical party",
                "verbose_name_plural": "historical parties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPartyAlias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("alias", "Alias"),
                            ("romanisation", "Romanisation"),
                            ("acronym", "Acronym"),
                            ("native_script", "Native script"),
                            ("former_name", "Former name"),
                            ("pseudonym", "Pseudonym"),
                        ],
                        default="alias",
                        max_length=20,
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical party alias",
                "verbose_name_plural": "historical party aliases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPerson",
            fields=[
                (
                    "party_ptr",
                    models.ForeignKey(
                        auto_created=True,
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        parent_link=True,
                        related_name="+",
                        to="people.party",
                    ),
                ),
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("organization", "Organisation"),
                            ("venture", "Venture"),
                        ],
                        editable=False,
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Display name, as the articles write it.", max_length=200
                    ),
                ),
                ("slug", models.SlugField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="This record stands for several unnamed people or businesses.",
                    ),
                ),
                (
                    "group_size_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_qualifier",
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
                (
                    "group_size_text",
                    models.CharField(
                        blank=True,
                        help_text='How the article counts them: "dozens", "nearly 30,000".',
                        max_length=100,
                    ),
                ),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "native_name",
                    models.CharField(blank=True, help_text="Name in Hangul.", max_length=200),
                ),
                (
                    "is_pseudonym",
                    models.BooleanField(
                        default=False,
                        help_text='The article gives an alias, e.g. "Kang Ho-dong (alias)".',
                    ),
                ),
                (
                    "is_unnamed",
                    models.BooleanField(
                        default=False,
                        help_text="The article does not name this person; the name describes them.",
                    ),
                ),
                (
                    "is_defector",
                    models.BooleanField(
                        default=False, help_text="The article says this person left North Korea."
                    ),
                ),
                (
                    "birth_year_low",
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
                    "birth_year_high",
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
                    "age_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='As the article says it: "34", "in his 40s".',
                        max_length=100,
                    ),
                ),
                ("origin_country", django_countries.fields.CountryField(blank=True, max_length=2)),
                (
                    "residence_country",
                    django_countries.fields.CountryField(blank=True, max_length=2),
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical person",
                "verbose_name_plural": "historical people",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Organization",
            fields=[
                (
                    "party_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="people.party",
                    ),
                ),
                (
                    "org_kind",
                    models.CharField(
                        choices=[
                            ("ngo", "NGO"),
                            ("foundation", "Foundation"),
                            ("state_agency", "State agency"),
                            ("state_institute", "State-run institute"),
                            ("research_institute", "Research institute"),
                            ("company", "Company"),
                            ("media_outlet", "Media outlet"),
                            ("university", "University"),
                            ("party", "Political party"),
                            ("informal_group", "Informal group"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("country", django_countries.fields.CountryField(blank=True, max_length=2)),
                (
                    "founded_year",
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
                    "founded_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "founded_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text='The organisation that runs or contains this one ("run by Hyundai Group").',
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="children",
                        to="people.organization",
                    ),
                ),
                (
                    "founded_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "founded_qualifier",
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
            ],
            options={
                "ordering": ["name"],
                "indexes": [
                    models.Index(fields=["org_kind"], name="people_orga_org_kin_82493d_idx"),
                    models.Index(fields=["country"], name="people_orga_country_f91ade_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_month__isnull", True),
                            models.Q(
                                ("founded_month__gte", 1),
                                ("founded_month__lte", 12),
                                ("founded_year__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_organization_founded_month_needs_year",
                        violation_error_message="A month needs a year (and is 1 to 12).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_day__isnull", True),
                            models.Q(
                                ("founded_day__gte", 1),
                                ("founded_day__lte", 31),
                                ("founded_month__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_organization_founded_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_year__isnull", True),
                            models.Q(("founded_year__gte", 1800), ("founded_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="people_organization_founded_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "org_kind__in",
                                [
                                    "ngo",
                                    "foundation",
                                    "state_agency",
                                    "state_institute",
                                    "research_institute",
                                    "company",
                                    "media_outlet",
                                    "university",
                                    "party",
                                    "informal_group",
                                    "other",
                                ],
                            )
                        ),
                        name="people_organization_kind_valid",
                        violation_error_message="Choose the organisation's kind from the list.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("party_ptr")), _negated=True),
                        name="people_organization_not_own_parent",
                        violation_error_message="An organisation cannot be its own parent.",
                    ),
                ],
            },
            bases=("people.party",),
        ),
        migrations.CreateModel(
            name="HistoricalOrganization",
            fields=[
                (
                    "party_ptr",
                    models.ForeignKey(
                        auto_created=True,
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        parent_link=True,
                        related_name="+",
                        to="people.party",
                    ),
                ),
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("organization", "Organisation"),
                            ("venture", "Venture"),
                        ],
                        editable=False,
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Display name, as the articles write it.", max_length=200
                    ),
                ),
                ("slug", models.SlugField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="This record stands for several unnamed people or businesses.",
                    ),
                ),
                (
                    "group_size_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A count must be between 0 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000, message="A count must be between 0 and 100,000,000."
                            ),
                        ],
                    ),
                ),
                (
                    "group_size_qualifier",
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
                (
                    "group_size_text",
                    models.CharField(
                        blank=True,
                        help_text='How the article counts them: "dozens", "nearly 30,000".',
                        max_length=100,
                    ),
                ),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "org_kind",
                    models.CharField(
                        choices=[
                            ("ngo", "NGO"),
                            ("foundation", "Foundation"),
                            ("state_agency", "State agency"),
                            ("state_institute", "State-run institute"),
                            ("research_institute", "Research institute"),
                            ("company", "Company"),
                            ("media_outlet", "Media outlet"),
                            ("university", "University"),
                            ("party", "Political party"),
                            ("informal_group", "Informal group"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("country", django_countries.fields.CountryField(blank=True, max_length=2)),
                (
                    "founded_year",
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
                    "founded_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "founded_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
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
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text='The organisation that runs or contains this one ("run by Hyundai Group").',
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
                    "founded_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "founded_qualifier",
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
            ],
            options={
                "verbose_name": "historical organization",
                "verbose_name_plural": "historical organizations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Person",
            fields=[
                (
                    "party_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="people.party",
                    ),
                ),
                (
                    "native_name",
                    models.CharField(blank=True, help_text="Name in Hangul.", max_length=200),
                ),
                (
                    "is_pseudonym",
                    models.BooleanField(
                        default=False,
                        help_text='The article gives an alias, e.g. "Kang Ho-dong (alias)".',
                    ),
                ),
                (
                    "is_unnamed",
                    models.BooleanField(
                        default=False,
                        help_text="The article does not name this person; the name describes them.",
                    ),
                ),
                (
                    "is_defector",
                    models.BooleanField(
                        default=False, help_text="The article says this person left North Korea."
                    ),
                ),
                (
                    "birth_year_low",
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
                    "birth_year_high",
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
                    "age_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='As the article says it: "34", "in his 40s".',
                        max_length=100,
                    ),
                ),
                ("origin_country", django_countries.fields.CountryField(blank=True, max_length=2)),
                (
                    "residence_country",
                    django_countries.fields.CountryField(blank=True, max_length=2),
                ),
            ],
            options={
                "verbose_name_plural": "people",
                "ordering": ["name"],
                "indexes": [
                    models.Index(
                        fields=["origin_country", "residence_country"],
                        name="people_person_countries",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("birth_year_low__isnull", True),
                            ("birth_year_high__isnull", True),
                            ("birth_year_low__lte", models.F("birth_year_high")),
                            _connector="OR",
                        ),
                        name="people_person_birth_years_ordered",
                        violation_error_message="The earliest birth year cannot be after the latest.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("is_pseudonym", False), ("is_unnamed", False), _connector="OR"
                        ),
                        name="people_person_pseudonym_or_unnamed",
                        violation_error_message="A person is either unnamed or known by a pseudonym, not both.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("birth_year_low__isnull", True),
                                models.Q(
                                    ("birth_year_low__gte", 1800), ("birth_year_low__lte", 2100)
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("birth_year_high__isnull", True),
                                models.Q(
                                    ("birth_year_high__gte", 1800), ("birth_year_high__lte", 2100)
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="people_person_birth_years_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                ],
            },
            bases=("people.party",),
        ),
        migrations.CreateModel(
            name="Role",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("founder", "Founder"),
                            ("co_founder", "Co-founder"),
                            ("ceo", "CEO"),
                            ("head", "Head"),
                            ("chair", "Chair"),
                            ("director", "Director"),
                            ("leader", "Leader"),
                            ("staff", "Staff"),
                            ("fellow", "Fellow"),
                            ("professor", "Professor"),
                            ("designer", "Designer"),
                            ("member", "Member"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text='As the article words it: "research fellow".', max_length=200
                    ),
                ),
                (
                    "start_year",
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
                    "start_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "start_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "end_year",
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
                    "end_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "end_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        help_text="The organisation or venture the role is in.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="member_roles",
                        to="people.party",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="roles",
                        to="people.person",
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
                    "end_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "end_qualifier",
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
                    "start_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "start_qualifier",
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
            ],
            options={
                "ordering": ["organization__name", "person__name", "kind"],
                "indexes": [
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="people_role_publica_f81766_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="people_role_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="people_role_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_month__isnull", True),
                            models.Q(
                                ("start_month__gte", 1),
                                ("start_month__lte", 12),
                                ("start_year__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_role_start_month_needs_year",
                        violation_error_message="A month needs a year (and is 1 to 12).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_day__isnull", True),
                            models.Q(
                                ("start_day__gte", 1),
                                ("start_day__lte", 31),
                                ("start_month__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_role_start_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            models.Q(("start_year__gte", 1800), ("start_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="people_role_start_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_month__isnull", True),
                            models.Q(
                                ("end_month__gte", 1),
                                ("end_month__lte", 12),
                                ("end_year__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_role_end_month_needs_year",
                        violation_error_message="A month needs a year (and is 1 to 12).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_day__isnull", True),
                            models.Q(
                                ("end_day__gte", 1),
                                ("end_day__lte", 31),
                                ("end_month__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_role_end_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_year__isnull", True),
                            models.Q(("end_year__gte", 1800), ("end_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="people_role_end_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "founder",
                                    "co_founder",
                                    "ceo",
                                    "head",
                                    "chair",
                                    "director",
                                    "leader",
                                    "staff",
                                    "fellow",
                                    "professor",
                                    "designer",
                                    "member",
                                    "other",
                                ],
                            )
                        ),
                        name="people_role_kind_valid",
                        violation_error_message="Choose the role from the list (founder, head, CEO…).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            ("end_year__isnull", True),
                            ("start_year__lte", models.F("end_year")),
                            _connector="OR",
                        ),
                        name="people_role_start_before_end",
                        violation_error_message="A role cannot end before it starts.",
                    ),
                    models.UniqueConstraint(
                        fields=("person", "organization", "kind"),
                        name="people_role_once_per_kind",
                        violation_error_message="This person already holds this role there; change the dates of that role instead of adding it again.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRole",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("founder", "Founder"),
                            ("co_founder", "Co-founder"),
                            ("ceo", "CEO"),
                            ("head", "Head"),
                            ("chair", "Chair"),
                            ("director", "Director"),
                            ("leader", "Leader"),
                            ("staff", "Staff"),
                            ("fellow", "Fellow"),
                            ("professor", "Professor"),
                            ("designer", "Designer"),
                            ("member", "Member"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text='As the article words it: "research fellow".', max_length=200
                    ),
                ),
                (
                    "start_year",
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
                    "start_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "start_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "end_year",
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
                    "end_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "end_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
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
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The organisation or venture the role is in.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.person",
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
                    "end_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "end_qualifier",
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
                    "start_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "start_qualifier",
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
            ],
            options={
                "verbose_name": "historical role",
                "verbose_name_plural": "historical roles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPartyRelation",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("parent", "Parent organisation"),
                            ("operator", "Runs it"),
                            ("founder", "Founder"),
                            ("co_founder", "Co-founder"),
                            ("backer", "Backer"),
                            ("partner", "Joint-venture partner"),
                        ],
                        max_length=12,
                    ),
                ),
                ("related_description", models.CharField(blank=True, max_length=200)),
                (
                    "start_year",
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
                    "start_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "start_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "start_qualifier",
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
                    "start_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "as_stated",
                    models.CharField(
                        help_text='The article\'s words: "run by conglomerate Hyundai Group".',
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
                    "related",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.party",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical party relation",
                "verbose_name_plural": "historical party relations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PartyRelation",
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("parent", "Parent organisation"),
                            ("operator", "Runs it"),
                            ("founder", "Founder"),
                            ("co_founder", "Co-founder"),
                            ("backer", "Backer"),
                            ("partner", "Joint-venture partner"),
                        ],
                        max_length=12,
                    ),
                ),
                ("related_description", models.CharField(blank=True, max_length=200)),
                (
                    "start_year",
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
                    "start_month",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A month must be between 1 and 12."
                            ),
                            django.core.validators.MaxValueValidator(
                                12, message="A month must be between 1 and 12."
                            ),
                        ],
                    ),
                ),
                (
                    "start_day",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A day must be between 1 and 31."
                            ),
                            django.core.validators.MaxValueValidator(
                                31, message="A day must be between 1 and 31."
                            ),
                        ],
                    ),
                ),
                (
                    "start_qualifier",
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
                    "start_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "as_stated",
                    models.CharField(
                        help_text='The article\'s words: "run by conglomerate Hyundai Group".',
                        max_length=200,
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="people.party",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="related_to",
                        to="people.party",
                    ),
                ),
            ],
            options={
                "ordering": ["party__name", "kind", "id"],
                "indexes": [
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="people_part_publica_02c058_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="people_partyrelation_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="people_partyrelation_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_month__isnull", True),
                            models.Q(
                                ("start_month__gte", 1),
                                ("start_month__lte", 12),
                                ("start_year__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_partyrelation_start_month_needs_year",
                        violation_error_message="A month needs a year (and is 1 to 12).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_day__isnull", True),
                            models.Q(
                                ("start_day__gte", 1),
                                ("start_day__lte", 31),
                                ("start_month__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="people_partyrelation_start_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            models.Q(("start_year__gte", 1800), ("start_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="people_partyrelation_start_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "parent",
                                    "operator",
                                    "founder",
                                    "co_founder",
                                    "backer",
                                    "partner",
                                ],
                            )
                        ),
                        name="people_relation_kind_valid",
                        violation_error_message="Choose the relation's kind from the list.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("related__isnull", False),
                            models.Q(("related_description", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="people_relation_related_named_or_described",
                        violation_error_message="Name the related party, or describe it when the article does not name it.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("related__isnull", True),
                            models.Q(("related", models.F("party")), _negated=True),
                            _connector="OR",
                        ),
                        name="people_relation_not_to_itself",
                        violation_error_message="A relation links two different parties.",
                    ),
                ],
            },
        ),
        *carried("people.0002_search_indexes", 0),
        *carried("people.0012_public_party_by_id", 0),
    ]
