"""How is X connected to Y: the shortest chains of public links between two parties.

LittleSis' "common connections", for this archive: a funding flow (either direction), a
role or a relation between parties (who runs, co-founded or backs what) links two
parties, and a connection is a shortest chain of such links. Each step
carries the record behind it and that record's quotes, so every step can be checked.

The graph is never loaded whole: starting from both parties, it grows one ring of
neighbours at a time (three queries per ring, through the public querysets), always on the
smaller side, until the two meet; networkx then finds the shortest paths in what was
read. Every read starts from the selectors with the user, so a flow or role the user may
not see, or one with an end they may not see, is never read and cannot link anything; a
relation to a party the article does not name links nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx
from django.db.models import Q

from core.search import fold, search
from people.models import Party, PartyRelation, Role
from people.selectors import parties_for, party_relations_for, roles_for
from sources.selectors import citations_prefetch
from ventures.models import FundingFlow
from ventures.selectors import flows_for

#: Longest chain looked for, in links; beyond it two parties count as unconnected.
MAX_LINKS = 6
#: How many shortest chains are shown.
MAX_PATHS = 5
#: A ring wider than this stops the search (a hub would otherwise read the archive).
MAX_RING = 5000


@dataclass
class Step:
    """One link of a chain, read from ``start`` towards the other party."""

    start: Party
    end: Party
    flow: FundingFlow | None = None
    role: Role | None = None
    relation: PartyRelation | None = None

    @property
    def record(self) -> FundingFlow | Role | PartyRelation:
        return self.flow or self.role or self.relation

    @property
    def forward(self) -> bool:
        """Whether the link points along the chain (funder → recipient, person → body,
        the related party → the party it runs, founded or backs)."""
        if self.flow is not None:
            return self.flow.funder_id == self.start.pk
        if self.relation is not None:
            return self.relation.related_id == self.start.pk
        return self.role.person_id == self.start.pk


@dataclass
class Connection:
    steps: list[Step]

    @property
    def length(self) -> int:
        return len(self.steps)


def _links_touching(ids: set[int], user) -> list[tuple[int, int, str, int]]:
    """Flows, roles and relations ``user`` may see with an end in ``ids``: (end, other
    end, kind, pk)."""
    flows = (
        flows_for(user)
        .filter(funder__isnull=False, recipient__isnull=False)
        .filter(Q(funder_id__in=ids) | Q(recipient_id__in=ids))
        .order_by()
        .values_list("funder_id", "recipient_id", "pk")
    )
    roles = (
        roles_for(user)
        .filter(Q(person_id__in=ids) | Q(organization_id__in=ids))
        .order_by()
        .values_list("person_id", "organization_id", "pk")
    )
    relations = (
        party_relations_for(user)
        .filter(related__isnull=False)
        .filter(Q(party_id__in=ids) | Q(related_id__in=ids))
        .order_by()
        .values_list("related_id", "party_id", "pk")
    )
    return [
        *((a, b, "flow", pk) for a, b, pk in flows),
        *((a, b, "role", pk) for a, b, pk in roles),
        *((a, b, "relation", pk) for a, b, pk in relations),
    ]


def _graph_between(a: int, b: int, user) -> nx.MultiGraph:
    """The links read while growing rings around ``a`` and ``b`` until they meet."""
    graph = nx.MultiGraph()
    graph.add_nodes_from([a, b])
    seen = {a: {a}, b: {b}}
    ring = {a: {a}, b: {b}}
    for _ in range(MAX_LINKS):
        if seen[a] & seen[b]:
            break
        side = a if len(ring[a]) <= len(ring[b]) else b
        if not ring[side] or len(ring[side]) > MAX_RING:
            break
        new: set[int] = set()
        for one, other, kind, pk in _links_touching(ring[side], user):
            graph.add_edge(one, other, key=(kind, pk))
            new.update({one, other} - seen[side])
        seen[side] |= new
        ring[side] = new
    return graph


def connections(a: Party, b: Party, user) -> list[Connection]:
    """Up to ``MAX_PATHS`` shortest chains from ``a`` to ``b`` through what ``user`` may see."""
    if a.pk == b.pk:
        return []
    graph = _graph_between(a.pk, b.pk, user)
    try:
        paths = list(islice(nx.all_shortest_paths(graph, a.pk, b.pk), MAX_PATHS))
    except nx.NetworkXNoPath:
        return []
    if not paths or len(paths[0]) - 1 > MAX_LINKS:
        return []
    # Between two neighbours of a chain there may be several links; one is shown, the
    # lowest (kind, pk), so the answer is stable.
    hops = {(u, v): min(graph.get_edge_data(u, v)) for path in paths for u, v in pairwise(path)}
    return _read(paths, hops, user)


def _read(paths: list[list[int]], hops: dict, user) -> list[Connection]:
    """The parties and records of the chains, with their quotes: a fixed few queries."""
    party_ids = {pk for path in paths for pk in path}
    parties = parties_for(user).in_bulk(party_ids)
    flow_ids = {pk for kind, pk in hops.values() if kind == "flow"}
    role_ids = {pk for kind, pk in hops.values() if kind == "role"}
    flows = flows_for(user).prefetch_related(citations_prefetch(user)).in_bulk(flow_ids)
    roles = roles_for(user).prefetch_related(citations_prefetch(user)).in_bulk(role_ids)
    relation_ids = {pk for kind, pk in hops.values() if kind == "relation"}
    relations = (
        party_relations_for(user).prefetch_related(citations_prefetch(user)).in_bulk(relation_ids)
    )
    result = []
    for path in paths:
        steps = []
        for u, v in pairwise(path):
            kind, pk = hops[(u, v)]
            step = Step(parties[u], parties[v])
            if kind == "flow":
                step.flow = flows[pk]
            elif kind == "relation":
                step.relation = relations[pk]
            else:
                step.role = roles[pk]
            steps.append(step)
        result.append(Connection(steps))
    return result


#: How many candidates an ambiguous name lists.
CANDIDATES = 5


def find_party(text: str, user) -> tuple[Party | None, list[Party]]:
    """The party ``text`` names (its slug or a name in any spelling), or candidates.

    A slug or a name matched exactly wins; otherwise a search that finds one party
    settles it, and one that finds several gives them back for the reader to choose.
    """
    parties = parties_for(user)
    exact = parties.filter(slug=text.strip()).first()
    if exact is not None:
        return exact, []
    found = list(search(parties, text).order_by("name")[: CANDIDATES + 1])
    named = [party for party in found if fold(party.name) == fold(text)]
    if len(found) == 1 or len(named) == 1:
        return (named or found)[0], []
    return None, found[:CANDIDATES]
