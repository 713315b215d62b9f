"""Search for ventures' app: places' stored search columns and spellings, and flows."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from core.search import fold, search, search_text, store_keys, write_keys
from people.models import Party
from ventures.models import FundingFlow, GoodsItem, Place, PlaceAlias


def refresh_place_search(place_ids: Iterable[int]) -> None:
    places = list(
        Place.objects.filter(pk__in=list(place_ids)).prefetch_related("aliases").only("pk", "name")
    )
    names_of = {}
    for place in places:
        names_of[place.pk] = [place.name, *(alias.name for alias in place.aliases.all())]
        place.search_text = search_text(names_of[place.pk])
    Place.objects.bulk_update(places, ["search_text"], batch_size=500)
    store_keys("place", names_of)


def fill_place_keys(places: QuerySet[Place]) -> int:
    """The name keys of these places, written in bulk (the synthetic data generator)."""
    names = {pk: [name] for pk, name in places.values_list("pk", "name")}
    aliases = PlaceAlias.objects.using(places.db).filter(place__in=places.values("pk"))
    for pk, name in aliases.values_list("place_id", "name"):
        names[pk].append(name)
    return write_keys("place", names.items(), places.db)


def public_places(using: str) -> QuerySet[Place]:
    """The places whose spellings a search may borrow (see core.search.register_variants)."""
    return Place.objects.using(using).public()


#: What people type for the archive's currencies, folded, by ISO 4217 code.
CURRENCY_NAMES = {
    "CNY": ("yuan", "renminbi", "rmb", "chinese yuan"),
    "KRW": ("won", "korean won", "south korean won"),
    "KPW": ("north korean won",),
    "JPY": ("yen", "japanese yen"),
    "USD": ("dollar", "dollars", "us dollar", "us dollars", "usd"),
    "SGD": ("singapore dollar", "singapore dollars"),
    "EUR": ("euro", "euros"),
}
_CURRENCY_BY_NAME = {name: code for code, names in CURRENCY_NAMES.items() for name in names}


def currencies_named(query: str) -> list[str]:
    """The ISO codes a query names as a whole: "yuan" → CNY, "jpy" → JPY."""
    folded = fold(query)
    code = _CURRENCY_BY_NAME.get(folded) or _CURRENCY_BY_NAME.get(folded.rstrip("s"))
    if code:
        return [code]
    return [folded.upper()] if len(folded) == 3 and folded.isalpha() else []


def flows_matching(flows: QuerySet[FundingFlow], query: str) -> QuerySet[FundingFlow]:
    """Flows whose funder or recipient matches, or whose purpose, unnamed ends, goods
    or currency ("yuan" finds flows in yuan) do."""
    parties = search(Party.objects.public(), query, vector=True).values("pk")
    text = query.strip()
    return flows.filter(
        Q(funder__in=parties)
        | Q(recipient__in=parties)
        | Q(purpose__icontains=text)
        | Q(funder_description__icontains=text)
        | Q(recipient_description__icontains=text)
        | Q(currency__in=currencies_named(query))
        | Q(pk__in=GoodsItem.objects.filter(item__icontains=text).values("flow_id"))
    )
