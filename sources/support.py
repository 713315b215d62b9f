"""Statement-level support: does every stated field of a record have a quote that says it?

A citation lists the fields of its record it supports (``Citation.fields``). For each
record this module works out which fields it states (a kind that is not "not stated",
an amount, a date…) and checks three things:

- every stated field is supported by a citation that lists it, or is marked as the
  archivist's own ``Addition``;
- a quote that supports a name, an amount, a date, a channel, a size or an ownership
  contains it: the name or an alias, the amount as stated, the date's words (folded with
  ``core.search.fold``, so case, accents, hyphens and curly quotes do not matter);
- each alias, native-script name, goods item and stated conversion occurs in one of the
  record's quotes, or is an addition.

A quote that only says "he" or "the firm" can support a kind or an amount, but the
record's name then needs a second quote that names it: that is the first rule applied
to the field ``name``.

A kind (an organisation's, a venture's, a role's) is a judgement on the article's words
("state-run", "nonprofit"), so it is checked for a quote that claims it, not by text.

``record_gaps`` answers for one record (the admin calls it as the archivist types);
``unsupported_records`` walks the archive for ``manage.py verify_citations`` and the
"Needs attention" panel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model, Prefetch

from core.records import Qualifier
from core.search import fold
from people.models import Organization, Party, PartyRelation, Person, Role
from sources.quotes import normalise
from ventures.models import (
    AmountBasis,
    FlowKind,
    FlowStatus,
    FundingFlow,
    Place,
    Recurrence,
    Venture,
    VentureStatus,
)

#: Fields whose supporting quote must contain the value's words; the rest are claimed.
TEXT_CHECKED = (
    "name",
    "funder",
    "recipient",
    "person",
    "organization",
    "party",
    "related",
    "parent",
    "operated_by",
    "place",
    "amount",
    "payment_count",
    "dates",
    "founded",
    "closed",
    "start",
    "end",
    "channel",
    "size",
    "ownership",
    "group_size",
    "age",
)

#: Fields with several values, each of which must occur in one of the record's quotes.
PER_VALUE = ("aliases", "native_name", "goods", "conversions")

CITABLE = {
    Person: (
        "name",
        "aliases",
        "native_name",
        "group_size",
        "age",
        "defector",
        "origin_country",
        "residence_country",
    ),
    Organization: ("name", "aliases", "group_size", "kind", "parent", "founded"),
    Venture: (
        "name",
        "aliases",
        "group_size",
        "kind",
        "place",
        "status",
        "founded",
        "closed",
        "size",
        "ownership",
        "operated_by",
        "sectors",
    ),
    Role: ("person", "organization", "kind", "start", "end"),
    Place: ("name", "aliases"),
    FundingFlow: (
        "funder",
        "recipient",
        "kind",
        "status",
        "channel",
        "amount",
        "basis",
        "payment_count",
        "dates",
        "recurrence",
        "whole",
        "goods",
        "conversions",
    ),
    PartyRelation: ("party", "related", "kind", "start"),
}


def _model_of(record: Model) -> type[Model]:
    if type(record) is Party:
        record = record.specific
    return type(record)


def citable_fields(record: Model) -> tuple[str, ...]:
    """The fields a citation of ``record`` may say it supports."""
    return CITABLE[_model_of(record)]


def contains(quote: str, phrase: str) -> bool:
    """Whether the quote says the phrase, ignoring case, accents, punctuation and spacing."""
    needle = fold(normalise(phrase))
    return bool(needle) and needle in fold(normalise(quote))


def names_of(party: Party | Place) -> list[str]:
    """A party's or place's name and every alias (and native-script name)."""
    names = [party.name, *(alias.name for alias in party.aliases.all())]
    native = getattr(party, "native_name", "")
    return [*names, native] if native else names


def _specific(party):
    return party.specific if isinstance(party, Party) else party


def _describes(party: Party) -> bool:
    """A descriptive name ("Three North Korean entrepreneurs") that no quote need contain."""
    if party.is_group:
        return True
    if party.kind != "person":
        return False
    # Flow ends are Party rows; the selects in _prefetched join their Person row.
    person = party if isinstance(party, Person) else party.person
    return person.is_unnamed


def _date_words(obj, prefix: str) -> list[str] | None:
    """The words a quote must contain for the date ``prefix``, or None when not stated."""
    phrase = getattr(obj, f"{prefix}_as_stated", "")
    year = getattr(obj, f"{prefix}_year")
    if phrase:
        return [phrase]
    return [str(year)] if year else None


def _party_end(party: Party | None) -> list[str] | None:
    """A flow's, role's or relation's end: its names, or no text check when unnamed."""
    if party is None or _describes(party):
        return []
    return names_of(party)


