"""Funding flows: vague amounts in five currencies, goods in kind, dates as articles give
them, and the USD estimate ``ventures.services`` would compute for each.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from archive.synthetic import text
from archive.synthetic.text import Weighted, sentence
from archive.synthetic.vocabulary import (
    CHANNELS,
    GOODS,
    PURPOSES,
    UNNAMED_FUNDERS,
    UNNAMED_RECIPIENTS,
)
from archive.synthetic.world import FIRST_YEAR, LAST_YEAR
from core.records import describe_bounds
from ventures.services import earliest_year, estimate_amount

if TYPE_CHECKING:
    from archive.synthetic.world import World

CURRENCY = Weighted([("USD", 30), ("KRW", 25), ("CNY", 25), ("JPY", 10), ("SGD", 10)])
QUALIFIER = Weighted(
    [
        ("exact", 25),
        ("approximate", 15),
        ("range", 15),
        ("at_least", 10),
        ("at_most", 6),
        ("order_of_magnitude", 6),
        ("unknown", 23),
    ]
)
FLOW_KIND = Weighted(
    [
        ("investment", 25),
        ("donation", 15),
        ("grant", 12),
        ("scholarship", 5),
        ("remittance", 20),
        ("loan", 10),
        ("in_kind", 8),
        ("unspecified", 5),
    ]
)
FLOW_STATUS = Weighted([("reported", 80), ("pledged", 8), ("proposed", 6), ("sought", 6)])
BASIS = Weighted(
    [
        ("single", 35),
        ("per_payment", 10),
        ("per_year", 10),
        ("cumulative", 15),
        ("per_recipient", 5),
        ("unknown", 25),
    ]
)
BASIS_WORDS = {
    "per_payment": " at a time",
    "per_year": " a year",
    "cumulative": " in total",
    "per_recipient": " each",
}
LEAD_INS = {
    "reported": "",
    "pledged": "Under a pledge, ",
    "proposed": "Under a proposed plan, ",
    "sought": "According to a request for funds, ",
}
VERBS = {
    "investment": ("invested {} in", "invested in"),
    "donation": ("donated {} to", "made a donation to"),
    "grant": ("granted {} to", "gave a grant to"),
    "scholarship": ("awarded {} in scholarships to", "awarded scholarships to"),
    "remittance": ("sent {} to", "sent money to"),
    "loan": ("lent {} to", "lent money to"),
    "unspecified": ("gave {} to", "funded"),
}


def flow_end(world: World, rng, side: str) -> tuple[int | None, str]:
    """A funder or recipient: a person, organisation or venture, or an unnamed description."""
    plan = world.plan
    roll = rng.random()
    if side == "funder":
        if roll < 0.30:
            return world.person_id(world.skewed(rng, plan.people, plan.journalists)), ""
        if roll < 0.70:
            return world.organisation_id(world.skewed(rng, plan.organisations, plan.outlets)), ""
        if roll < 0.82:
            return world.venture_id(world.skewed(rng, plan.ventures)), ""
        return None, rng.choice(UNNAMED_FUNDERS)
    if roll < 0.65:
        return world.venture_id(rng.randrange(plan.ventures)), ""
    if roll < 0.77:
        return world.organisation_id(rng.randrange(plan.organisations)), ""
    if roll < 0.92:
        return world.person_id(rng.randrange(plan.people)), ""
    return None, rng.choice(UNNAMED_RECIPIENTS)


def flow_dates(world: World, rng, year: int | None) -> dict:
    """The flow's period and how the article words it, relative to the article's year."""
    roll = rng.random()
    if year and roll < 0.1:
        return {"start_year": year - 1, "date_as_stated": "last year"}
    if roll < 0.7:
        start = max(FIRST_YEAR, (year or LAST_YEAR) - int(12 * rng.random() ** 1.5))
        start, month, day = text.partial_date(rng, start)
        return {
            "start_year": start,
            "start_month": month,
            "start_day": day,
            "date_as_stated": text.date_phrase(start, month, day),
        }
    if roll < 0.82:
        start = max(FIRST_YEAR, (year or LAST_YEAR) - rng.randint(2, 12))
        end = min(year or LAST_YEAR, start + rng.randint(1, 5))
        return {
            "start_year": start,
            "end_year": end,
            "date_as_stated": f"from {start} to {end}",
        }
    if roll < 0.9:
        return {"date_as_stated": "to date"}
    return {}


def amount(world: World, rng, currency: str, year: int | None) -> tuple[dict, dict | None]:
    """A stated amount's columns and words, and maybe a conversion the article gives."""
    qualifier = QUALIFIER.pick(rng)
    if qualifier == "unknown":
        return {"amount_qualifier": qualifier, "amount_as_stated": ""}, None
    local = 10 ** rng.uniform(2, 7) * text.units_per_usd(currency, year)
    style = rng.randrange(3)
    columns = {"amount_qualifier": qualifier, "currency": currency}
    if qualifier == "order_of_magnitude":
        low, high, words = text.order_of_magnitude(currency, local)
        columns |= {"amount_low": Decimal(low), "amount_high": Decimal(high)}
        return columns | {"amount_as_stated": words}, None
    low = high = text.nice(local)
    if qualifier == "range":
        high = max(low, text.nice(low * rng.uniform(1.2, 3)))
    elif qualifier == "at_least":
        high = None
    elif qualifier == "at_most":
        low = None
    first = high if low is None else low
    said = text.money(currency, first, style)
    converted = conversion(rng, currency, first, year) if rng.random() < 0.05 else None
    if converted:
        said = f"{said} {converted['as_stated']}"
    if qualifier in text.QUALIFIED:
        said = rng.choice(text.QUALIFIED[qualifier]).format(said)
    elif qualifier == "range":
        said = f"{said} to {text.money(currency, high, style)}"
    columns |= {
        "amount_low": None if low is None else Decimal(low),
        "amount_high": None if high is None else Decimal(high),
        "amount_as_stated": said,
    }
    return columns, converted


