"""``{% load amounts %}``: the public site's one way of writing amounts (ventures/amounts.py)."""

from django import template

from ventures import amounts

register = template.Library()


@register.filter
def usd(flow) -> str:
    """``{{ flow|usd }}``: "≈ US$360M–630M to date", or "" when there is no estimate."""
    return amounts.flow_usd(flow)


@register.simple_tag
def usd_range(low, high, open_ended=False) -> str:
    """``{% usd_range low high open_ended %}``: a rounded range for totals and charts."""
    return amounts.usd_range(low, high, bool(open_ended))


@register.filter
def goods_text(flow) -> str:
    """``{{ flow|goods_text }}``: the goods a flow carries, "" when the page says it already."""
    return amounts.goods_text(flow, flow.goods.all())
