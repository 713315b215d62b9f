"""How the public site writes an amount: one formatter, so every page says it the same way.

A US dollar figure is an estimate (a stated amount divided by a yearly exchange rate), so
it is shown to two significant figures ("≈ US$360M–630M"), never to the cent. It keeps
what the article said about it: its qualifier ("more than"), and its basis ("a year",
"to date", "per recipient"), because "US$10M" and "US$10M a year" are different claims.
The admin and the exports keep the stored figures in full (``FundingFlow.usd_display``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ventures.models import BASIS_SUFFIX, FlowKind, FundingFlow

#: Significant figures an estimate is shown with.
FIGURES = 2
UNITS = ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"))


def round_significant(value: Decimal, figures: int = FIGURES) -> Decimal:
    """``value`` to ``figures`` significant figures: 355,811,801.55 → 360,000,000."""
    value = Decimal(value)
    if not value:
        return Decimal(0)
    quantum = Decimal(1).scaleb(value.adjusted() - figures + 1)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def short_number(value: Decimal) -> str:
    """A rounded figure as a reader takes it in: "360M", "2.1B", "4,500"."""
    rounded = round_significant(value)
    for size, suffix in UNITS:
        if rounded >= size:
            return f"{(rounded / size).normalize():f}{suffix}"
    if rounded >= 1:
        return f"{rounded:,.0f}"
    return f"{rounded.normalize():f}"


def usd_range(low: Decimal | None, high: Decimal | None, open_ended: bool = False) -> str:
    """ "US$360M–630M", "more than US$4,500", "up to US$500"; "" when nothing is known.

    ``open_ended`` says the high bound is a floor (a sum that includes a "more than").
    """
    if low is None and high is None:
        return ""
    if high is None or (open_ended and low == high):
        return f"more than US${short_number(low)}"
    if low is None:
        return f"up to US${short_number(high)}"
    low_text, high_text = short_number(low), short_number(high)
    text = f"US${low_text}" if low_text == high_text else f"US${low_text}–{high_text}"
    return f"{text} or more" if open_ended else text


def flow_usd(flow: FundingFlow) -> str:
    """A flow's estimate with its basis: "≈ US$360M–630M to date"; "" without one."""
    text = usd_range(flow.usd_low, flow.usd_high)
    if not text:
        return ""
    suffix = BASIS_SUFFIX.get(flow.basis)
    return f"≈ {text} {suffix}" if suffix else f"≈ {text}"


def goods_text(flow: FundingFlow, goods: Iterable) -> str:
    """The goods a flow carries, without repeating a word the page already shows.

    "goods" alone (an article that says only "goods") adds nothing to a flow whose kind
    or amount line already says goods, so it is written once, not "Goods: goods".
    """
    items = [str(item) + (f" ({item.description})" if item.description else "") for item in goods]
    if not items:
        return ""
    text = ", ".join(items)
    if text.lower() == "goods":
        return "goods" if flow.is_monetary or flow.kind != FlowKind.IN_KIND else ""
    return text


@dataclass
class FundingSummary:
    """What a venture's funding total rests on: bases of its flows, any open end."""

    open_ended: bool = False
    bases: set[str] = field(default_factory=set)

    @property
    def basis(self) -> str:
        """The shared basis ("per recipient"), or a warning that bases differ."""
        suffixes = {BASIS_SUFFIX.get(basis, "") for basis in self.bases}
        if len(suffixes) > 1:
            return "(flows on different bases, summed as stated)"
        return suffixes.pop() if suffixes else ""


def attach_funding_summaries(ventures: Iterable, flows) -> None:
    """Sets ``funding_summary`` on each venture from the public ``flows`` it receives.

    One query for a page of ventures; ``flows`` comes from the public flow selector.
    """
    ventures = list(ventures)
    summaries = {venture.pk: FundingSummary() for venture in ventures}
    rows = (
        flows.filter(recipient__in=list(summaries))
        .filter(Q(usd_low__isnull=False) | Q(usd_high__isnull=False))
        .order_by()
        .values_list("recipient_id", "usd_high", "basis")
    )
    for recipient_id, usd_high, basis in rows:
        summary = summaries[recipient_id]
        summary.open_ended |= usd_high is None
        summary.bases.add(basis)
    for venture in ventures:
        venture.funding_summary = summaries[venture.pk]
