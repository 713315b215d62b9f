"""The network picture: public parties linked by public funding flows, roles and relations.

The graph is read in three queries (flows, roles, relations) and laid out on the server with
networkx's force-directed layout (Fruchterman and Reingold, 1991), so the page draws as a plain
SVG without JavaScript and every node is a link to its page; ``static/archive/network.js``
then adds panning, zooming, dragging and highlighting. The layout is deterministic
(same graph, same picture) and cached by the graph's shape, so it is computed once
per change of the data, not per request. At most ``MAX_LINKS`` links are drawn: the
largest flows first, then roles, then relations between parties ("Hyundai Group runs
the Asan Nanum Foundation"); a party's own neighbourhood is one filter away.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import networkx as nx
from django.core.cache import cache
from django.db.models import F, Q

from core.records import PUBLIC
from people.models import Party, PartyKind, PartyRelation, Role
from people.selectors import party_relations_for, roles_for
from ventures.models import FundingFlow
from ventures.selectors import flows_for

MAX_LINKS = 250
LABEL_CHARS = 32
#: The widest the drawing gets; it is as tall as the packed groups need.
WIDTH, MARGIN = 1000, 20


@dataclass
class Node:
    party: Party
    x: float = 0.0
    y: float = 0.0
    degree: int = 0
    #: Where the label sits: right, left, below or above the node.
    label_side: str = "right"

    @property
    def pk(self) -> int:
        return self.party.pk

    @property
    def kind(self) -> str:
        return self.party.kind

    @property
    def radius(self) -> float:
        return round(6 + 2.5 * math.sqrt(self.degree), 1)

    @property
    def scale(self) -> float:
        """How much the drawing's node shapes (7 units across) are scaled for this node."""
        return round(self.radius / 7, 3)

    @property
    def label(self) -> str:
        name = self.party.name
        return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"

    @property
    def label_position(self) -> tuple[float, float, str]:
        """The label's x and y relative to the node, and its SVG ``text-anchor``."""
        gap = round(self.radius + 3, 1)
        side = self.label_side
        x = gap if side == "right" else -gap if side == "left" else 0
        if side.endswith("-right"):
            x = round(gap * 0.7, 1)
        elif side.endswith("-left"):
            x = -round(gap * 0.7, 1)
        y = 4
        if side.startswith("below"):
            y = round(gap + 10, 1)
        elif side.startswith("above"):
            y = -gap
        anchor = "start" if x > 0 else "end" if x < 0 else "middle"
        return x, y, anchor


@dataclass
class Link:
    source: Node
    target: Node
    #: "flow" (money or goods, funder → recipient), "role" (person → organisation) or
    #: "relation" (the related party → the party it runs, founded, backs or owns).
    kind: str
    descriptions: list[str] = field(default_factory=list)
    flows: list[FundingFlow] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    relations: list[PartyRelation] = field(default_factory=list)

    @property
    def title(self) -> str:
        arrow = "→" if self.kind == "flow" else "—"
        return f"{self.source.party} {arrow} {self.target.party}: " + "; ".join(self.descriptions)

    @property
    def line(self) -> tuple[float, float, float, float]:
        """Endpoints cut back to the nodes' rims, so an arrowhead sits on the target's edge."""
        dx, dy = self.target.x - self.source.x, self.target.y - self.source.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        start, end = self.source.radius, self.target.radius + (4 if self.kind == "flow" else 0)
        return (
            round(self.source.x + ux * start, 1),
            round(self.source.y + uy * start, 1),
            round(self.target.x - ux * end, 1),
            round(self.target.y - uy * end, 1),
        )


@dataclass
class Network:
    nodes: list[Node]
    links: list[Link]
    flows: list[FundingFlow]
    roles: list[Role]
    relations: list[PartyRelation]
    truncated: bool
    width: int
    height: int

    @property
    def shown(self) -> int:
        return len(self.flows) + len(self.roles) + len(self.relations)

    @property
    def kinds(self) -> list[tuple[str, str, int]]:
        counts = dict.fromkeys(PartyKind.values, 0)
        for node in self.nodes:
            counts[node.kind] += 1
        return [(kind, label, counts[kind]) for kind, label in PartyKind.choices]


