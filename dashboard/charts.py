"""Charts drawn on the server as accessible SVG: horizontal bars, plain or stacked.

The same markup goes into the web page and, through WeasyPrint, into PDFs, so a chart carries its own
presentation as SVG attributes (no stylesheet, no inline ``style``, no script, no external reference)
and its class names let the page's stylesheet adjust it (e.g. in forced-colours mode). Each chart is
``role="img"`` with a title and a description that reads out every figure; the page shows the same
numbers in a table beside it, with the links a chart cannot hold (links inside an image are hidden from
assistive technology, so the bars are not links).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 480
ROW_HEIGHT = 52
BAR_HEIGHT = 20
FONT_SIZE = 16
FONT = "Arial, Liberation Sans, sans-serif"
TEXT_COLOUR = "#0b0c0c"
BAR_COLOUR = "#1d70b8"  # GOV.UK blue
ALERT_COLOUR = "#d4351c"  # GOV.UK red: a bar that should be zero
# GOV.UK colours with at least 3:1 contrast against white, for the series of a stacked bar.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#28a197", "#003078", "#912b88", "#505a5f")
# Room on the right of the longest bar for its number.
VALUE_ROOM = 64
MAX_LABEL_CHARACTERS = 56


@dataclass(frozen=True)
class Segment:
    series: int  # index into the chart's series names
    value: int


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int
    alert: bool = False
    segments: Sequence[Segment] = field(default_factory=tuple)


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARACTERS else label[: MAX_LABEL_CHARACTERS - 1].rstrip() + "…"


def _number(value: int) -> str:
    return f"{value:,}"


def _join(parts: Iterable[SafeString]) -> SafeString:
    """Markup already built with ``format_html``, one after another (each value in it escaped there)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def describe(bars: Sequence[ChartBar], series: Sequence[str] = (), unit: str = "") -> str:
    """Every figure in words, for the chart's description: "Overdue: 2; Due later: 5. 7 in all." """
    if not bars:
        return "Nothing to show."
    parts = []
    for bar in bars:
        text = f"{bar.label}: {_number(bar.value)}"
        shown = [s for s in bar.segments if s.value]
        if series and shown:
            text += " (" + ", ".join(f"{series[s.series]} {_number(s.value)}" for s in shown) + ")"
        parts.append(text)
    total = sum(bar.value for bar in bars)
    return "; ".join(parts) + f". {_number(total)}{f' {unit}' if unit else ''} in all."


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[ChartBar],
    *,
    series: Sequence[str] = (),
    unit: str = "",
) -> SafeString:
    """A horizontal bar chart, each bar's label above it and its number at its end. With ``series``, each
    bar is split into segments (a stacked bar) and a legend follows the bars."""
    scale_max = max((bar.value for bar in bars), default=0)
    usable = WIDTH - VALUE_ROOM
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        bar_top = top + 24
        parts = [
            format_html('<text class="app-chart__label" x="0" y="{}">{}</text>', top + 17, _shorten(bar.label)),
        ]
        width = round(usable * bar.value / scale_max, 1) if scale_max else 0
        if series and bar.segments:
            x = 0.0
            for segment in bar.segments:
                if not segment.value:
                    continue
                segment_width = round(usable * segment.value / scale_max, 1)
                colour = SERIES_COLOURS[segment.series % len(SERIES_COLOURS)]
                parts.append(
                    format_html(
                        '<rect class="app-chart__bar app-chart__bar--series-{}" x="{}" y="{}" width="{}" height="{}" '
                        'fill="{}" stroke="#ffffff" stroke-width="1"/>',
                        segment.series % len(SERIES_COLOURS),
                        f"{x:g}",
                        bar_top,
                        f"{segment_width:g}",
                        BAR_HEIGHT,
                        colour,
                    )
                )
                x += segment_width
        elif width:
            modifier = " app-chart__bar--alert" if bar.alert else ""
            colour = ALERT_COLOUR if bar.alert else BAR_COLOUR
            parts.append(
                format_html(
                    '<rect class="app-chart__bar{}" x="0" y="{}" width="{}" height="{}" fill="{}"/>',
                    modifier,
                    bar_top,
                    f"{width:g}",
                    BAR_HEIGHT,
                    colour,
                )
            )
        parts.append(
            format_html(
                '<text class="app-chart__value" x="{}" y="{}" font-weight="bold">{}</text>',
                f"{width + 6:g}",
                bar_top + 15,
                _number(bar.value),
            )
        )
        rows.append(_join(parts))
    height = max(len(bars), 1) * ROW_HEIGHT
    if not bars:
        rows.append(format_html('<text class="app-chart__label" x="0" y="20">{}</text>', "Nothing to show"))
    legend, legend_height = _legend(series, height + 8) if series else (SafeString(""), 0)
    height += legend_height
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" focusable="false" '
        'aria-labelledby="{} {}" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}" font-size="{}" '
        'fill="{}"><title id="{}">{}</title><desc id="{}">{}</desc>{}{}</svg>',
        title_id,
        desc_id,
        WIDTH,
        height,
        WIDTH,
        height,
        FONT,
        FONT_SIZE,
        TEXT_COLOUR,
        title_id,
        title,
        desc_id,
        describe(bars, series, unit),
        _join(rows),
        legend,
    )


def _legend(series: Sequence[str], top: int) -> tuple[SafeString, int]:
    """Swatches and names, wrapped onto as many lines as they need."""
    items = []
    x, y = 0, top
    for index, name in enumerate(series):
        label = _shorten(name)
        item_width = 24 + round(len(label) * FONT_SIZE * 0.55) + 18
        if x and x + item_width > WIDTH:
            x, y = 0, y + 24
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        items.append(
            format_html(
                '<rect class="app-chart__bar app-chart__bar--series-{}" x="{}" y="{}" width="16" height="16" '
                'fill="{}"/><text class="app-chart__label" x="{}" y="{}">{}</text>',
                index % len(SERIES_COLOURS),
                x,
                y + 3,
                colour,
                x + 22,
                y + 16,
                label,
            )
        )
        x += item_width
    return format_html('<g class="app-chart__legend">{}</g>', _join(items)), y - top + 32
