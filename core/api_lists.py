"""What an API list takes beyond its filters: field choice, facets, and strict parameters.

- ``fields=`` / ``omit=`` choose a record's top-level fields (comma-separated or
  repeated); an unknown name is a 400 naming it.
- ``_facet=<name>`` (repeatable, as in Datasette) adds counts per value of a column over
  the filtered list. The work is bounded: at most ``FACET_SCAN`` rows are counted, and a
  facet over more says ``"truncated": true``.
- Every query parameter a view does not know is a 400 naming it, so a misspelt filter
  (``?secter=software``) never silently returns the whole list.
- ``csv_plan``: a resource's CSV columns come from its serializer, not from the rows on
  the page, so every page (and an empty one) has the same header.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from rest_framework import exceptions, serializers

#: Rows a facet counts at most; past this it says ``truncated``.
FACET_SCAN = 10_000
#: Values a facet lists at most (the most frequent first).
FACET_VALUES = 30

#: Parameters every list takes besides its FilterSet's.
LIST_PARAMETERS = frozenset({"cursor", "page_size", "count", "fields", "omit", "_facet", "format"})
#: Parameters a single record takes.
DETAIL_PARAMETERS = frozenset({"fields", "omit", "format"})


def names(request, parameter: str) -> list[str]:
    """A list parameter, comma-separated or repeated; blanks ignored."""
    values = request.query_params.getlist(parameter)
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def refuse_unknown(request, allowed) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise exceptions.ValidationError(
            {
                name: ["Unknown parameter; see the schema for this address's parameters."]
                for name in unknown
            }
        )


#: A record's identity: ``fields=`` and ``omit=`` never remove it, so every row a client
#: receives can be matched to its record (as JSON:API's sparse fieldsets keep ``id``).
ALWAYS_RETURNED = ("id",)


def select_fields(serializer: serializers.BaseSerializer, request) -> None:
    """Keep only the fields ``fields=`` names, then drop those ``omit=`` names; the
    record's ``id`` stays whatever they say (``omit=id`` is a 400 saying so)."""
    target = serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    keep, drop = names(request, "fields"), names(request, "omit")
    if not keep and not drop:
        return
    known = list(target.fields)
    errors = {}
    kept = [name for name in drop if name in ALWAYS_RETURNED and name in known]
    if kept:
        errors["omit"] = [
            f"{name!r} identifies the record and is always returned." for name in kept
        ]
    for parameter, given in (("fields", keep), ("omit", drop)):
        unknown = [name for name in given if name not in known]
        if unknown:
            errors.setdefault(parameter, [])
            errors[parameter] += [
                f"Unknown field {name!r}; the fields are: {', '.join(known)}." for name in unknown
            ]
    if errors:
        raise exceptions.ValidationError(errors)
    for name in known:
        if name in ALWAYS_RETURNED:
            continue
        if (keep and name not in keep) or name in drop:
            target.fields.pop(name)


# CSV -------------------------------------------------------------------------------


def csv_plan(serializer: serializers.BaseSerializer) -> dict:
    """The columns a serializer's rows flatten to: a nested record becomes dotted columns
    (``funder.name``), anything else one column."""
    target = serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    plan = {}
    for name, field in target.fields.items():
        if isinstance(field, serializers.Serializer):
            plan[name] = csv_plan(field)
        else:
            plan[name] = None
    return plan


def plan_columns(plan: dict, prefix: str = "") -> list[str]:
    columns = []
    for name, sub in plan.items():
        if sub is None:
            columns.append(f"{prefix}{name}")
        else:
            columns.extend(plan_columns(sub, f"{prefix}{name}."))
    return columns


# Facets ----------------------------------------------------------------------------


def facet_counts(queryset: QuerySet, facets: dict[str, str], request) -> dict | None:
    """Counts per value of each facet asked for, over the filtered ``queryset``."""
    asked = names(request, "_facet")
    if not asked:
        return None
    unknown = [name for name in asked if name not in facets]
    if unknown:
        choices = ", ".join(facets) or "none"
        raise exceptions.ValidationError(
            {
                "_facet": [
                    f"Cannot facet by {name!r}; this list facets by: {choices}." for name in unknown
                ]
            }
        )
    # The first FACET_SCAN rows of the filtered list, as a subquery each facet groups.
    keys = queryset.order_by("pk").values("pk")
    scanned = queryset.model._base_manager.filter(pk__in=keys[:FACET_SCAN])
    truncated = queryset.order_by("pk")[FACET_SCAN : FACET_SCAN + 1].exists()
    result = {}
    for name in dict.fromkeys(asked):
        column = facets[name]
        rows = (
            scanned.values(column)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", column)[:FACET_VALUES]
        )
        result[name] = {
            "results": [{"value": row[column], "count": row["count"]} for row in rows],
            "truncated": truncated,
        }
    return result
