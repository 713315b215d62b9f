"""Search for ventures' app: places' stored search columns and spellings, and flows."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet

from core.lookups import Keys, keys_as_set
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


#: How many flows' keys a search reads before it filters by them (``matching_flows``).
MATCHED_FLOWS_CAP = 5_000


def matching_flows(query: str, using: str) -> Q:
    """Flows whose funder or recipient matches, or whose purpose, unnamed ends, goods
    or currency ("yuan" finds flows in yuan) do, as a condition: read once, then
    applied to any queryset of flows (a listing applies its search to its page, its
    count and each facet's set).

    On PostgreSQL the matches are found through indexes: the parties' keys, the goods'
    flows and the flows whose texts match (their trigram indexes, ``ventures/0015``) are
    read first, and each end, those flows and the currency are arms of one ``OR`` of
    keys. When at most ``MATCHED_FLOWS_CAP`` flows match, the condition is their keys:
    a listing then sorts those few rows instead of walking every flow in its order until
    it has a page, which the planner chose, guessing the matches spread evenly, for "kim
    seongwon" (240 flows: 190-420 ms against 2.5 ms; 1.1 s as one ``OR`` of subqueries
    before, which no index could answer). A broader search keeps the ``OR``, its keys
    as sets the database hashes when it does walk the listing's order ("kim": 30,000
    parties, ~100,000 flows).
    """
    text = query.strip()
    parties = search(Party.objects.using(using).public(), query, vector=True)
    goods = GoodsItem.objects.using(using).filter(item__icontains=text).order_by()
    texts = (
        Q(purpose__icontains=text)
        | Q(funder_description__icontains=text)
        | Q(recipient_description__icontains=text)
    )
    condition = Q(currency__in=currencies_named(query))
    if connections[using].vendor != "postgresql":
        parties, goods = parties.values("pk"), goods.values("flow_id")
        return (
            condition | texts | Q(funder__in=parties) | Q(recipient__in=parties) | Q(pk__in=goods)
        )
    # The visible matching parties' keys, the matching goods' flows and the flows whose
    # own texts match (through their trigram indexes), in one round trip. The texts as
    # keys too: a search that walks every flow (a broad one, or its totals) then tests
    # each row against three arrays it hashes, not three ``LIKE``s (~0.4 s for "kim"
    # over a million flows, against ~1 s).
    parties_sql, parties_params = _keys_array(parties.order_by().values("pk"))
    goods_sql, goods_params = _keys_array(goods.values("flow_id").distinct())
    flows = FundingFlow.objects.using(using).filter(texts).order_by().values("pk")
    texts_sql, texts_params = _keys_array(flows[: MATCHED_FLOWS_CAP + 1])
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT {parties_sql}, {goods_sql}, {texts_sql}",
            (*parties_params, *goods_params, *texts_params),
        )
        party_keys, goods_keys, text_keys = cursor.fetchone()
    broad = len(text_keys) > MATCHED_FLOWS_CAP
    if broad:  # too many to list: each flow's texts are tested as it is read
        condition |= texts
        text_keys = []
    flow_keys = sorted({*goods_keys, *text_keys})
    for keys, fields in ((party_keys, ("funder", "recipient")), (flow_keys, ("pk",))):
        broad = broad or len(keys) > MATCHED_FLOWS_CAP
        for field in fields if keys else ():
            condition |= _among(field, keys)
    if broad:  # more parties, goods or texts than the cap: their flows would not be read
        return condition
    found = FundingFlow.objects.using(using).filter(condition).order_by()
    found = list(found.values_list("pk", flat=True)[: MATCHED_FLOWS_CAP + 1])
    if len(found) <= MATCHED_FLOWS_CAP:
        return Q(pk__among=Keys(found)) if found else Q(pk__in=[])
    return condition


#: How many keys an arm of a broad search holds before it is a set the database hashes
#: once (``_among``), and how many at most: past that, a set might not fit the memory a
#: hash may take, and PostgreSQL would scan it for every flow.
HASHED_KEYS = (1_000, 50_000)


def _among(field: str, keys: list) -> Q:
    """``field__among=keys``, or for a long list of keys, the keys as a set
    (``core.lookups.keys_as_set``): for "kim" (30,000 parties, an arm for each end) the
    array's planning was 41-47 ms in each statement the search takes part in (a
    listing's page, its samples, its totals)."""
    low, high = HASHED_KEYS
    if not low < len(keys) <= high:
        return Q(**{f"{field}__among": Keys(keys)})
    return keys_as_set(field, keys)


def _keys_array(keys: QuerySet) -> tuple[str, tuple]:
    """``ARRAY(subquery)`` of a queryset of keys, or an empty array when Django can tell it
    is empty without asking (a search that matched no name)."""
    try:
        sql, params = keys.query.sql_with_params()
    except EmptyResultSet:
        return "ARRAY[]::bigint[]", ()
    return f"ARRAY({sql})", params