def conversion(rng, currency: str, amount: int, year: int | None) -> dict:
    """ "20,000 yuan (S$4,100)": the same amount in another currency, as the article puts it."""
    to = rng.choice([code for code in ("USD", "KRW", "CNY", "JPY", "SGD") if code != currency])
    value = text.nice(amount / text.units_per_usd(currency, year) * text.units_per_usd(to, year))
    approximate = rng.random() < 0.4
    words = text.money(to, value, 1 if to == "KRW" else 0)
    return {
        "from_amount": Decimal(amount),
        "to_currency": to,
        "to_amount": Decimal(value),
        "is_approximate": approximate,
        "as_stated": f"({'approximately ' if approximate else ''}{words})",
    }


def goods(world: World, rng, flow_id: int) -> str:
    """One to three kinds of goods sent in kind, each with its quantity as stated."""
    phrases = []
    for item in rng.sample(GOODS, rng.randint(1, 3)):
        qualifier = rng.choice(["unknown", "unknown", "exact", "at_least", "approximate", "range"])
        low = high = None
        if qualifier != "unknown":
            low = high = text.nice(10 ** rng.uniform(1, 4))
            high = {"at_least": None, "range": low * 2}.get(qualifier, high)
        words = "" if low is None else describe_bounds(low, high, qualifier) + " "
        phrases.append(f"{words}{item}")
        world.out.add(
            "goods",
            {
                "id": world.ids.take("goods"),
                "flow_id": flow_id,
                "item": item,
                "quantity_low": low,
                "quantity_high": high,
                "quantity_qualifier": qualifier,
            },
        )
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def usd(world: World, row: dict, sources: list[int]) -> dict:
    """The USD estimate ``ventures.services.estimate_usd`` gives this flow once stored.

    An undated flow takes the year of its earliest dated citing source, which is why
    each flow's sources are chosen before its amount.
    """
    if row["amount_qualifier"] == "unknown":
        return {}
    year = None
    if row["currency"] != "USD":
        year = row.get("start_year") or row.get("end_year")
        year = year or earliest_year(world.source_dates[source] for source in sources)
    estimate = estimate_amount(
        row["currency"], row.get("amount_low"), row.get("amount_high"), year, world.rates
    )
    return {"usd_low": estimate.low, "usd_high": estimate.high, "usd_rate_years": estimate.years}


