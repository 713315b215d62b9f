from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from core import outbox

        # Resolved at the first commit, once every viewset can be imported.
        outbox.represent_with("archive.changes.represent")
