"""Template tags for the admin's own pages.

They live in ``sources``, the app that sits above ``people`` and ``ventures``, because
``archive`` is the project rather than an installed app and cannot hold a tag library.
"""

from django import template

from archive.attention import AttentionSection, needs_attention

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_sections(context) -> list[AttentionSection]:
    """``{% attention_sections as sections %}``: the index's "Needs attention" panel."""
    return needs_attention(context["request"].user)
