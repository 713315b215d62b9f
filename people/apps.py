from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        from core.search import register_refresher
        from people import signals  # noqa: F401
        from people.models import Party
        from people.search import refresh_party_search

        register_refresher("party", refresh_party_search, Party)
