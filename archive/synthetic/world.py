"""The synthetic archive itself: which records exist, what they say, and who cites them.

``World.build`` makes every row from a seeded random stream per phase (places, people,
organisations, ventures, roles, flows, sources), so the same seed gives the same rows,
and one phase's draws never shift another's. Rows go to ``schema.Buffers`` as dicts
keyed by model field; this module decides their content, ``schema`` where they go.

The synthetic records form a closed world: they point only at each other, at the
archive's sectors and at its named places (countries, provinces, cities, matched by
slug), never at a real party, flow or source, so ``schema.remove`` can take exactly
them away.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.text import slugify

from archive.synthetic.schema import PREFIX, Buffers, Ids
from archive.synthetic.text import Weighted
from archive.synthetic.vocabulary import (
    COUNTRIES,
    PROVINCES,
)
from core.search import search_text
from ventures.services import RateTable

FIRST_YEAR, LAST_YEAR = 1995, 2024


@dataclass(frozen=True)
class Plan:
    """How many of each record, in proportion to the ventures and flows asked for.

    At 200,000 ventures and 1,000,000 flows: 110,000 people, 40,000 organisations,
    50,000 sources, about 5,000 places and 1.7 million citations — the proportions of
    the trial that SCALE-NOTES.md describes.
    """

    ventures: int
    flows: int
    people: int
    organisations: int
    sources: int
    towns: int
    outlets: int
    journalists: int

    @classmethod
    def of(cls, ventures: int, flows: int) -> Plan:
        organisations = max(5, ventures // 5)
        sources = max(3, ventures // 4)
        return cls(
            ventures=ventures,
            flows=flows,
            people=max(10, ventures * 11 // 20),
            organisations=organisations,
            sources=sources,
            towns=max(0, ventures // 40),
            outlets=max(2, min(organisations // 5, max(2, sources // 250))),
            journalists=max(2, sources // 20),
        )


def vocabulary_slugs() -> list[str]:
    """Slugs of the named places, to match against the archive's own places."""
    slugs = [slug for _, _, slug in COUNTRIES]
    for provinces in PROVINCES.values():
        for province, _, cities in provinces:
            slugs.append(slugify(province))
            slugs.extend(slugify(city) for city, _ in cities)
    return slugs


@dataclass
class Town:
    """A town ventures and people can be placed in; ``stem`` is its name in a business name
    ("Songchon Noodle House" in Songchon County)."""

    id: int
    name: str
    country: str
    where: str
    stem: str = ""

    def __post_init__(self):
        self.stem = self.stem or self.name


class World:
    """The state the phases share: the plan, the id blocks, the rows' destination, and
    what later phases need of earlier ones (names, towns, sources' dates and sentences).

    Parties get consecutive ids in one block (people, then organisations, then
    ventures), so a phase can point at a party another phase has not written yet.
    """

    def __init__(
        self,
        plan: Plan,
        seed: int,
        ids: Ids,
        out: Buffers,
        rates: RateTable,
        real_places: dict[str, int],
        real_sectors: dict[str, int],
        now: datetime,
        progress,
    ):
        self.plan, self.seed, self.ids, self.out = plan, seed, ids, out
        self.rates, self.real_places, self.real_sectors = rates, real_places, real_sectors
        self.now, self.progress = now, progress
        self.first_party = ids.take("party", plan.people + plan.organisations + plan.ventures)
        self.first_source = ids.take("source", plan.sources)
        self.names: list[str] = []
        self.sectors: dict[str, int] = {}
        self.towns: dict[str, list[Town]] = {}
        self.town_pick: Weighted | None = None
        self.source_years: list[int | None] = []
        self.source_dates: list[date | None] = []
        self.sentences: list[list[str]] = [[] for _ in range(plan.sources)]
        self.place_quotes: list[tuple[int, str]] = []
        self.place_aliases: dict[int, list[str]] = {}
        self.acronyms: list[str] = []
        self.founded: list[int | None] = []
        self.venture_owner: list[int | None] = []
        self.venture_founded: list[int | None] = []

    @property
    def last_party(self) -> int:
        plan = self.plan
        return self.first_party + plan.people + plan.organisations + plan.ventures - 1

    # Helpers ---------------------------------------------------------------------------

    def rng(self, phase: str) -> random.Random:
        return random.Random(f"{self.seed}:{phase}")

    def record(self, rng: random.Random) -> dict:
        """Publication state and visibility: about 10% of records are draft or restricted."""
        return {
            "publication_state": "draft" if rng.random() < 0.05 else "published",
            "visibility": "restricted" if rng.random() < 0.05 else "public",
            "created_at": self.now,
            "updated_at": self.now,
        }

    def cite(self, target: str, pk: int, quote: str, source: int, fields: list[str]) -> None:
        """A citation of ``quote`` in source ``source``, whose text will contain it.

        ``fields`` are the record's stated fields the quote supports, as
        ``sources.support`` reads them: the phase that words the quote knows which
        values it put in, and puts in every name, amount, date and alias it lists.
        """
        self.sentences[source].append(quote)
        self.out.add(
            "citation",
            {
                "id": self.ids.take("citation"),
                "source_id": self.first_source + source,
                "quote": quote,
                f"{target}_id": pk,
                "fields": fields,
                "created_at": self.now,
            },
        )

    def person_id(self, k: int) -> int:
        return self.first_party + k

    def organisation_id(self, k: int) -> int:
        return self.first_party + self.plan.people + k

    def venture_id(self, k: int) -> int:
        return self.first_party + self.plan.people + self.plan.organisations + k

    def name_of(self, party_id: int) -> str:
        return self.names[party_id - self.first_party]

    def skewed(self, rng: random.Random, count: int, skip: int = 0) -> int:
        """An index where a few are picked often: a few funders fund a lot.

        The favoured ones start after ``skip``, so the journalists and media outlets
        (the first people and organisations) are not also the biggest funders.
        """
        return (int(count * rng.random() ** 2.5) + skip) % count

    def party(self, rng, pk, kind, name, aliases, description, extra_names=()) -> dict:
        self.names.append(name)
        return {
            "id": pk,
            **self.record(rng),
            "kind": kind,
            "name": name,
            "slug": f"{PREFIX}{slugify(name)[:80]}-{pk - self.first_party}",
            "description": description,
            "search_text": search_text([name, *sorted(aliases), *extra_names]),
        }

    def aliases(self, party_id: int, names: list[tuple[str, str]]) -> None:
        for name, kind in names:
            self.out.add(
                "alias",
                {"id": self.ids.take("alias"), "party_id": party_id, "name": name, "kind": kind},
            )

    # Phases ----------------------------------------------------------------------------

    def build(self) -> None:
        """Every phase in order; the sources last, once every sentence they hold is known."""
        from archive.synthetic import articles, flows, parties, places

        places.build_rates(self)
        places.build_sectors(self)
        places.build_places(self)
        articles.plan_sources(self)
        parties.build_people(self)
        parties.build_organisations(self)
        parties.build_ventures(self)
        parties.build_roles(self)
        # Every party written before the first flow: a flow's trigger derives its
        # ends_public from its ends as it is written (migration ventures/0009).
        self.out.flush()
        flows.build_flows(self)
        articles.build_sources(self)
        self.out.flush()

    def any_town(self, rng: random.Random) -> Town:
        return rng.choice(self.towns[self.town_pick.pick(rng)])
