"""Indexes for the live counts of the admin index's "Needs attention" panel (issue 9):
the drafts of each kind of party, and the monetary flows without a USD estimate, each
counted up to 1,000 on every view of the index (``archive.attention``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_squashed_0015_person_countries_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="party",
            index=models.Index(
                condition=models.Q(("publication_state", "draft")),
                fields=["kind"],
                name="people_party_drafts",
            ),
        ),
    ]