def build_flows(world: World) -> None:
    rng = world.rng("flows")
    plan = world.plan
    world.progress.start("flows", plan.flows)
    for _ in range(plan.flows):
        pk = world.ids.take("flow")
        sources = [rng.randrange(plan.sources)]
        if rng.random() < 0.12:
            sources.append(rng.randrange(plan.sources))
        funder, funder_said = flow_end(world, rng, "funder")
        recipient, recipient_said = flow_end(world, rng, "recipient")
        # Every synthetic flow names a synthetic party at one end (see schema), once each.
        while (recipient is None and funder is None) or recipient == funder:
            recipient, recipient_said = world.venture_id(rng.randrange(plan.ventures)), ""
        kind = FLOW_KIND.pick(rng)
        dates = flow_dates(world, rng, world.source_years[sources[0]])
        year = dates.get("start_year") or world.source_years[sources[0]]
        stated, converted = amount(world, rng, CURRENCY.pick(rng), year)
        if kind == "in_kind":
            stated, converted = {"amount_qualifier": "unknown", "amount_as_stated": ""}, None
        basis = BASIS.pick(rng) if stated["amount_as_stated"] else "unknown"
        if dates.get("date_as_stated") == "to date" and stated["amount_as_stated"]:
            basis = "cumulative"
        counted = basis in ("cumulative", "per_payment") and rng.random() < 0.25
        row = {
            "id": pk,
            **world.record(rng),
            "funder_id": funder,
            "funder_description": funder_said,
            "recipient_id": recipient,
            "recipient_description": recipient_said,
            "kind": kind,
            "status": FLOW_STATUS.pick(rng),
            "channel": rng.choice(CHANNELS),
            "purpose": rng.choice(PURPOSES),
            **stated,
            "basis": basis,
            "payment_count": rng.randint(2, 200) if counted else None,
            **dates,
        }
        row |= usd(world, row, sources)
        world.out.add("flow", row)
        if converted:
            world.out.add(
                "conversion", {"id": world.ids.take("conversion"), "flow_id": pk, **converted}
            )
        quote = flow_quote(world, rng, row, funder_said or world.name_of(funder))
        said_fields = flow_fields(row)
        for source in sources:
            world.cite("flow", pk, quote, source, said_fields)
        world.progress.step()
    world.progress.done()


def flow_quote(world: World, rng, row: dict, giver: str) -> str:
    """The article's sentence: who gave what to whom, when and why, in the stored words."""
    taker = row["recipient_description"] or world.name_of(row["recipient_id"])
    said = row["amount_as_stated"]
    if row["kind"] == "in_kind":
        deed = f"shipped {goods(world, rng, row['id'])} to {taker}"
    elif said:
        count = row["payment_count"]
        said += BASIS_WORDS.get(row["basis"], "") + (
            f" in {count} separate payments" if count else ""
        )
        deed = f"{VERBS[row['kind']][0].format(said)} {taker}"
    else:
        deed = f"{VERBS[row['kind']][1]} {taker}"
    via = f" through {row['channel']}" if row["channel"] else ""
    when = f" {row['date_as_stated']}" if row.get("date_as_stated") else ""
    why = f" {row['purpose']}" if row["purpose"] else ""
    return sentence(f"{LEAD_INS[row['status']]}{giver} {deed}{via}{when}{why}")


def flow_fields(row: dict) -> list[str]:
    """The fields ``flow_quote`` words, as ``sources.support`` reads a flow's stated ones."""
    stated = {
        "funder": True,
        "recipient": True,
        "kind": row["kind"] != "unspecified",
        "status": row["status"] != "reported",
        "channel": bool(row["channel"]),
        "amount": row["amount_qualifier"] != "unknown" or bool(row["amount_as_stated"]),
        "basis": row["basis"] != "unknown",
        "payment_count": bool(row["payment_count"]),
        "dates": bool(row.get("start_year") or row.get("end_year") or row.get("date_as_stated")),
    }
    return [name for name, said in stated.items() if said]
