"""Quote verification: does a cited quote occur in its source's text?

Both sides are normalised the same way before comparing: Unicode compatibility
forms, curly quote marks and apostrophes to straight ones, dashes to hyphens, and
every run of whitespace to one space. Case and words are left alone: a citation
must be the article's own words.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_MARKS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
}
#: Any of the marks, found by one scan of the text. ``str.translate`` with a table looked
#: up every character of it: 0.26-0.45 ms for a 4 kB article, which the admin's list of
#: citations paid for each of its hundred rows and the evidence check for each citation.
_MARK = re.compile("[" + re.escape("".join(_MARKS)) + "]")


def _straight(mark: re.Match) -> str:
    return _MARKS[mark.group()]


def normalise(text: str) -> str:
    """``text`` in Unicode's compatibility form, its curly quote marks and dashes made
    straight, and each run of whitespace one space (``str.split`` splits on what the
    ``\\s`` of a regular expression matches, and drops the ends)."""
    text = _MARK.sub(_straight, unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def find_quote(quote: str, text: str) -> int | None:
    """Where the normalised quote starts in the normalised text, or None."""
    needle = normalise(quote)
    if not needle:
        return None
    position = normalise(text).find(needle)
    return None if position < 0 else position


def nearest_passage(quote: str, text: str) -> str:
    """The stretch of the text most like the quote, to show beside a failure."""
    needle, haystack = normalise(quote), normalise(text)
    if not needle or not haystack:
        return ""
    width = len(needle)
    step = max(1, width // 4)
    best_ratio, best_start = -1.0, 0
    for start in range(0, max(1, len(haystack) - width + 1), step):
        ratio = SequenceMatcher(None, needle, haystack[start : start + width]).ratio()
        if ratio > best_ratio:
            best_ratio, best_start = ratio, start
    # Refine around the best coarse window, one character at a time.
    low, high = max(0, best_start - step), min(len(haystack) - width, best_start + step)
    for start in range(low, max(low, high) + 1):
        ratio = SequenceMatcher(None, needle, haystack[start : start + width]).ratio()
        if ratio > best_ratio:
            best_ratio, best_start = ratio, start
    return haystack[best_start : best_start + width].strip()
