"""Indexes for the live counts of the admin index's "Needs attention" panel (issue 9):
the drafts of each kind of party, and the monetary flows without a USD estimate, each
counted up to 1,000 on every view of the index (``archive.attention``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0016_attention_counts"),
        ("ventures", "0018_flow_order_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="fundingflow",
            index=models.Index(
                condition=models.Q(
                    models.Q(("amount_qualifier", "unknown"), _negated=True),
                    ("usd_high__isnull", True),
                    ("usd_low__isnull", True),
                ),
                fields=["id"],
                name="ventures_flow_without_usd",
            ),
        ),
    ]
