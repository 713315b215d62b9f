"""Django's ``loaddata``, with the search columns refreshed once at the end.

Every row ``loaddata`` saves sends ``post_save``; refreshing a party's search columns
on each of them (and again for each of its aliases) would make loading an archive
slow. This wraps the stock command so the refreshes are collected and run in bulk.
"""

from django.core.management.commands import loaddata

from core.search import deferred_refresh


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with deferred_refresh():
            super().handle(*fixture_labels, **options)
