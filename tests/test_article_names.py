"""Every name the five articles give is in the archive, as a record or an alias."""

import pytest

from people.models import Party, PartyAlias, Person
from ventures.models import Place, PlaceAlias

# Compiled by reading the articles in fixtures/articles/; spelled as the articles spell them.
PARTY_NAMES = [
    # The Straits Times, 2016
    "The Straits Times",
    "Ji Seong Ho",
    "Now, Action and Unity for Human Rights",
    "Hong Soon Jick",
    "Korea Institute for National Unification",
    "Kim Jong Un",
    "State Department",
    "jangmadang",
    # The Korea Herald, 2021
    "The Korea Herald",
    "Park Han-na",
    "Park Ga-young",
    "Ahn Myeong-hee",
    "Ryu Ae",
    "Gmarket",
    "Auction",
    "Global Organic Textile Standard",
    "The Bridge",
    "Asan Nanum Foundation",
    "Hyundai Group",
    "Asan Sanghoe",
    "Hwang Jin-sol",
    "Federation of North Korean Industries",
    "Kim Ria",
    "Flower Is Ria",
    "Kim Il-sung",
    "Kim Jong-il",
    # The political calculation behind Kim Jong-un's support for Chongryon
    "Kim Jong-un",
    "General Association of Korean Residents in Japan",
    "Chongryon",
    "International Committee of the Red Cross",
    "Kim Jong-suk",
    "Jae-Po",
    "Workers' Party",
    "Lee Geum-hee",
    "Kim Sun-kyung",
    "Kang Ho-dong",
    "Lee Jia",
    # What It's Like Having A Startup In North Korea
    "Linkilaw",
    "Institute for Peace and Unification Studies",
    "Seoul National University",
    "Jukka-Pekka Heikkilä",
    "Aalto School of Business",
    "Unjong technology zone",
    "Noko Jeans",
    "Nosotek",
    "The Number One Software Technology",
    # Kaeseong hopes to transform as Korea's Silicon Valley (2018)
    "Kaeseong Industrial Complex",
    "Kaesong Industrial Complex",
    "Kim Jin-hyang",
    "Kaeseong Industrial District Foundation",
    "Moon Jae-in",
    "Mt. Keumgang Tourism Project",
    "Small and Medium Business Corporation",
    "Korea Business Angels Association",
    "Ian Bennetts",
    "Choson Exchange",
    "UnJong Park",
    "Kang Ho-je",
    "Research Center for North Korean Science and Technology",
    "Choi Se-yul",
    "Pyongyang University of Science and Technology",
    "Choi Hyun-kyoo",
    "Korea Institute of Science and Technology Information",
]

PLACE_NAMES = [
    "North Korea",
    "South Korea",
    "China",
    "Japan",
    "United States",
    "Russia",
    "Seoul",
    "Pyongyang",
    "Pyeongyang",
    "Kaesong",
    "Kaeseong",
    "Kyongsong County",
    "North Hamgyong Province",
    "Tanchon",
    "South Hamgyong Province",
    "Helsinki",
    "Mt. Keumgang",
]


def same(a: str) -> str:
    return a.replace("’", "'").casefold()


@pytest.fixture
def known_names(archive):
    names = {same(n) for n in Party.objects.values_list("name", flat=True)}
    names |= {same(n) for n in PartyAlias.objects.values_list("name", flat=True)}
    names |= {same(n) for n in Person.objects.values_list("native_name", flat=True) if n}
    places = {same(n) for n in Place.objects.values_list("name", flat=True)}
    places |= {same(n) for n in PlaceAlias.objects.values_list("name", flat=True)}
    return names, places


@pytest.mark.parametrize("name", PARTY_NAMES)
def test_party_named_in_an_article_is_in_the_archive(known_names, name):
    parties, _ = known_names
    assert any(same(name) == known or same(name) in known for known in parties), name


@pytest.mark.parametrize("name", PLACE_NAMES)
def test_place_named_in_an_article_is_in_the_archive(known_names, name):
    _, places = known_names
    assert same(name) in places, name


def test_hangul_names_are_recorded(archive):
    assert Person.objects.get(native_name="김정은").slug == "kim-jong-un"
    assert PlaceAlias.objects.get(name="개성").place.slug == "kaesong"
    assert PartyAlias.objects.get(name="재일본조선인총련합회").party.slug == "chongryon"
