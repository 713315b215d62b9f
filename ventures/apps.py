from django.apps import AppConfig


class VenturesConfig(AppConfig):
    name = "ventures"
    verbose_name = "Ventures, places and funding"

    def ready(self):
        from core.search import register_refresher, register_variants
        from ventures import signals  # noqa: F401
        from ventures.models import Place
        from ventures.search import public_places, refresh_place_search

        register_refresher("place", refresh_place_search, Place)
        register_variants("place", public_places)
