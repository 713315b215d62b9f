"""Reference rows of the synthetic archive: exchange rates, sectors, and nested places.

Countries, provinces and named cities that the real archive already has (matched by
slug) are reused, never changed; the rest are created and marked synthetic. Only
towns and cities may be hidden: a hidden country would hide half the archive.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.text import slugify

from archive.synthetic.schema import PREFIX, RATE_SOURCE
from archive.synthetic.text import Weighted
from archive.synthetic.vocabulary import (
    COUNTRIES,
    PROVINCES,
    RATES,
    SECTORS,
    TOWN_KINDS,
    TOWN_SYLLABLES,
)
from archive.synthetic.world import Town
from core.search import search_text

if TYPE_CHECKING:
    from archive.synthetic.world import World

PLACE_WORDS = {"province": "province", "city": "city", "county": "county", "zone": "district"}
COUNTRY_WEIGHT = {"KP": 60, "KR": 20, "CN": 12, "JP": 5, "SG": 3}


def build_rates(world: World) -> None:
    """Approximate rates for the (currency, year) pairs the real table lacks, marked."""
    for currency, years in RATES.items():
        known = world.rates.setdefault(currency, {})
        for year, units in years.items():
            if year in known:
                continue
            known[year] = Decimal(units)
            world.out.add(
                "rate",
                {
                    "id": world.ids.take("rate"),
                    "currency": currency,
                    "year": year,
                    "units_per_usd": Decimal(units),
                    "source_kind": "official",
                    "source": RATE_SOURCE,
                },
            )


def build_sectors(world: World) -> None:
    for slug, name, description in SECTORS:
        if slug in world.real_sectors:
            world.sectors[slug] = world.real_sectors[slug]
            continue
        pk = world.ids.take("sector")
        world.sectors[slug] = pk
        world.out.add(
            "sector",
            {"id": pk, "name": name, "slug": PREFIX + slug, "description": description},
        )


def place(
    world: World,
    rng: random.Random,
    name: str,
    kind: str,
    country: str,
    *,
    parent: int | None = None,
    parent_name: str = "",
    aliases: tuple[str, ...] = (),
    may_hide: bool = True,
    reuse: bool = True,
) -> int:
    """A place's id: the archive's own place of that name if it has one, else a new one."""
    slug = slugify(name)
    if reuse and slug in world.real_places:
        return world.real_places[slug]
    pk = world.ids.take("place")
    state = world.record(rng)
    if not may_hide:
        state |= {"publication_state": "published", "visibility": "public"}
    world.out.add(
        "place",
        {
            "id": pk,
            **state,
            "name": name,
            "slug": f"{PREFIX}{slug}-{pk}",
            "kind": kind,
            "parent_id": parent,
            "country": country,
            "search_text": search_text([name, *aliases]),
        },
    )
    for alias in aliases:
        world.out.add(
            "place_alias", {"id": world.ids.take("place_alias"), "place_id": pk, "name": alias}
        )
    world.place_aliases[pk] = list(aliases)
    where = f"a {PLACE_WORDS[kind]} in {parent_name}" if parent_name else "a country"
    spelled = f" (also written {', '.join(aliases)})" if aliases else ""
    world.place_quotes.append((pk, f"{name}{spelled} is {where}."))
    return pk


def build_places(world: World) -> None:
    """Countries and provinces (reused from the archive where it has them), then towns."""
    rng = world.rng("places")
    world.progress.start("places", len(COUNTRIES) + world.plan.towns)
    provinces: list[tuple[int, str, str]] = []
    for name, code, _ in COUNTRIES:
        country = place(world, rng, name, "country", code, may_hide=False)
        world.towns[code] = []
        for province, aliases, cities in PROVINCES[code]:
            pk = place(
                world,
                rng,
                province,
                "province",
                code,
                parent=country,
                parent_name=name,
                aliases=aliases,
                may_hide=False,
            )
            provinces.append((pk, province, code))
            for city, city_aliases in cities:
                town = place(
                    world,
                    rng,
                    city,
                    "city",
                    code,
                    parent=pk,
                    parent_name=province,
                    aliases=city_aliases,
                )
                world.towns[code].append(Town(town, city, code, province))
        world.progress.step()
    for _ in range(world.plan.towns):
        pk, province, code = provinces[int(len(provinces) * rng.random() ** 0.6)]
        first, second = rng.choice(TOWN_SYLLABLES), rng.choice(TOWN_SYLLABLES)
        suffix, kind = rng.choice(TOWN_KINDS)
        stem = f"{first[0].capitalize()}{second[0].lower()}"
        rr = f"{stem} {suffix}".strip()
        mr = f"{first[1].capitalize()}{second[1].lower()} {suffix}".strip()
        town = place(
            world,
            rng,
            rr,
            kind,
            code,
            parent=pk,
            parent_name=province,
            aliases=(mr,) if mr != rr else (),
            reuse=False,
        )
        world.towns[code].append(Town(town, rr, code, province, stem))
        world.progress.step()
    world.town_pick = Weighted(
        [(code, COUNTRY_WEIGHT[code]) for code in world.towns if world.towns[code]]
    )
    for pk, quote in world.place_quotes:
        world.cite("place", pk, quote, rng.randrange(world.plan.sources), ["name"])
    world.progress.done()