def build_network(*, party: Party | None = None, links: str = "all") -> Network:
    """The public graph, or one public party's neighbourhood; ``links``: all, flows, roles
    or relations.

    Read as the public reads it (the drawing is cached for every visitor alike).
    """
    flows: list[FundingFlow] = []
    roles: list[Role] = []
    if links in ("all", "flows"):
        flow_qs = flows_for(PUBLIC).filter(funder__isnull=False, recipient__isnull=False)
        if party is not None:
            flow_qs = flow_qs.involving(party)
        flows = list(flow_qs.order_by(F("usd_high").desc(nulls_last=True), "pk")[: MAX_LINKS + 1])
    if links in ("all", "roles"):
        role_qs = roles_for(PUBLIC)
        if party is not None:
            role_qs = role_qs.filter(Q(person=party) | Q(organization=party))
        roles = list(role_qs.order_by("pk")[: MAX_LINKS + 1])
    relations: list[PartyRelation] = []
    if links in ("all", "relations"):
        # A relation to an unnamed party ("a government-backed agency") has no node.
        relation_qs = party_relations_for(PUBLIC).filter(related__isnull=False)
        if party is not None:
            relation_qs = relation_qs.filter(Q(party=party) | Q(related=party))
        relations = list(relation_qs.order_by("pk")[: MAX_LINKS + 1])
    truncated = len(flows) + len(roles) + len(relations) > MAX_LINKS
    flows = flows[:MAX_LINKS]
    roles = roles[: MAX_LINKS - len(flows)]
    relations = relations[: MAX_LINKS - len(flows) - len(roles)]

    nodes: dict[int, Node] = {}
    merged: dict[tuple[int, int, str], Link] = {}

    def node(p: Party) -> Node:
        return nodes.setdefault(p.pk, Node(p))

    drawn = (
        ("flow", flows, lambda flow: (flow.funder, flow.recipient)),
        ("role", roles, lambda role: (role.person, role.organization)),
        ("relation", relations, lambda relation: (relation.related, relation.party)),
    )
    for kind, records, ends in drawn:
        for record in records:
            source, target = ends(record)
            link = merged.setdefault(
                (source.pk, target.pk, kind), Link(node(source), node(target), kind)
            )
            getattr(link, f"{kind}s").append(record)
            link.descriptions.append(describe(kind, record))
    for link in merged.values():
        link.source.degree += 1
        link.target.degree += 1
    ordered = sorted(nodes.values(), key=lambda n: n.pk)
    width, height = _place(ordered, list(merged.values()))
    return Network(
        ordered, list(merged.values()), flows, roles, relations, truncated, width, height
    )


def describe(kind: str, record) -> str:
    """A link's words: a flow's kind and amount, a role's title, a relation's kind."""
    if kind == "flow":
        return f"{record.get_kind_display().lower()}, {record.amount_display}"
    return record.title if kind == "role" else record.related_role


def _place(nodes: list[Node], links: list[Link]) -> tuple[int, int]:
    """Positions every node and picks its label's side; returns the drawing's size."""
    if not nodes:
        return 2 * MARGIN, 2 * MARGIN
    ids = [n.pk for n in nodes]
    edges = sorted({(link.source.pk, link.target.pk) for link in links})
    sizes = [(n.radius, len(n.label)) for n in nodes]
    key = "network-layout:" + hashlib.sha256(repr((ids, edges, sizes)).encode()).hexdigest()
    drawing = cache.get(key)
    if drawing is None:
        index = {pk: i for i, pk in enumerate(ids)}
        drawing = layout([(index[a], index[b]) for a, b in edges], sizes)
        cache.set(key, drawing, timeout=None)
    positions, width, height = drawing
    for n, (x, y, side) in zip(nodes, positions, strict=True):
        n.x, n.y, n.label_side = x, y, side
    return width, height


#: Pixels per unit of the force layout (about one link's length), the space between
#: groups, and the width of one character of a label (11px type) and its height.
UNIT, GAP, CHAR, LINE = 110, 22, 6.4, 14
#: Where a label may go (SVG's y axis points down), in order of preference.
SIDES = {
    "right": 0.0,
    "left": math.pi,
    "below": math.pi / 2,
    "above": -math.pi / 2,
    "below-right": math.pi / 4,
    "above-right": -math.pi / 4,
    "below-left": 3 * math.pi / 4,
    "above-left": -3 * math.pi / 4,
}
#: A side this far (in angle) from every link is clear enough to take, in order.
CLEAR = math.radians(70)


