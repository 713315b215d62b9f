"""Request body parsing with limits a hostile body cannot get past.

Its own module, imported by DRF's settings (``DEFAULT_PARSER_CLASSES``): it must not
import ``rest_framework.views``, which reads those settings.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.parsers import JSONParser

#: How deeply a JSON body may nest. The deepest body the API takes (a flow with its
#: goods) nests 3 levels; 32 is generous and keeps a hostile body from the recursion limit.
MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """How deeply ``value`` nests, without recursion (the body may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing a body nested deeper than ``MAX_JSON_DEPTH`` with a 400.

    100,000 nested ``[`` make Python's parser raise ``RecursionError``, which is no
    ``ValueError``: DRF's parser would let it through as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = exceptions.ParseError(
            {
                "detail": "The JSON body nests too deeply.",
                "errors": {"body": [f"Nest at most {MAX_JSON_DEPTH} levels of objects and lists."]},
            }
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise too_deep
        return data
