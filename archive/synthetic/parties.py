"""People, organisations, ventures and the roles that tie them, with their citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.synthetic import text
from archive.synthetic.text import Weighted
from archive.synthetic.vocabulary import (
    COUNTRIES,
    MEDIA_NAMES,
    ORGANISATION_FORMS,
    ORGANISATION_WORDS,
    SECTORS,
    STARTUP_STEMS,
    VENTURE_TRADES,
)
from archive.synthetic.world import LAST_YEAR, Town

if TYPE_CHECKING:
    from archive.synthetic.world import World

ORG_KIND = Weighted(
    [
        ("ngo", 30),
        ("foundation", 12),
        ("company", 30),
        ("state_agency", 6),
        ("state_institute", 4),
        ("research_institute", 5),
        ("university", 4),
        ("informal_group", 6),
        ("party", 1),
        ("other", 2),
    ]
)
VENTURE_KIND = Weighted(
    [
        ("small_business", 48),
        ("startup", 18),
        ("joint_venture", 8),
        ("state_enterprise", 8),
        ("industrial_zone", 1),
        ("programme", 7),
        ("market", 10),
    ]
)
VENTURE_STATUS = Weighted([("active", 55), ("closed", 15), ("planned", 5), ("unknown", 25)])
COUNTRY_NAMES = {code: name for name, code, _ in COUNTRIES} | {"US": "the United States"}
KIND_WORDS = {
    "small_business": "small business",
    "startup": "startup",
    "joint_venture": "joint venture",
    "state_enterprise": "state-run enterprise",
    "industrial_zone": "industrial zone",
    "programme": "programme",
    "market": "market",
    "ngo": "a non-governmental organisation",
    "foundation": "a foundation",
    "company": "a company",
    "state_agency": "a state agency",
    "state_institute": "a state-run institute",
    "research_institute": "a research institute",
    "university": "a university",
    "informal_group": "an informal group",
    "party": "a political party",
    "other": "an association",
    "media_outlet": "a media outlet",
}
OCCUPATIONS = ["trader", "businessman", "businesswoman", "broker", "engineer", "teacher"]
RESIDENCES = ["KR", "KR", "KR", "CN", "JP", "US", ""]
ORG_COUNTRIES = ["KR", "KR", "KR", "CN", "JP", "KP", "US", "SG"]
VENTURE_SIZES = ["", "", "", "team of four", "a dozen workers", "125 companies"]
OWNER_KINDS = ["founder", "co_founder", "ceo"]
MEMBER_KINDS = ["head", "chair", "director", "staff", "fellow", "professor", "member", "ceo"]
ROLE_TITLES = {
    "founder": "founder",
    "co_founder": "co-founder",
    "ceo": "chief executive",
    "head": "head",
    "chair": "chairman",
    "director": "director",
    "staff": "manager",
    "fellow": "research fellow",
    "professor": "professor",
    "member": "member",
}
GROUP_SIZES = [
    # (qualifier, low, high, words)
    ("order_of_magnitude", 24, 99, "dozens"),
    ("at_most", None, 30000, "nearly 30,000"),
    ("at_least", 200, None, "more than 200"),
    ("approximate", 50, 50, "about 50"),
    ("exact", 12, 12, "12"),
    ("order_of_magnitude", 100, 999, "hundreds"),
]


def group(rng) -> dict:
    """The columns of a party that stands for several: "dozens", "nearly 30,000"."""
    qualifier, low, high, words = rng.choice(GROUP_SIZES)
    return {
        "is_group": True,
        "group_size_low": low,
        "group_size_high": high,
        "group_size_qualifier": qualifier,
        "group_size_text": words,
    }


def age(rng, year: int) -> tuple[str, int, int]:
    """An age as stated at the article's date, and the birth years it allows.

    "34" in 2016 is born 1981–1982; "in his 40s" in 2016 is born 1966–1976.
    """
    if rng.random() < 0.7:
        years = rng.randint(22, 75)
        return str(years), year - years - 1, year - years
    decade = rng.randint(2, 7) * 10
    return f"in {rng.choice(['his', 'her'])} {decade}s", year - decade - 10, year - decade


def build_people(world: World) -> None:
    """People: named (with romanisations), pseudonymous or unnamed; the first are journalists."""
    rng = world.rng("people")
    world.progress.start("people", world.plan.people)
    for k in range(world.plan.people):
        pk = world.person_id(k)
        source = rng.randrange(world.plan.sources)
        year = world.source_years[source]
        town = world.any_town(rng)
        defector = rng.random() < 0.45
        unnamed = rng.random() < 0.03
        pseudonym = not unnamed and rng.random() < 0.02
        journalist = k < world.plan.journalists
        who = rng.choice(OCCUPATIONS)
        who = "journalist" if journalist else "defector" if defector else who
        if unnamed:
            name, aliases, hangul = f"Unnamed {who} from {town.name}", [], ""
        else:
            name, aliases, hangul = text.korean_name(rng)
            if pseudonym:
                name, aliases = f"{name} (alias)", []
        said, low, high = (
            age(rng, year) if year and not journalist and rng.random() < 0.6 else ("", None, None)
        )
        kept = [alias for alias in aliases if rng.random() < 0.6]
        description = "" if unnamed else f"A {who} from {town.name}, {town.where}."
        world.out.add("party", world.party(rng, pk, "person", name, kept, description, [hangul]))
        world.out.add(
            "person",
            {
                "party_ptr_id": pk,
                "native_name": hangul,
                "is_pseudonym": pseudonym,
                "is_unnamed": unnamed,
                "is_defector": defector,
                "birth_year_low": low,
                "birth_year_high": high,
                "age_as_stated": said,
                "origin_country": "KP" if defector or town.country == "KP" else town.country,
                "residence_country": rng.choice(RESIDENCES),
            },
        )
        world.aliases(pk, [(alias, "romanisation") for alias in kept])
        aged = f", {said}," if said else ","
        if unnamed:
            aged = f", {said}," if said else ""
            quote = f"A {who} from {town.name}{aged} who declined to be named, spoke by phone."
        else:
            # Every spelling the record keeps is one the article gives.
            spellings = [hangul, *(f"also spelled {alias}" for alias in kept)]
            spelled = f" ({'; '.join(s for s in spellings if s)})" if any(spellings) else ""
            lives = COUNTRY_NAMES.get(rng.choice(RESIDENCES), "South Korea")
            doing = "covers North Korea's economy" if journalist else f"now lives in {lives}"
            quote = f"{name}{spelled}{aged} a {who} from {town.name}, {doing}."
        said_fields = ["name", *(["age"] if said else []), *(["defector"] if defector else [])]
        world.cite("party", pk, quote, source, said_fields)
        world.progress.step()
    world.progress.done()


def organisation_name(world: World, rng, k: int, town: Town) -> tuple[str, str]:
    """A kind and a name: media outlets first (they publish the sources), then the rest."""
    if k < world.plan.outlets:
        return "media_outlet", f"The {town.stem} {rng.choice(MEDIA_NAMES)}"
    kind = ORG_KIND.pick(rng)
    form = rng.choice(ORGANISATION_FORMS[kind])
    if kind == "company":
        return kind, f"{rng.choice([*STARTUP_STEMS, text.SURNAME.pick(rng)[0][0]])} {form}"
    if kind in ("university", "informal_group"):
        return kind, f"{town.stem} {form}"
    words = ORGANISATION_WORDS
    return kind, f"{rng.choice(words['prefix'])} {rng.choice(words['focus'])} {form}"


def build_organisations(world: World) -> None:
    rng = world.rng("organisations")
    plan = world.plan
    world.progress.start("organisations", plan.organisations)
    for k in range(plan.organisations):
        pk = world.organisation_id(k)
        source = rng.randrange(plan.sources)
        kind, name = organisation_name(world, rng, k, world.any_town(rng))
        short = text.acronym(name)
        aliases = [(short, "acronym")] if len(short) >= 3 and rng.random() < 0.4 else []
        world.acronyms.append(short)
        country = rng.choice(ORG_COUNTRIES)
        based = f"{KIND_WORDS[kind]} based in {COUNTRY_NAMES[country]}"
        row = world.party(
            rng, pk, "organization", name, [short] if aliases else [], f"{based.capitalize()}."
        )
        if kind == "informal_group" and rng.random() < 0.5:
            row |= group(rng)
        founded = (None, None, None)
        if rng.random() < 0.85:
            founded = text.partial_date(rng, rng.randint(1950, 2022))
        world.founded.append(founded[0])
        world.out.add("party", row)
        parent = world.organisation_id(rng.randrange(k)) if k and rng.random() < 0.08 else None
        world.out.add(
            "organization",
            {
                "party_ptr_id": pk,
                "org_kind": kind,
                "country": country,
                "parent_id": parent,
                "founded_year": founded[0],
                "founded_month": founded[1],
                "founded_day": founded[2],
            },
        )
        world.aliases(pk, aliases)
        named = f"{name} ({short})" if aliases else name
        size = f", with {row['group_size_text']} members," if row.get("is_group") else ""
        since = f" since {founded[0]}" if founded[0] else ""
        part = f", part of {world.name_of(parent)}," if parent else ""
        said_fields = [
            "name",
            "kind",
            *(["group_size"] if row.get("is_group") else []),
            *(["founded"] if founded[0] else []),
            *(["parent"] if parent else []),
        ]
        quote = f"{named}{size}{part} has been {based}{since}."
        world.cite("party", pk, quote, source, said_fields)
        world.progress.step()
    world.progress.done()


def venture_name(
    world: World, rng, kind: str, town: Town
) -> tuple[str, tuple[str, ...], int | None]:
    """A name, its sectors, and the person it is named after (if it is)."""
    trade, sectors = rng.choice(VENTURE_TRADES)
    if kind == "small_business" and rng.random() < 0.25:
        owner = rng.randrange(world.plan.people)
        owner_name = world.names[owner]
        if not owner_name.startswith("Unnamed") and not owner_name.endswith("(alias)"):
            return f"{owner_name}'s {trade}", sectors, owner
    if kind == "startup":
        return f"{rng.choice(STARTUP_STEMS)} {trade}", sectors, None
    if kind == "joint_venture":
        partner = rng.choice(world.towns["CN"] or [town]).stem
        return f"{partner}-{town.stem} {trade} Joint Venture", sectors, None
    if kind == "state_enterprise":
        return f"No. {rng.randint(1, 30)} {town.stem} {trade} Factory", sectors, None
    if kind == "industrial_zone":
        return f"{town.stem} Economic Development Zone", (rng.choice(SECTORS)[0],), None
    if kind == "programme":
        short = world.acronyms[rng.randrange(world.plan.organisations)] or "Hope"
        scheme = rng.choice(["Microloan", "Startup", "Scholarship", "Seed Fund"])
        return f"{short} {scheme} Programme", ("entrepreneurship-education",), None
    if kind == "market":
        market = rng.choice(["Market", "Jangmadang", "Central Market"])
        return f"{town.stem} {market}", ("retail",), None
    return f"{town.stem} {trade}", sectors, None


def venture_dates(rng, year: int | None, status: str) -> tuple[tuple, int | None]:
    """When it opened (as a partial date) and, if closed, the year it closed."""
    if rng.random() >= 0.85:
        return (None, None, None), None
    latest = min(year or LAST_YEAR, LAST_YEAR)
    founded = text.partial_date(rng, max(1990, latest - int(25 * rng.random() ** 1.5)))
    if status != "closed" or rng.random() >= 0.8:
        return founded, None
    return founded, rng.randint(founded[0], min(LAST_YEAR, founded[0] + 12))


def build_ventures(world: World) -> None:
    rng = world.rng("ventures")
    plan = world.plan
    world.progress.start("ventures", plan.ventures)
    for k in range(plan.ventures):
        pk = world.venture_id(k)
        source = rng.randrange(plan.sources)
        kind = VENTURE_KIND.pick(rng)
        town = world.any_town(rng)
        name, sectors, owner = venture_name(world, rng, kind, town)
        several = (
            group(rng) if kind == "small_business" and owner is None and rng.random() < 0.03 else {}
        )
        if several:
            name = f"{name.split(' ', 1)[1]}s in {town.stem}"
        aliases = []
        spellings = [alias for alias in world.place_aliases.get(town.id, []) if alias.isascii()]
        if spellings and town.stem in name and rng.random() < 0.35:
            variant = spellings[0].removesuffix(town.name[len(town.stem) :])
            aliases.append((name.replace(town.stem, variant), "romanisation"))
        placed = rng.random() < 0.92
        status = VENTURE_STATUS.pick(rng)
        founded, closed = venture_dates(rng, world.source_years[source], status)
        description = f"A {KIND_WORDS[kind]} in {town.name}, {town.where}."
        row = world.party(rng, pk, "venture", name, [a for a, _ in aliases], description)
        world.out.add("party", row | several)
        operator = None
        if kind in ("programme", "industrial_zone") or rng.random() < 0.05:
            operator = world.organisation_id(world.skewed(rng, plan.organisations, plan.outlets))
        size = "" if kind == "programme" else rng.choice(VENTURE_SIZES)
        world.out.add(
            "venture",
            {
                "party_ptr_id": pk,
                "venture_kind": kind,
                "place_id": town.id if placed else None,
                "status": status,
                "founded_year": founded[0],
                "founded_month": founded[1],
                "founded_day": founded[2],
                "closed_year": closed,
                "size": size,
                "ownership": "Chinese and North Korean" if kind == "joint_venture" else "",
                "operated_by_id": operator,
            },
        )
        for slug in [sectors[0]] + [slug for slug in sectors[1:] if rng.random() < 0.5]:
            world.out.add(
                "venture_sector",
                {
                    "id": world.ids.take("venture_sector"),
                    "venture_id": pk,
                    "sector_id": world.sectors[slug],
                },
            )
        world.aliases(pk, aliases)
        world.venture_owner.append(owner)
        world.venture_founded.append(founded[0])
        opened = f", opened {text.date_phrase(*founded)}" if founded[0] else ""
        shut = f" and closed in {closed}" if closed else ""
        spelled = f" (also written {aliases[0][0]})" if aliases else ""
        what = (
            f"{several['group_size_text'].capitalize()} of {name}{spelled}, in {town.name}"
            if several
            else f"{name}{spelled}, a {KIND_WORDS[kind]} in {town.name}"
        )
        extra = "".join(
            [
                f", {size}" if size else "",
                ", owned by Chinese and North Korean partners" if kind == "joint_venture" else "",
                f", run by {world.name_of(operator)}" if operator else "",
            ]
        )
        said_fields = [
            "name",
            "kind",
            *(["place"] if placed else []),
            *(["status"] if status != "unknown" else []),
            *(["founded"] if founded[0] else []),
            *(["closed"] if closed else []),
            *(["size"] if size else []),
            *(["ownership"] if kind == "joint_venture" else []),
            *(["operated_by"] if operator else []),
            *(["group_size"] if several else []),
        ]
        world.cite("party", pk, f"{what}{extra}{opened}{shut}.", source, said_fields)
        world.progress.step()
    world.progress.done()


def build_roles(world: World) -> None:
    """Founders of about half the ventures, and people in the organisations."""
    rng = world.rng("roles")
    plan = world.plan
    world.progress.start("roles", plan.ventures + plan.organisations)
    holders = [
        (world.venture_id(k), world.venture_founded[k], world.venture_owner[k], True)
        for k in range(plan.ventures)
    ] + [
        (world.organisation_id(k), world.founded[k], None, False) for k in range(plan.organisations)
    ]
    for org, founded, owner, is_venture in holders:
        if is_venture:
            count = 1 if owner is not None or rng.random() < 0.55 else 0
        else:
            count = rng.choice([0, 1, 1, 1, 2])
        taken = []
        for n in range(count):
            person = owner if owner is not None and n == 0 else rng.randrange(plan.people)
            kind = (
                "founder"
                if person == owner
                else rng.choice(OWNER_KINDS if is_venture else MEMBER_KINDS)
            )
            if (person, kind) not in taken:
                taken.append((person, kind))
                role(world, rng, person, org, kind, founded)
        world.progress.step()
    world.progress.done()


def role(world: World, rng, person: int, org: int, kind: str, founded: int | None) -> None:
    start = end = None
    if founded and rng.random() < 0.7:
        start = (
            founded
            if kind in ("founder", "co_founder")
            else min(LAST_YEAR, founded + rng.randint(0, 10))
        )
        if rng.random() < 0.2:
            end = min(LAST_YEAR, start + rng.randint(0, 8))
    pk = world.ids.take("role")
    world.out.add(
        "role",
        {
            "id": pk,
            **world.record(rng),
            "person_id": world.person_id(person),
            "organization_id": org,
            "kind": kind,
            "title": ROLE_TITLES[kind],
            "start_year": start,
            "end_year": end,
        },
    )
    since = f" from {start} to {end}" if end else f" since {start}" if start else ""
    title = f"the {ROLE_TITLES[kind]} of {world.name_of(org)}"
    said_fields = [
        "person",
        "organization",
        "kind",
        *(["start"] if start else []),
        *(["end"] if end else []),
    ]
    world.cite(
        "role",
        pk,
        f"{world.names[person]} has been {title}{since}.",
        rng.randrange(world.plan.sources),
        said_fields,
    )
