from django.apps import AppConfig


class VenturesConfig(AppConfig):
    name = "ventures"
    verbose_name = "Ventures, places and funding"

    def ready(self):
        from ventures import signals  # noqa: F401
