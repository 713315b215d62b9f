"""Which records citations back, and which citations their source does not bear out.

The admin's "citation" and "quote found" filters and the index's "Needs attention"
panel ask the same questions; they live here, with the Citation model.
"""

from __future__ import annotations

from django.db.models import Exists, Model, OuterRef, QuerySet

from sources.models import Citation, Source
from sources.quotes import normalise


def citation_key(model: type[Model]) -> str:
    """The key on Citation that points at ``model`` (a Person's is ``party``)."""
    for name in Citation.TARGETS:
        if issubclass(model, Citation._meta.get_field(name).related_model):
            return name
    raise ValueError(f"no citation can back a {model._meta.label}")


def cited_condition(model: type[Model]) -> Exists:
    """True for rows of ``model`` that at least one citation backs."""
    return Exists(Citation.objects.filter(**{citation_key(model): OuterRef("pk")}))


def failing_citation_ids(citations: QuerySet[Citation] | None = None) -> list[int]:
    """Citations (of ``citations``, or all) whose quote does not occur in their source's
    text, by id.

    The same test as ``sources.quotes.find_quote``, with each source's text normalised
    once rather than once per citation. The citations are read in their sources' order
    beside the sources themselves, two streams that advance together, so one source's
    text is held at a time: at national scale the texts are 200 MB, and holding them all
    took 700 MB.
    """
    rows = Citation.objects.all() if citations is None else citations
    rows = rows.order_by("source_id", "pk").values_list("pk", "source_id", "quote")
    sources = Source.objects.all()
    if citations is not None:
        sources = sources.filter(pk__in=citations.values("source_id"))
    texts = sources.order_by("pk").values_list("pk", "full_text").iterator(chunk_size=100)
    source, text = 0, ""
    failing = []
    for pk, source_id, quote in rows.iterator(chunk_size=2000):
        while source is not None and source < source_id:
            source, full_text = next(texts, (None, ""))
            text = normalise(full_text)
        if source != source_id:
            continue  # deleted, with its source, between the two reads
        needle = normalise(quote)
        if not needle or needle not in text:
            failing.append(pk)
    return sorted(failing)