@dataclass
class Stated:
    """What a record states in one field: the words a quote must contain ([] = any)."""

    field: str
    words: list[str] = field(default_factory=list)


def stated_fields(record: Model) -> list[Stated]:
    """Every field ``record`` states, with the words a supporting quote must contain."""
    record = _specific(record)
    out: list[Stated] = []

    def add(name: str, words: Iterable[str] | None = ()) -> None:
        out.append(Stated(name, [w for w in (words or []) if w]))

    if isinstance(record, Party):
        add("name", [] if _describes(record) else names_of(record))
        if record.group_size_qualifier != Qualifier.UNKNOWN:
            add("group_size", [record.group_size_text])
    if isinstance(record, Person):
        if record.age_as_stated:
            add("age", [record.age_as_stated.split(" (")[0]])
        if record.is_defector:
            add("defector")
    if isinstance(record, Organization | Venture):
        kind = record.org_kind if isinstance(record, Organization) else record.venture_kind
        if kind:
            add("kind")
        if record.founded_year:
            add("founded", _date_words(record, "founded"))
    if isinstance(record, Organization) and record.parent_id:
        add("parent", names_of(record.parent))
    if isinstance(record, Venture):
        if record.place_id:
            add("place", names_of(record.place))
        if record.status != VentureStatus.UNKNOWN:
            add("status")
        if record.closed_year:
            add("closed", _date_words(record, "closed"))
        if record.size:
            add("size", [record.size])
        if record.ownership:
            add("ownership", [record.ownership])
        if record.operated_by_id:
            add("operated_by", names_of(record.operated_by))
    if isinstance(record, Place):
        add("name", names_of(record))
    if isinstance(record, Role):
        add("person", _party_end(record.person))
        add("organization", _party_end(record.organization))
        add("kind")
        for prefix in ("start", "end"):
            if getattr(record, f"{prefix}_year"):
                add(prefix, _date_words(record, prefix))
    if isinstance(record, PartyRelation):
        add("party", _party_end(record.party))
        add("related", _party_end(record.related))
        add("kind")
        if record.start_year:
            add("start", _date_words(record, "start"))
    if isinstance(record, FundingFlow):
        out.extend(_flow_statements(record))
    return out


def _flow_statements(flow: FundingFlow) -> list[Stated]:
    out = [
        Stated("funder", _party_end(flow.funder)),
        Stated("recipient", _party_end(flow.recipient)),
    ]
    if flow.kind != FlowKind.UNSPECIFIED:
        out.append(Stated("kind"))
    if flow.status != FlowStatus.REPORTED:
        out.append(Stated("status"))
    if flow.channel:
        out.append(Stated("channel", [flow.channel]))
    if flow.is_monetary or flow.amount_as_stated:
        # An amount with no words of its own cannot be checked: it fails on purpose.
        out.append(Stated("amount", [flow.amount_as_stated or "\0"]))
    if flow.basis != AmountBasis.UNKNOWN:
        out.append(Stated("basis"))
    if flow.payment_count:
        out.append(Stated("payment_count", [f"{flow.payment_count:,}", str(flow.payment_count)]))
    if flow.start_year or flow.end_year or flow.date_as_stated:
        words = (
            [flow.date_as_stated]
            if flow.date_as_stated
            else [str(flow.start_year or flow.end_year)]
        )
        out.append(Stated("dates", words))
    if flow.recurrence != Recurrence.NOT_STATED:
        out.append(Stated("recurrence"))
    if flow.whole_id:
        out.append(Stated("whole"))
    return out


