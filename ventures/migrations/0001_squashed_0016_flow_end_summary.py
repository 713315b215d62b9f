"""ventures: the tables as the replaced migrations left them, built at once.

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
import django.db.models.functions.text
import django.db.models.lookups
import django_countries.fields
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import carried


class Migration(migrations.Migration):
    replaces = [
        ("ventures", "0001_initial"),
        ("ventures", "0002_search_indexes"),
        ("ventures", "0003_record_versions"),
        ("ventures", "0004_numeric_bounds"),
        ("ventures", "0005_constraint_messages"),
        ("ventures", "0006_name_keys"),
        ("ventures", "0007_flow_parts_recurrence_dates"),
        ("ventures", "0008_stored_funding_totals"),
        ("ventures", "0009_flow_ends_public"),
        ("ventures", "0010_choice_and_unique_messages"),
        ("ventures", "0011_flow_summary"),
        ("ventures", "0012_flow_order_indexes"),
        ("ventures", "0013_facet_covering_indexes"),
        ("ventures", "0014_largest_flow_index"),
        ("ventures", "0015_flow_text_trigrams"),
        ("ventures", "0016_flow_end_summary"),
    ]

    dependencies = [
        ("people", "0001_squashed_0015_person_countries_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Sector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True)),
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
                "ordering": ["name"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="ExchangeRate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ]
                    ),
                ),
                (
                    "units_per_usd",
                    models.DecimalField(
                        decimal_places=6,
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0.01"),
                                message="Units per US dollar must be between 0.01 and 1,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000"),
                                message="Units per US dollar must be between 0.01 and 1,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "source_kind",
                    models.CharField(
                        choices=[
                            ("article", "The articles' own conversions"),
                            ("official", "Official annual average"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        help_text="Where the rate comes from, precisely enough to check."
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
                "ordering": ["currency", "year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Length("currency"), 3
                            ),
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Upper("currency"),
                                models.F("currency"),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 1, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 1, 1), "Z"
                                ),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 2, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 2, 1), "Z"
                                ),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 3, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("currency", 3, 1), "Z"
                                ),
                            ),
                        ),
                        name="ventures_exchangerate_currency_iso4217",
                        violation_error_message="Use the three-letter ISO 4217 code, e.g. CNY.",
                    ),
                    models.UniqueConstraint(
                        fields=("currency", "year"),
                        name="ventures_rate_once_per_year",
                        violation_error_message="There is already a rate for this currency in this year; change that rate instead.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("units_per_usd__gt", 0)),
                        name="ventures_rate_positive",
                        violation_error_message="A rate is above zero.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("source_kind__in", ["article", "official"])),
                        name="ventures_rate_source_kind_valid",
                        violation_error_message="Say where the rate comes from: an article or an official table.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("units_per_usd__isnull", True),
                            models.Q(
                                ("units_per_usd__gte", Decimal("0.01")),
                                ("units_per_usd__lte", Decimal("1000000000")),
                            ),
                            _connector="OR",
                        ),
                        name="ventures_rate_within_bounds",
                        violation_error_message="Units per US dollar must be between 0.01 and 1,000,000,000.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("year__isnull", True),
                            models.Q(("year__gte", 1800), ("year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="ventures_rate_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                ],
                "indexes": [],
            },
        ),
        migrations.CreateModel(
            name="FundingFlow",
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
                ("funder_description", models.CharField(blank=True, max_length=200)),
                ("recipient_description", models.CharField(blank=True, max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("investment", "Investment"),
                            ("donation", "Donation"),
                            ("grant", "Grant"),
                            ("scholarship", "Scholarship"),
                            ("remittance", "Remittance"),
                            ("loan", "Loan"),
                            ("in_kind", "Goods in kind"),
                            ("trade", "Trade or barter (goods for goods or money)"),
                            ("earnings", "Earnings (pay for work)"),
                            ("unspecified", "Funds (kind not stated)"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("reported", "Reported"),
                            ("pledged", "Pledged"),
                            ("proposed", "Proposed"),
                            ("sought", "Sought"),
                            ("stopped", "Stopped (when is not known)"),
                        ],
                        default="reported",
                        max_length=10,
                    ),
                ),
                (
                    "channel",
                    models.CharField(blank=True, help_text="How it was sent.", max_length=200),
                ),
                ("purpose", models.TextField(blank=True)),
                (
                    "amount_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "amount_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "amount_qualifier",
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
                    "amount_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='Verbatim: "20,000 yuan (S$4,100) to 30,000 yuan".',
                        max_length=200,
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        help_text="ISO 4217, as stated.",
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("single", "One payment"),
                            ("per_payment", "Each payment"),
                            ("per_year", "Per year"),
                            ("cumulative", "Cumulative to date"),
                            ("per_recipient", "Per recipient"),
                            ("unknown", "Not stated"),
                        ],
                        default="unknown",
                        max_length=15,
                    ),
                ),
                (
                    "payment_count",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A payment count must be between 1 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000,
                                message="A payment count must be between 1 and 100,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
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
                    "date_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='Verbatim: "last year", "to date", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "usd_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("100000000000000000"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "usd_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("100000000000000000"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "usd_rate_years",
                    models.CharField(
                        blank=True,
                        help_text="Which ExchangeRate years the estimate used.",
                        max_length=100,
                    ),
                ),
                (
                    "funder",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="flows_out",
                        to="people.party",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="flows_in",
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
                (
                    "amount_like",
                    models.ForeignKey(
                        blank=True,
                        help_text='The flow whose amount this one states by reference ("such sums each year").',
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="amount_references",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "currency_is_ambiguous",
                    models.BooleanField(
                        default=False,
                        help_text='The article names no currency precisely ("dollars" in a paper that writes both US$ and S$); the code is the likeliest reading and the USD estimate says so.',
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
                    "recurrence",
                    models.CharField(
                        choices=[
                            ("not_stated", "Not stated"),
                            ("once", "Once"),
                            ("yearly", "Every year"),
                            ("repeated", "Repeatedly (no period stated)"),
                        ],
                        default="not_stated",
                        max_length=12,
                    ),
                ),
                (
                    "whole",
                    models.ForeignKey(
                        blank=True,
                        help_text='The larger flow this one is counted in (the rural grocery stores\' investments are "part of" the "hundreds of thousands of dollars"); totals never count both.',
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="parts",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "whole_note",
                    models.CharField(
                        blank=True,
                        help_text='Why it is a part: "presumably", "the article says".',
                        max_length=200,
                    ),
                ),
                ("ends_public", models.BooleanField(default=False, editable=False)),
            ],
            options={
                "ordering": [
                    models.OrderBy(models.F("start_year"), descending=True, nulls_last=True),
                    "id",
                ],
                "indexes": [
                    models.Index(fields=["kind"], name="ventures_fu_kind_c44481_idx"),
                    models.Index(fields=["status"], name="ventures_fu_status_460c43_idx"),
                    models.Index(fields=["currency"], name="ventures_fu_currenc_7901cc_idx"),
                    models.Index(fields=["usd_high"], name="ventures_fu_usd_hig_f3d708_idx"),
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="ventures_fu_publica_755ce8_idx",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("ends_public", True),
                            ("publication_state", "published"),
                            ("visibility", "public"),
                        ),
                        fields=["currency", "start_year"],
                        name="ventures_public_flow_currency",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("ends_public", True),
                            ("publication_state", "published"),
                            ("visibility", "public"),
                        ),
                        fields=["recipient"],
                        name="ventures_public_flow_recipient",
                    ),
                    models.Index(
                        models.OrderBy(models.F("usd_low"), descending=True),
                        models.F("id"),
                        condition=models.Q(
                            ("ends_public", True),
                            ("publication_state", "published"),
                            ("visibility", "public"),
                            ("usd_low__isnull", False),
                        ),
                        name="ventures_public_flow_largest",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="ventures_fundingflow_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="ventures_fundingflow_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount_low__isnull", True), ("amount_low__gte", 0), _connector="OR"
                        ),
                        name="ventures_fundingflow_amount_low_not_negative",
                        violation_error_message="The amount's low bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount_high__isnull", True), ("amount_high__gte", 0), _connector="OR"
                        ),
                        name="ventures_fundingflow_amount_high_not_negative",
                        violation_error_message="The amount's high bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount_low__isnull", True),
                            ("amount_high__isnull", True),
                            ("amount_low__lte", models.F("amount_high")),
                            _connector="OR",
                        ),
                        name="ventures_fundingflow_amount_low_le_high",
                        violation_error_message="The amount's low bound cannot be above its high bound.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("amount_high", models.F("amount_low")),
                                ("amount_high__isnull", False),
                                ("amount_low__isnull", False),
                                ("amount_qualifier__in", ["exact", "approximate"]),
                            ),
                            models.Q(
                                ("amount_high__isnull", False),
                                ("amount_low__isnull", False),
                                ("amount_qualifier__in", ["range", "order_of_magnitude"]),
                            ),
                            models.Q(
                                ("amount_high__isnull", True),
                                ("amount_low__isnull", False),
                                ("amount_qualifier", "at_least"),
                            ),
                            models.Q(
                                ("amount_high__isnull", False),
                                ("amount_low__isnull", True),
                                ("amount_qualifier", "at_most"),
                            ),
                            models.Q(
                                ("amount_high__isnull", True),
                                ("amount_low__isnull", True),
                                ("amount_qualifier", "unknown"),
                            ),
                            _connector="OR",
                        ),
                        name="ventures_fundingflow_amount_bounds_match_qualifier",
                        violation_error_message="The amount's bounds do not match its qualifier: exact and approximate need the same low and high; a range or an order of magnitude needs both; “more than” only a low bound; “nearly” only a high bound; “not stated” neither.",
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
                        name="ventures_fundingflow_start_month_needs_year",
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
                        name="ventures_fundingflow_start_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            models.Q(("start_year__gte", 1800), ("start_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="ventures_fundingflow_start_year_plausible",
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
                        name="ventures_fundingflow_end_month_needs_year",
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
                        name="ventures_fundingflow_end_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_year__isnull", True),
                            models.Q(("end_year__gte", 1800), ("end_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="ventures_fundingflow_end_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.text.Length("currency"), 3
                                ),
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.text.Upper("currency"),
                                    models.F("currency"),
                                ),
                                models.Q(
                                    django.db.models.lookups.GreaterThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 1, 1),
                                        "A",
                                    ),
                                    django.db.models.lookups.LessThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 1, 1),
                                        "Z",
                                    ),
                                ),
                                models.Q(
                                    django.db.models.lookups.GreaterThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 2, 1),
                                        "A",
                                    ),
                                    django.db.models.lookups.LessThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 2, 1),
                                        "Z",
                                    ),
                                ),
                                models.Q(
                                    django.db.models.lookups.GreaterThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 3, 1),
                                        "A",
                                    ),
                                    django.db.models.lookups.LessThanOrEqual(
                                        django.db.models.functions.text.Substr("currency", 3, 1),
                                        "Z",
                                    ),
                                ),
                            ),
                            ("currency", ""),
                            _connector="OR",
                        ),
                        name="ventures_fundingflow_currency_iso4217",
                        violation_error_message="Use the three-letter ISO 4217 code, e.g. CNY.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "basis__in",
                                [
                                    "single",
                                    "per_payment",
                                    "per_year",
                                    "cumulative",
                                    "per_recipient",
                                    "unknown",
                                ],
                            )
                        ),
                        name="ventures_flow_basis_valid",
                        violation_error_message="Choose the amount's basis from the list (one payment, each payment, per year…).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("funder__isnull", False),
                            models.Q(("funder_description", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="ventures_flow_funder_named_or_described",
                        violation_error_message="Name the funder, or describe it when the article does not name it.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("recipient__isnull", False),
                            models.Q(("recipient_description", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="ventures_flow_recipient_named_or_described",
                        violation_error_message="Name the recipient, or describe it when the article does not name it.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("funder__isnull", True),
                            ("recipient__isnull", True),
                            models.Q(("funder", models.F("recipient")), _negated=True),
                            _connector="OR",
                        ),
                        name="ventures_flow_funder_is_not_recipient",
                        violation_error_message="A flow runs between two parties: not to its own funder.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount_qualifier", "unknown"),
                            models.Q(("currency", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="ventures_flow_amount_has_currency",
                        violation_error_message="An amount needs its currency.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("payment_count__isnull", True),
                            ("payment_count__gte", 1),
                            _connector="OR",
                        ),
                        name="ventures_flow_payment_count_positive",
                        violation_error_message="A payment count is at least 1.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            ("end_year__isnull", True),
                            ("start_year__lte", models.F("end_year")),
                            _connector="OR",
                        ),
                        name="ventures_flow_start_before_end",
                        violation_error_message="A flow cannot end before it starts.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("usd_low__isnull", True), ("usd_low__gte", 0), _connector="OR"
                            ),
                            models.Q(
                                ("usd_high__isnull", True), ("usd_high__gte", 0), _connector="OR"
                            ),
                            models.Q(
                                ("usd_low__isnull", True),
                                ("usd_high__isnull", True),
                                ("usd_low__lte", models.F("usd_high")),
                                _connector="OR",
                            ),
                        ),
                        name="ventures_flow_usd_bounds_ordered",
                        violation_error_message="The USD estimate's low bound cannot be negative or above its high bound.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("amount_low__isnull", True),
                                models.Q(
                                    ("amount_low__gte", Decimal("0")),
                                    ("amount_low__lte", Decimal("1000000000000000")),
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("amount_high__isnull", True),
                                models.Q(
                                    ("amount_high__gte", Decimal("0")),
                                    ("amount_high__lte", Decimal("1000000000000000")),
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="ventures_fundingflow_amount_within_bounds",
                        violation_error_message="An amount must be between 0 and 1,000,000,000,000,000.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("payment_count__isnull", True),
                            models.Q(("payment_count__gte", 1), ("payment_count__lte", 100000000)),
                            _connector="OR",
                        ),
                        name="ventures_flow_payment_count_within_bounds",
                        violation_error_message="A payment count must be between 1 and 100,000,000.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("usd_low__isnull", True),
                                models.Q(
                                    ("usd_low__gte", Decimal("0")),
                                    ("usd_low__lte", Decimal("100000000000000000")),
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("usd_high__isnull", True),
                                models.Q(
                                    ("usd_high__gte", Decimal("0")),
                                    ("usd_high__lte", Decimal("100000000000000000")),
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="ventures_flow_usd_within_bounds",
                        violation_error_message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "investment",
                                    "donation",
                                    "grant",
                                    "scholarship",
                                    "remittance",
                                    "loan",
                                    "in_kind",
                                    "trade",
                                    "earnings",
                                    "unspecified",
                                ],
                            )
                        ),
                        name="ventures_flow_kind_valid",
                        violation_error_message="Choose the flow's kind from the list (investment, donation, grant…).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["reported", "pledged", "proposed", "sought", "stopped"])
                        ),
                        name="ventures_flow_status_valid",
                        violation_error_message="Choose the flow's status from the list (reported, pledged, proposed, sought).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("whole", models.F("id")), _negated=True),
                            models.Q(("amount_like", models.F("id")), _negated=True),
                        ),
                        name="ventures_flow_not_part_of_itself",
                        violation_error_message="A flow cannot be part of itself or refer to its own amount.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("recurrence__in", ["not_stated", "once", "yearly", "repeated"])
                        ),
                        name="ventures_flow_recurrence_valid",
                        violation_error_message="Choose how the flow recurs from the list.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="GoodsItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("item", models.CharField(max_length=200)),
                (
                    "quantity_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A quantity must be between 0 and 1,000,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                1000000000,
                                message="A quantity must be between 0 and 1,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "quantity_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A quantity must be between 0 and 1,000,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                1000000000,
                                message="A quantity must be between 0 and 1,000,000,000.",
                            ),
                        ],
                    ),
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
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "flow",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goods",
                        to="ventures.fundingflow",
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
                    "in_return",
                    models.BooleanField(
                        default=False,
                        help_text="Goods the recipient gave back in a trade or barter (clothes for tiles).",
                    ),
                ),
            ],
            options={
                "ordering": ["flow", "in_return", "item"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_low__isnull", True),
                            ("quantity_low__gte", 0),
                            _connector="OR",
                        ),
                        name="ventures_goodsitem_quantity_low_not_negative",
                        violation_error_message="The quantity's low bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_high__isnull", True),
                            ("quantity_high__gte", 0),
                            _connector="OR",
                        ),
                        name="ventures_goodsitem_quantity_high_not_negative",
                        violation_error_message="The quantity's high bound cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quantity_low__isnull", True),
                            ("quantity_high__isnull", True),
                            ("quantity_low__lte", models.F("quantity_high")),
                            _connector="OR",
                        ),
                        name="ventures_goodsitem_quantity_low_le_high",
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
                        name="ventures_goodsitem_quantity_bounds_match_qualifier",
                        violation_error_message="The quantity's bounds do not match its qualifier: exact and approximate need the same low and high; a range or an order of magnitude needs both; “more than” only a low bound; “nearly” only a high bound; “not stated” neither.",
                    ),
                    models.UniqueConstraint(
                        fields=("flow", "item"),
                        name="ventures_goods_item_once",
                        violation_error_message="This flow already lists this item; give all its quantities in one row.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("quantity_low__isnull", True),
                                models.Q(
                                    ("quantity_low__gte", 0), ("quantity_low__lte", 1000000000)
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("quantity_high__isnull", True),
                                models.Q(
                                    ("quantity_high__gte", 0), ("quantity_high__lte", 1000000000)
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="ventures_goodsitem_quantity_within_bounds",
                        violation_error_message="A quantity must be between 0 and 1,000,000,000.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalExchangeRate",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(
                                1800, message="A year must be between 1800 and 2100."
                            ),
                            django.core.validators.MaxValueValidator(
                                2100, message="A year must be between 1800 and 2100."
                            ),
                        ]
                    ),
                ),
                (
                    "units_per_usd",
                    models.DecimalField(
                        decimal_places=6,
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0.01"),
                                message="Units per US dollar must be between 0.01 and 1,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000"),
                                message="Units per US dollar must be between 0.01 and 1,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "source_kind",
                    models.CharField(
                        choices=[
                            ("article", "The articles' own conversions"),
                            ("official", "Official annual average"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        help_text="Where the rate comes from, precisely enough to check."
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical exchange rate",
                "verbose_name_plural": "historical exchange rates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalFundingFlow",
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
                ("funder_description", models.CharField(blank=True, max_length=200)),
                ("recipient_description", models.CharField(blank=True, max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("investment", "Investment"),
                            ("donation", "Donation"),
                            ("grant", "Grant"),
                            ("scholarship", "Scholarship"),
                            ("remittance", "Remittance"),
                            ("loan", "Loan"),
                            ("in_kind", "Goods in kind"),
                            ("trade", "Trade or barter (goods for goods or money)"),
                            ("earnings", "Earnings (pay for work)"),
                            ("unspecified", "Funds (kind not stated)"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("reported", "Reported"),
                            ("pledged", "Pledged"),
                            ("proposed", "Proposed"),
                            ("sought", "Sought"),
                            ("stopped", "Stopped (when is not known)"),
                        ],
                        default="reported",
                        max_length=10,
                    ),
                ),
                (
                    "channel",
                    models.CharField(blank=True, help_text="How it was sent.", max_length=200),
                ),
                ("purpose", models.TextField(blank=True)),
                (
                    "amount_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "amount_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "amount_qualifier",
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
                    "amount_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='Verbatim: "20,000 yuan (S$4,100) to 30,000 yuan".',
                        max_length=200,
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        help_text="ISO 4217, as stated.",
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("single", "One payment"),
                            ("per_payment", "Each payment"),
                            ("per_year", "Per year"),
                            ("cumulative", "Cumulative to date"),
                            ("per_recipient", "Per recipient"),
                            ("unknown", "Not stated"),
                        ],
                        default="unknown",
                        max_length=15,
                    ),
                ),
                (
                    "payment_count",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, message="A payment count must be between 1 and 100,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                100000000,
                                message="A payment count must be between 1 and 100,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
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
                    "date_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='Verbatim: "last year", "to date", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "usd_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("100000000000000000"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "usd_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("100000000000000000"),
                                message="A USD estimate must be between 0 and 100,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "usd_rate_years",
                    models.CharField(
                        blank=True,
                        help_text="Which ExchangeRate years the estimate used.",
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
                    "funder",
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
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
                (
                    "amount_like",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text='The flow whose amount this one states by reference ("such sums each year").',
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "currency_is_ambiguous",
                    models.BooleanField(
                        default=False,
                        help_text='The article names no currency precisely ("dollars" in a paper that writes both US$ and S$); the code is the likeliest reading and the USD estimate says so.',
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
                    "recurrence",
                    models.CharField(
                        choices=[
                            ("not_stated", "Not stated"),
                            ("once", "Once"),
                            ("yearly", "Every year"),
                            ("repeated", "Repeatedly (no period stated)"),
                        ],
                        default="not_stated",
                        max_length=12,
                    ),
                ),
                (
                    "whole",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text='The larger flow this one is counted in (the rural grocery stores\' investments are "part of" the "hundreds of thousands of dollars"); totals never count both.',
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.fundingflow",
                    ),
                ),
                (
                    "whole_note",
                    models.CharField(
                        blank=True,
                        help_text='Why it is a part: "presumably", "the article says".',
                        max_length=200,
                    ),
                ),
                ("ends_public", models.BooleanField(default=False, editable=False)),
            ],
            options={
                "verbose_name": "historical funding flow",
                "verbose_name_plural": "historical funding flows",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGoodsItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("item", models.CharField(max_length=200)),
                (
                    "quantity_low",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A quantity must be between 0 and 1,000,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                1000000000,
                                message="A quantity must be between 0 and 1,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "quantity_high",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                0, message="A quantity must be between 0 and 1,000,000,000."
                            ),
                            django.core.validators.MaxValueValidator(
                                1000000000,
                                message="A quantity must be between 0 and 1,000,000,000.",
                            ),
                        ],
                    ),
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
                ("description", models.CharField(blank=True, max_length=200)),
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "in_return",
                    models.BooleanField(
                        default=False,
                        help_text="Goods the recipient gave back in a trade or barter (clothes for tiles).",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical goods item",
                "verbose_name_plural": "historical goods items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSector",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField(max_length=100)),
                ("description", models.TextField(blank=True)),
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
                "verbose_name": "historical sector",
                "verbose_name_plural": "historical sectors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStatedConversion",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "from_amount",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="In the flow's currency.",
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "to_currency",
                    models.CharField(
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "to_amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                ("is_approximate", models.BooleanField(default=False)),
                ("as_stated", models.CharField(help_text='Verbatim: "(S$4,100)".', max_length=200)),
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical stated conversion",
                "verbose_name_plural": "historical stated conversions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Place",
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
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("country", "Country"),
                            ("province", "Province"),
                            ("county", "County"),
                            ("city", "City or town"),
                            ("zone", "Zone or district"),
                            ("landmark", "Landmark"),
                            ("region", "Region"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(
                        help_text="The country this place is in (or is).", max_length=2
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="ventures.place",
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
                "ordering": ["name"],
                "indexes": [
                    models.Index(fields=["country", "kind"], name="ventures_pl_country_7a491c_idx"),
                    models.Index(
                        fields=["publication_state", "visibility"],
                        name="ventures_pl_publica_9816c4_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("publication_state__in", ["draft", "published"])),
                        name="ventures_place_publication_state_valid",
                        violation_error_message="A record is either a draft or published; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "restricted"])),
                        name="ventures_place_visibility_valid",
                        violation_error_message="A record is either public or restricted; choose one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "country",
                                    "province",
                                    "county",
                                    "city",
                                    "zone",
                                    "landmark",
                                    "region",
                                ],
                            )
                        ),
                        name="ventures_place_kind_valid",
                        violation_error_message="Choose the place's kind from the list.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("id")), _negated=True),
                        name="ventures_place_not_own_parent",
                        violation_error_message="A place cannot be inside itself.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalVenture",
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
                    "venture_kind",
                    models.CharField(
                        choices=[
                            ("small_business", "Small business"),
                            ("startup", "Startup"),
                            ("joint_venture", "Joint venture"),
                            ("state_enterprise", "State enterprise"),
                            ("industrial_zone", "Industrial or technology zone"),
                            ("programme", "Programme"),
                            ("market", "Market"),
                            ("company", "Company"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "Active"),
                            ("closed", "Closed"),
                            ("planned", "Planned"),
                            ("unknown", "Unknown"),
                        ],
                        default="unknown",
                        max_length=10,
                    ),
                ),
                (
                    "founded_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
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
                    "closed_year",
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
                    "closed_month",
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
                    "closed_day",
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
                    "size",
                    models.CharField(
                        blank=True,
                        help_text='How many people or units, as stated: "team of four", "125 companies".',
                        max_length=200,
                    ),
                ),
                (
                    "ownership",
                    models.CharField(
                        blank=True,
                        help_text='As stated: "Western and North Korean".',
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
                    "operated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text='The organisation that runs it ("run by the Asan Nanum Foundation").',
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
                (
                    "closed_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "closed_qualifier",
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
                (
                    "funding_usd_high",
                    models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=22),
                ),
                (
                    "funding_usd_low",
                    models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=22),
                ),
            ],
            options={
                "verbose_name": "historical venture",
                "verbose_name_plural": "historical ventures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlaceAlias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
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
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a save of an older version is refused.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical place alias",
                "verbose_name_plural": "historical place aliases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlace",
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
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("country", "Country"),
                            ("province", "Province"),
                            ("county", "County"),
                            ("city", "City or town"),
                            ("zone", "Zone or district"),
                            ("landmark", "Landmark"),
                            ("region", "Region"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(
                        help_text="The country this place is in (or is).", max_length=2
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
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
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ventures.place",
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
                "verbose_name": "historical place",
                "verbose_name_plural": "historical places",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PlaceAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="ventures.place",
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
                "verbose_name_plural": "place aliases",
                "ordering": ["place", "name"],
                "indexes": [models.Index(fields=["name"], name="ventures_pl_name_51e1a3_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("place", "name"),
                        name="ventures_alias_once_per_place",
                        violation_error_message="This place already has this alias; remove the repeated row.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StatedConversion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_amount",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="In the flow's currency.",
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                (
                    "to_currency",
                    models.CharField(
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY."
                            )
                        ],
                    ),
                ),
                (
                    "to_amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=20,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("1000000000000000"),
                                message="An amount must be between 0 and 1,000,000,000,000,000.",
                            ),
                        ],
                    ),
                ),
                ("is_approximate", models.BooleanField(default=False)),
                ("as_stated", models.CharField(help_text='Verbatim: "(S$4,100)".', max_length=200)),
                (
                    "flow",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conversions",
                        to="ventures.fundingflow",
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
                "ordering": ["flow", "from_amount"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Length("to_currency"), 3
                            ),
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Upper("to_currency"),
                                models.F("to_currency"),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 1, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 1, 1), "Z"
                                ),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 2, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 2, 1), "Z"
                                ),
                            ),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 3, 1), "A"
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Substr("to_currency", 3, 1), "Z"
                                ),
                            ),
                        ),
                        name="ventures_statedconversion_to_currency_iso4217",
                        violation_error_message="Use the three-letter ISO 4217 code, e.g. CNY.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("from_amount__gt", 0), ("to_amount__gt", 0)),
                        name="ventures_conversion_amounts_positive",
                        violation_error_message="Both amounts of a conversion are above zero.",
                    ),
                    models.UniqueConstraint(
                        fields=("flow", "from_amount", "to_currency"),
                        name="ventures_conversion_once",
                        violation_error_message="This flow already has a conversion of this amount into this currency; remove the repeated row.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("from_amount__isnull", True),
                                models.Q(
                                    ("from_amount__gte", Decimal("0")),
                                    ("from_amount__lte", Decimal("1000000000000000")),
                                ),
                                _connector="OR",
                            ),
                            models.Q(
                                ("to_amount__isnull", True),
                                models.Q(
                                    ("to_amount__gte", Decimal("0")),
                                    ("to_amount__lte", Decimal("1000000000000000")),
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="ventures_conversion_amounts_within_bounds",
                        violation_error_message="An amount must be between 0 and 1,000,000,000,000,000.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Venture",
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
                    "venture_kind",
                    models.CharField(
                        choices=[
                            ("small_business", "Small business"),
                            ("startup", "Startup"),
                            ("joint_venture", "Joint venture"),
                            ("state_enterprise", "State enterprise"),
                            ("industrial_zone", "Industrial or technology zone"),
                            ("programme", "Programme"),
                            ("market", "Market"),
                            ("company", "Company"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "Active"),
                            ("closed", "Closed"),
                            ("planned", "Planned"),
                            ("unknown", "Unknown"),
                        ],
                        default="unknown",
                        max_length=10,
                    ),
                ),
                (
                    "founded_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
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
                    "closed_year",
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
                    "closed_month",
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
                    "closed_day",
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
                    "size",
                    models.CharField(
                        blank=True,
                        help_text='How many people or units, as stated: "team of four", "125 companies".',
                        max_length=200,
                    ),
                ),
                (
                    "ownership",
                    models.CharField(
                        blank=True,
                        help_text='As stated: "Western and North Korean".',
                        max_length=200,
                    ),
                ),
                (
                    "operated_by",
                    models.ForeignKey(
                        blank=True,
                        help_text='The organisation that runs it ("run by the Asan Nanum Foundation").',
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="operated_ventures",
                        to="people.party",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ventures",
                        to="ventures.place",
                    ),
                ),
                (
                    "sectors",
                    models.ManyToManyField(
                        blank=True, related_name="ventures", to="ventures.sector"
                    ),
                ),
                (
                    "closed_as_stated",
                    models.CharField(
                        blank=True,
                        help_text='The article\'s words: "five years ago", "in the early 2000s", "in 2019".',
                        max_length=200,
                    ),
                ),
                (
                    "closed_qualifier",
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
                (
                    "funding_usd_high",
                    models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=22),
                ),
                (
                    "funding_usd_low",
                    models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=22),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [
                    models.Index(fields=["venture_kind"], name="ventures_ve_venture_54850c_idx"),
                    models.Index(fields=["status"], name="ventures_ve_status_e706b1_idx"),
                    models.Index(
                        models.OrderBy(models.F("funding_usd_high"), descending=True),
                        models.F("party_ptr"),
                        name="ventures_funding_order",
                    ),
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
                        name="ventures_venture_founded_month_needs_year",
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
                        name="ventures_venture_founded_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_year__isnull", True),
                            models.Q(("founded_year__gte", 1800), ("founded_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="ventures_venture_founded_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("closed_month__isnull", True),
                            models.Q(
                                ("closed_month__gte", 1),
                                ("closed_month__lte", 12),
                                ("closed_year__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="ventures_venture_closed_month_needs_year",
                        violation_error_message="A month needs a year (and is 1 to 12).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("closed_day__isnull", True),
                            models.Q(
                                ("closed_day__gte", 1),
                                ("closed_day__lte", 31),
                                ("closed_month__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="ventures_venture_closed_day_needs_month",
                        violation_error_message="A day needs a month (and is 1 to 31).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("closed_year__isnull", True),
                            models.Q(("closed_year__gte", 1800), ("closed_year__lte", 2100)),
                            _connector="OR",
                        ),
                        name="ventures_venture_closed_year_plausible",
                        violation_error_message="A year must be between 1800 and 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["active", "closed", "planned", "unknown"])
                        ),
                        name="ventures_venture_status_valid",
                        violation_error_message="Choose the venture's status from the list.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_year__isnull", True),
                            ("closed_year__isnull", True),
                            ("founded_year__lte", models.F("closed_year")),
                            _connector="OR",
                        ),
                        name="ventures_venture_founded_before_closed",
                        violation_error_message="A venture cannot close before it was founded.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "venture_kind__in",
                                [
                                    "small_business",
                                    "startup",
                                    "joint_venture",
                                    "state_enterprise",
                                    "industrial_zone",
                                    "programme",
                                    "market",
                                    "company",
                                ],
                            )
                        ),
                        name="ventures_venture_kind_valid",
                        violation_error_message="Choose the venture's kind from the list.",
                    ),
                ],
            },
            bases=("people.party",),
        ),
        migrations.CreateModel(
            name="FlowSummary",
            fields=[
                ("key", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("currency", models.CharField(blank=True, max_length=3)),
                ("kind", models.CharField(max_length=12)),
                ("status", models.CharField(max_length=10)),
                ("start_year", models.PositiveSmallIntegerField(null=True)),
                ("end_year", models.PositiveSmallIntegerField(null=True)),
                ("flows", models.IntegerField(default=0)),
                ("estimated", models.IntegerField(default=0)),
                ("open_ended", models.IntegerField(default=0)),
                ("usd_low", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
                ("usd_high", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("flows", 0)),
                        fields=["flows"],
                        name="ventures_flowsummary_empty",
                    )
                ],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="FlowEndSummary",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("side", models.CharField(max_length=9)),
                ("party_id", models.BigIntegerField(null=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("flows", models.IntegerField(default=0)),
                ("estimated", models.IntegerField(default=0)),
                ("usd_low", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
                ("usd_high", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("side"),
                        models.OrderBy(models.F("usd_high"), descending=True),
                        models.OrderBy(models.F("flows"), descending=True),
                        models.F("party_id"),
                        models.F("description"),
                        name="ventures_flowend_ranking",
                    ),
                    models.Index(
                        condition=models.Q(("flows", 0)),
                        fields=["flows"],
                        name="ventures_flowend_empty",
                    ),
                ],
                "constraints": [],
            },
        ),
        *carried("ventures.0002_search_indexes", 0),
        *carried("ventures.0009_flow_ends_public", 4),
        *carried("ventures.0011_flow_summary", 2),
        *carried("ventures.0012_flow_order_indexes", 0),
        *carried("ventures.0013_facet_covering_indexes", 0),
        *carried("ventures.0015_flow_text_trigrams", 0),
        *carried("ventures.0016_flow_end_summary", 1),
    ]
