"""How the synthetic articles word things: names, amounts, dates and periods.

Every phrase a record stores "as stated" (``amount_as_stated``, ``date_as_stated``,
``age_as_stated``, ``group_size_text``) is built here, and the sentence quoted by its
citation contains it verbatim, as a real article's would.
"""

from __future__ import annotations

import calendar
import math
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate

from archive.synthetic.vocabulary import (
    CURRENCY_PLURAL,
    CURRENCY_WORDS,
    GIVEN_SYLLABLES,
    RATES,
    SURNAMES,
)


class Weighted:
    """Picks from choices with weights, by bisection: ``random.choices`` is slower per call."""

    def __init__(self, pairs: Sequence[tuple[object, float]]):
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


SURNAME = Weighted([((spellings, hangul), weight) for spellings, hangul, weight in SURNAMES])


def korean_name(rng: random.Random) -> tuple[str, list[str], str]:
    """A person's display name, its other romanisations, and the name in Hangul.

    "Kim Seong-won" is also written "Kim Sung-won" and "Kim Seongwon"; which spelling an
    article uses is random, and the others become aliases.
    """
    surnames, surname_hangul = SURNAME.pick(rng)
    syllables = [rng.choice(GIVEN_SYLLABLES) for _ in range(1 if rng.random() < 0.1 else 2)]
    rr = [spellings[0] for spellings, _ in syllables]
    other = [
        rng.choice(spellings[1:]) if len(spellings) > 1 else spellings[0]
        for spellings, _ in syllables
    ]
    surname, surname_other = surnames[0], rng.choice(surnames)

    def given(parts: list[str], hyphen: bool) -> str:
        return ("-" if hyphen else "").join(parts).capitalize()

    forms = [
        f"{surname} {given(rr, True)}",
        f"{surname_other} {given(other, True)}",
        f"{surname} {given(rr, False)}",
    ]
    forms = list(dict.fromkeys(forms))
    display = forms[0] if rng.random() < 0.55 else rng.choice(forms)
    aliases = [form for form in forms if form != display]
    hangul = surname_hangul + "".join(hangul for _, hangul in syllables)
    return display, aliases, hangul


def acronym(name: str) -> str:
    letters = [word[0] for word in name.replace("-", " ").split() if word[0].isupper()]
    return "".join(letters)


# Amounts -----------------------------------------------------------------------------

MAGNITUDES = {
    2: "hundreds of",
    3: "thousands of",
    4: "tens of thousands of",
    5: "hundreds of thousands of",
    6: "millions of",
    7: "tens of millions of",
    8: "hundreds of millions of",
    9: "billions of",
    10: "tens of billions of",
    11: "hundreds of billions of",
}


def nice(value: float) -> int:
    """Rounded to two significant figures, as reporters round: 2,834 → 2,800."""
    if value < 100:
        return max(1, round(value))
    step = 10 ** (int(math.log10(value)) - 1)
    return round(value / step) * step


def number(value: int) -> str:
    """ "20,000", "2.8 million", "49.988 billion"."""
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if value >= size and value % (size // 1000) == 0:
            return f"{value / size:g} {word}"
    return f"{value:,}"


def money(currency: str, value: int, style: int) -> str:
    return CURRENCY_WORDS[currency][style].format(number(value))


def units_per_usd(currency: str, year: int | None) -> float:
    """A rough rate for choosing plausible amounts; the stored estimate uses the table."""
    if currency == "USD":
        return 1.0
    years = RATES[currency]
    return float(years.get(year or 2016, years[2016]))


def order_of_magnitude(currency: str, value: float) -> tuple[int, int, str]:
    exponent = min(max(int(math.log10(value)), 2), 11)
    words = f"{MAGNITUDES[exponent]} {CURRENCY_PLURAL[currency]}"
    return 10**exponent, 10 ** (exponent + 1), words


QUALIFIED = {
    "approximate": ("about {}", "around {}", "roughly {}"),
    "at_least": ("more than {}", "over {}", "at least {}"),
    "at_most": ("nearly {}", "up to {}", "almost {}"),
}


# Dates -------------------------------------------------------------------------------


def partial_date(rng: random.Random, year: int) -> tuple[int, int | None, int | None]:
    month = rng.randint(1, 12) if rng.random() < 0.25 else None
    day = rng.randint(1, 28) if month and rng.random() < 0.3 else None
    return year, month, day


def date_phrase(year: int, month: int | None, day: int | None) -> str:
    if day:
        return f"on {day} {calendar.month_name[month]} {year}"
    if month:
        return f"in {calendar.month_name[month]} {year}"
    return f"in {year}"


def sentence(text: str) -> str:
    """Capitalised and closed, however the phrase it starts with was stored."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
