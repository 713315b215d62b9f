"""The evidence check's kept figures (``sources.evidence``), which the admin index shows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0001_squashed_0009_quote_trigrams'),
    ]

    operations = [
        migrations.CreateModel(
            name='EvidenceCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_at', models.DateTimeField(db_index=True, help_text='When the check began reading the archive: a change after it may not be in its figures.')),
                ('seconds', models.FloatField(help_text='How long the check took.')),
                ('citations', models.PositiveIntegerField(help_text='How many citations were checked.')),
                ('failing_quotes', models.PositiveIntegerField(help_text="Citations whose quote is not in their source's text.")),
                ('failing_ids', models.JSONField(default=list, help_text="Those citations' ids, which the admin's quote filter starts from.")),
                ('uncited', models.JSONField(default=dict, help_text='Per model label, how many records no citation backs.')),
                ('unsupported', models.JSONField(blank=True, help_text='Per model label, how many records have a stated field no quote supports; empty when the run checked quotes only.', null=True)),
            ],
            options={
                'verbose_name': 'evidence check',
                'ordering': ['-checked_at', '-id'],
                'get_latest_by': ['checked_at', 'id'],
            },
        ),
    ]
