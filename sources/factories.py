"""factory_boy factories for sources and the citations that quote them.

A ``SourceFactory`` article carries ``ARTICLE_TEXT``; a ``CitationFactory`` quotes
``QUOTE`` from it, so ``is_verified`` holds by default. A citation backs a new
person unless the test names another target: ``CitationFactory(flow=flow)``.
"""

import datetime

import factory

from core.records import PublicationState, Visibility
from people.factories import PersonFactory
from sources.models import Citation, Source, Statement, StatementKind

QUOTE = "Each of the three entrepreneurs received 20,000 yuan to 30,000 yuan"

ARTICLE_TEXT = (
    "SEOUL - A small foundation has been quietly backing North Korean defectors "
    "who want to start businesses.\n\n"
    f"{QUOTE} (S$4,100 to S$6,200) in start-up money, the foundation’s director said.\n\n"
    "“We are not a bank,” she said. “We are betting on people.”"
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Defectors who fund defectors, part {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    published_on = datetime.date(2020, 3, 15)
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    full_text = ARTICLE_TEXT
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    quote = QUOTE
    role = None
    flow = None
    place = None
    relation = None
    # A citation backs exactly one record: a person, unless another target is given.
    party = factory.Maybe(
        factory.LazyAttribute(
            lambda o: o.role is None and o.flow is None and o.place is None and o.relation is None
        ),
        yes_declaration=factory.SubFactory(PersonFactory),
        no_declaration=None,
    )


class StatementFactory(factory.django.DjangoModelFactory):
    """A statistic quoting ``QUOTE`` from a new source."""

    class Meta:
        model = Statement

    source = factory.SubFactory(SourceFactory)
    quote = QUOTE
    kind = StatementKind.STATISTIC
    summary = "Three entrepreneurs each received 20,000 to 30,000 yuan."
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC
