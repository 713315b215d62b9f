"""``{% load site_tags %}``: small helpers the public pages share, in the site's frame."""

from urllib.parse import urlencode

from django import template
from django.conf.locale import LANG_INFO
from django.urls import reverse

register = template.Library()

#: Parameters that shape the page, not the data: the API pages on its own.
PAGE_ONLY = {"page", "format"}


@register.filter
def language_name(code: str) -> str:
    """ "en" → "English"; a code Django does not know is shown as it is."""
    info = LANG_INFO.get((code or "").lower(), {})
    return info.get("name", code)


@register.inclusion_tag("archive/includes/data_links.html", takes_context=True)
def data_links(context, route: str) -> dict:
    """Links to this listing's own data in the API, as JSON and CSV, with the same filters.

    Datasette's habit: what a reader sees filtered on the page, a program can fetch
    with the same query string. Empty parameters are dropped, like the site does.
    """
    params = [
        (name, value)
        for name, values in context["request"].GET.lists()
        if name not in PAGE_ONLY
        for value in values
        if value != ""
    ]
    base = reverse(route)
    return {
        "json_url": base + "?" + urlencode([*params, ("format", "json")]),
        "csv_url": base + "?" + urlencode([*params, ("format", "csv")]),
    }