def per_value_fields(record: Model) -> dict[str, list[str]]:
    """The many-valued fields: each value must occur in one of the record's quotes."""
    record = _specific(record)
    values: dict[str, list[str]] = {}
    if isinstance(record, Party | Place):
        values["aliases"] = [alias.name for alias in record.aliases.all()]
    if isinstance(record, Person) and record.native_name:
        values["native_name"] = [record.native_name]
    if isinstance(record, FundingFlow):
        values["goods"] = [item.item for item in record.goods.all()]
        values["conversions"] = [c.as_stated for c in record.conversions.all()]
    return values


@dataclass(frozen=True)
class Gap:
    """One stated field of one record that no quote supports (or a quote that misclaims)."""

    field: str
    problem: str


def record_gaps(record: Model) -> list[Gap]:
    """Why ``record``'s stated fields lack support; empty when every field is backed."""
    citations = list(record.citations.all())
    additions = list(record.additions.all())
    added = {(a.field, a.value) for a in additions}
    gaps: list[Gap] = []
    for citation in citations:
        if not citation.fields:
            gaps.append(Gap("—", f"citation {citation.pk} does not say which fields it supports"))
    for statement in stated_fields(record):
        if (statement.field, "") in added:
            continue
        backing = [c for c in citations if statement.field in c.fields]
        if not backing:
            gaps.append(Gap(statement.field, "no citation supports it"))
            continue
        if statement.field not in TEXT_CHECKED or not statement.words:
            continue
        for citation in backing:
            if not any(contains(citation.quote, words) for words in statement.words):
                gaps.append(
                    Gap(
                        statement.field,
                        f"citation {citation.pk} supports it but its quote does not contain "
                        f"{' or '.join(repr(w) for w in statement.words[:4])}",
                    )
                )
    for name, values in per_value_fields(record).items():
        for value in values:
            if (name, value) in added or (name, "") in added:
                continue
            if not any(contains(c.quote, value) for c in citations):
                gaps.append(Gap(name, f"{value!r} occurs in none of its quotes"))
    return gaps


@dataclass(frozen=True)
class UnsupportedRecord:
    record: Model
    gaps: list[Gap]

    def describe(self) -> str:
        label = self.record._meta.verbose_name
        lines = [f"{label} {self.record.pk} ({self.record}):"]
        lines += [f"  {gap.field}: {gap.problem}" for gap in self.gaps]
        return "\n".join(lines)


def _prefetched(model: type[Model]):
    lookups = ["citations", "additions"]
    if issubclass(model, Party):
        lookups.append("aliases")
    if model is Venture:
        lookups.append(Prefetch("place__aliases"))
        lookups.append("operated_by__aliases")
    if model is Organization:
        lookups.append("parent__aliases")
    if model is Place:
        lookups.append("aliases")
    if model is Role:
        lookups += ["person__aliases", "organization__aliases"]
    if model is FundingFlow:
        lookups += ["funder__aliases", "recipient__aliases", "goods", "conversions"]
    if model is PartyRelation:
        lookups += ["party__aliases", "related__aliases"]
    related = {
        Venture: ["place", "operated_by"],
        Organization: ["parent"],
        Role: ["person", "organization"],
        FundingFlow: ["funder__person", "recipient__person"],
        PartyRelation: ["party", "related"],
    }.get(model, [])
    return model._default_manager.select_related(*related).prefetch_related(*lookups)


SUPPORTED_MODELS = (Person, Organization, Venture, Role, Place, FundingFlow, PartyRelation)


def unsupported_records(
    models: Iterable[type[Model]] = SUPPORTED_MODELS,
) -> Iterator[UnsupportedRecord]:
    """Every record with a stated field no quote supports, model by model, by id."""
    for model in models:
        for record in _prefetched(model).order_by("pk").iterator(chunk_size=500):
            gaps = record_gaps(record)
            if gaps:
                yield UnsupportedRecord(record, gaps)