def layout(
    edges: list[tuple[int, int]], sizes: list[tuple[float, int]]
) -> tuple[list[tuple[float, float, str]], int, int]:
    """Each node's position and label side, and the drawing's width and height.

    ``sizes`` gives each node's radius and label length. Each connected group of nodes
    is laid out on its own with a force-directed layout (Fruchterman and Reingold), then
    the groups are packed in rows, largest first: one layout for everything would push
    small groups to the edges and squash them.
    """
    n = len(sizes)
    positions: list[tuple[float, float, str]] = [(0.0, 0.0, "right")] * n
    boxes = []
    for group in _components(n, edges):
        local = {node: i for i, node in enumerate(group)}
        group_edges = [(local[a], local[b]) for a, b in edges if a in local]
        points = [(x * UNIT, y * UNIT) for x, y in _force(len(group), group_edges)]
        sides = [_label_side(i, points, group_edges) for i in range(len(group))]
        extents = [
            _extent(point, sizes[node], side)
            for node, point, side in zip(group, points, sides, strict=True)
        ]
        left, top = min(e[0] for e in extents), min(e[1] for e in extents)
        width = max(e[2] for e in extents) - left
        height = max(e[3] for e in extents) - top
        scale = min(1.0, (WIDTH - 2 * MARGIN) / width)
        boxes.append((group, points, sides, left, top, width * scale, height * scale, scale))
    x = y = row_height = widest = 0.0
    for group, points, sides, left, top, width, height, scale in boxes:
        if x and x + width > WIDTH - 2 * MARGIN:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py), side in zip(group, points, sides, strict=True):
            positions[node] = (
                round(MARGIN + x + (px - left) * scale, 1),
                round(MARGIN + y + (py - top) * scale, 1),
                side,
            )
        widest = max(widest, x + width)
        x += width + GAP
        row_height = max(row_height, height)
    return positions, round(widest + 2 * MARGIN), round(y + row_height + 2 * MARGIN)


def _label_side(i: int, points: list[tuple[float, float]], edges) -> str:
    """The first side of node ``i`` clear of its links, else the clearest one."""
    angles = []
    for a, b in edges:
        if i in (a, b):
            other = points[b if a == i else a]
            angles.append(math.atan2(other[1] - points[i][1], other[0] - points[i][0]))
    if not angles:
        return "right"

    def clearance(side: str) -> float:
        return min(abs(math.remainder(SIDES[side] - angle, 2 * math.pi)) for angle in angles)

    for side in SIDES:
        if clearance(side) >= CLEAR:
            return side
    return max(SIDES, key=clearance)


def _extent(
    point: tuple[float, float], size: tuple[float, int], side: str
) -> tuple[float, float, float, float]:
    """The box a node and its label cover: left, top, right, bottom."""
    (x, y), (radius, length) = point, size
    text = length * CHAR
    gap = radius + 3
    horizontal = "right" if side.endswith("right") else "left" if side.endswith("left") else ""
    vertical = side.split("-")[0] if side.startswith(("below", "above")) else ""
    if horizontal == "right":
        left, right = x + (gap if not vertical else 0), x + gap + text
    elif horizontal == "left":
        left, right = x - gap - text, x - (gap if not vertical else 0)
    else:
        left, right = x - text / 2, x + text / 2
    if vertical == "below":
        top, bottom = y + gap - 2, y + gap + LINE
    elif vertical == "above":
        top, bottom = y - gap - LINE, y - gap + 2
    else:
        top, bottom = y - LINE / 2, y + LINE / 2
    return (
        min(left, x - radius),
        min(top, y - radius),
        max(right, x + radius),
        max(bottom, y + radius),
    )


def _components(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of nodes, largest first (ties by their first node, for stability)."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    groups = [sorted(group) for group in nx.connected_components(graph)]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


#: The layout's random start is seeded, so the same graph always gets the same picture.
SEED = 7


def _force(n: int, edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Force-directed positions for one connected group; links come out about 1 long.

    networkx's Fruchterman–Reingold (``spring_layout``) with the ideal distance ``k``
    set to 1 and no rescaling, so the drawing's scale does not depend on the group's
    size. The number of rounds shrinks as the group grows, keeping the work bounded.
    """
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        # A pair stacks vertically, so each label has the room to its right.
        return [(0.0, 0.0), (0.0, 0.7)]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    rounds = max(20, min(300, 1_000_000 // (n * n)))
    pos = nx.spring_layout(graph, k=1.0, scale=None, seed=SEED, iterations=rounds)
    return [(float(pos[i][0]), float(pos[i][1])) for i in range(n)]
