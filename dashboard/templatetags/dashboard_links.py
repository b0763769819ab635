"""The dashboard's links to the records behind its numbers, drawn in Python: the table of a stacked figure
has a link in each of hundreds of cells, and an included template a cell cost more than the rest of the
page. A PDF (the audit pack) renders with ``plain`` (numbers, no links) or a ``link_base`` (absolute links)
in the context."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.simple_tag(takes_context=True)
def figure_link(context: Any, url: str | None, text: object, hidden: str = "") -> SafeString:
    """``text`` linked to ``url`` (the list of records behind a number), ``hidden`` read out after it."""
    if context.get("plain") or not url:
        return conditional_escape(str(text))
    more = format_html('<span class="govuk-visually-hidden">{}</span>', hidden) if hidden else ""
    return format_html('<a class="govuk-link" href="{}{}">{}{}</a>', context.get("link_base", ""), url, text, more)


@register.simple_tag(takes_context=True)
def segment_cells(context: Any, bar: Any) -> SafeString:
    """A stacked bar's row of the table: a cell for each segment, its number linked to its records."""
    cells = [
        _CELL.format(
            figure_link(context, segment.url, segment.value, f" {segment.label}, {bar.label}") if segment.value else 0
        )
        for segment in bar.segments
    ]
    return mark_safe("".join(cells))  # noqa: S308  # nosec B308, B703 - each part escaped by format_html
