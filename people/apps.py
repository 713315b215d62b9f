from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        from core.search import register_refresher
        from people import signals  # noqa: F401
        from people.models import Organization, Party, Person
        from people.search import refresh_party_search
        from ventures.models import Venture

        # Each party's name keys are stored under its own kind, so a search of one kind
        # reads its own keys alone (core.search.Searchable).
        register_refresher(
            "party",
            refresh_party_search,
            Party,
            parts={model: model.party_kind.value for model in (Person, Organization, Venture)},
            part_field="kind",
        )
