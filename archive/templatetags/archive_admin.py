"""Template tags for the admin's own pages.

They live in ``archive``, the top floor, because the index's panel counts records of
every domain app.
"""

from django import template

from archive.attention import AttentionSection, needs_attention

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_sections(context) -> list[AttentionSection]:
    """``{% attention_sections as sections %}``: the index's "Needs attention" panel."""
    return needs_attention(context["request"].user)
