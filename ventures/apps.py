from django.apps import AppConfig


class VenturesConfig(AppConfig):
    name = "ventures"
    verbose_name = "Ventures, places and funding"

    def ready(self):
        from core.search import register_refresher
        from ventures import signals  # noqa: F401
        from ventures.search import refresh_place_search

        register_refresher("place", refresh_place_search)
