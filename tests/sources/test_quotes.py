"""Quote verification forgives typography and layout, never the words themselves."""

import random
import re
import unicodedata

import pytest

from sources.quotes import _MARKS, find_quote, nearest_passage, normalise

TEXT = (
    "SEOUL \u2014 The foundation\u2019s director said the money was not charity.\n\n"
    "\u201cWe are not a bank,\u201d she said.   \u201cWe are betting on people.\u201d\n"
    "Each of the three entrepreneurs received 20,000 yuan to 30,000 yuan."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\u201cbank\u201d", '"bank"', id="curly-double-quotes"),
        pytest.param("\u201ebank\u00ab", '"bank"', id="low-and-guillemet-quotes"),
        pytest.param("director\u2019s", "director's", id="curly-apostrophe"),
        pytest.param("\u2018bank\u2019", "'bank'", id="curly-single-quotes"),
        pytest.param("2015\u20132019 \u2014 today", "2015-2019 - today", id="dashes"),
        pytest.param("not  a\tbank", "not a bank", id="whitespace-run"),
        pytest.param("not a\n\nbank", "not a bank", id="newlines"),
        pytest.param("not\u00a0a bank", "not a bank", id="no-break-space"),
        pytest.param("  not a bank \n", "not a bank", id="outer-whitespace"),
        pytest.param("\uff22ank", "Bank", id="full-width-letters"),
        pytest.param("Not A Bank", "Not A Bank", id="case-kept"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_normalise_follows_its_rule_for_every_mark_and_every_kind_of_space():
    """``normalise`` scans for the marks with one pattern and splits on whitespace; the
    rule it keeps is a table lookup of each character and every run of ``\\s`` made one
    space, stripped. Both agree on strings of every mark, many kinds of space (an em
    space, an ideographic space, a line separator, a zero-width space that is none),
    letters and compatibility forms."""

    def by_the_rule(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).translate(str.maketrans(_MARKS))
        return re.sub(r"\s+", " ", text).strip()

    pieces = [*_MARKS, " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2003"]
    pieces += ["\u3000", "\u2028", "\u200b", "a", "B", "\uac00", "\ufb01", "\uff22", "\u2024"]
    chosen = random.Random(7)
    for _ in range(3000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 24)))
        assert normalise(text) == by_the_rule(text), repr(text)


def test_quote_with_straight_marks_is_found_in_text_with_curly_ones():
    assert find_quote('"We are not a bank," she said.', TEXT) is not None


def test_quote_with_curly_marks_is_found_in_text_with_straight_ones():
    assert (
        find_quote("\u201cnot a bank,\u201d she", 'She said: "not a bank," she said.') is not None
    )


def test_quote_across_a_line_break_is_found():
    assert find_quote("betting on people.\u201d Each of the three", TEXT) is not None


def test_quote_with_extra_spaces_is_found():
    assert find_quote("she  said. \u201cWe are", TEXT) is not None


def test_quote_position_is_counted_in_the_normalised_text():
    assert find_quote("SEOUL", TEXT) == 0
    assert find_quote("The foundation's director", TEXT) == len("SEOUL - ")


def test_quote_in_another_case_is_not_found():
    assert find_quote("we are not a bank", TEXT) is None


def test_missing_quote_is_not_found():
    assert find_quote("We are a bank", TEXT) is None


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_empty_quote_is_not_found(quote):
    assert find_quote(quote, TEXT) is None


def test_nearest_passage_finds_the_stretch_a_quote_with_one_typo_meant():
    quote = "Each of the three entreprenuers received 20,000 yuan"
    assert nearest_passage(quote, TEXT) == "Each of the three entrepreneurs received 20,000 yuan"


def test_nearest_passage_of_a_short_quote_with_one_typo():
    assert nearest_passage("not a bnak", TEXT) == "not a bank"


def test_nearest_passage_is_normalised():
    assert nearest_passage("\u201cWe are not a bank,\u201d", TEXT) == '"We are not a bank,"'


@pytest.mark.parametrize(("quote", "text"), [("", TEXT), ("bank", ""), (" ", "  ")])
def test_nearest_passage_of_nothing_is_empty(quote, text):
    assert nearest_passage(quote, text) == ""


def test_nearest_passage_of_a_quote_longer_than_the_text_is_the_whole_text():
    assert nearest_passage("We are not a bank, she said", "not a bank") == "not a bank"
