"""The synthetic articles: dated first (what they report is dated from them), written
last, each holding every sentence a citation quotes from it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from archive.synthetic.schema import HOST, PREFIX
from archive.synthetic.vocabulary import SECTIONS
from archive.synthetic.world import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from archive.synthetic.world import World


def plan_sources(world: World) -> None:
    """Each source's date, decided first: what it reports is dated from it."""
    rng = world.rng("source-dates")
    for _ in range(world.plan.sources):
        if rng.random() < 0.04:
            world.source_dates.append(None)
            world.source_years.append(None)
            continue
        year = FIRST_YEAR + 2 + int((LAST_YEAR - FIRST_YEAR - 1) * rng.random() ** 0.7)
        world.source_dates.append(date(year, rng.randint(1, 12), rng.randint(1, 28)))
        world.source_years.append(year)


def build_sources(world: World) -> None:
    """The articles, written last: each one's text holds every sentence cited from it."""
    rng = world.rng("sources")
    plan = world.plan
    world.progress.start("sources", plan.sources)
    for k in range(plan.sources):
        pk = world.first_source + k
        town = world.any_town(rng)
        title = rng.choice(
            [
                f"Defector-run businesses grow in {town.name}",
                f"Who funds {town.name}'s markets",
                f"Money flows quietly across the border to {town.where.split(' in ')[-1]}",
                f"Inside the private economy of {town.name}",
                "Startups founded by defectors raise funds",
                "How remittances keep small businesses afloat",
            ]
        )
        published = world.source_dates[k]
        dateline = f"{town.name.upper()}, {published:%B %Y}. " if published else ""
        sentences = world.sentences[k]
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        body = "\n\n".join(paragraphs) or "The report names no one."
        world.sentences[k] = []
        world.out.add(
            "source",
            {
                "id": pk,
                **world.record(rng),
                "title": title,
                "slug": f"{PREFIX}article-{k}",
                "publisher_id": world.organisation_id(rng.randrange(plan.outlets))
                if rng.random() < 0.95
                else None,
                "published_on": published,
                "url": f"{HOST}articles/{k}",
                "language": "en",
                "section": rng.choice(SECTIONS),
                "full_text": f"{title}\n\n{dateline}{body}\n",
            },
        )
        for author in rng.sample(range(plan.journalists), min(plan.journalists, rng.randint(1, 2))):
            world.out.add(
                "source_author",
                {
                    "id": world.ids.take("source_author"),
                    "source_id": pk,
                    "person_id": world.person_id(author),
                },
            )
        world.progress.step()
    world.progress.done()
