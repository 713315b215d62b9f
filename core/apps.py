from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Archive core"

    def ready(self) -> None:
        from core import lookups

        lookups.register()
