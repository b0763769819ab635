"""The SVG charts: well-formed, self-contained (no script, no inline style, no outside reference), named
and described for assistive technology, and drawn to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import ALERT_COLOUR, VALUE_ROOM, WIDTH, ChartBar, Segment, bar_chart, describe

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314  (our own markup, made in the test)


def rects(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "app-chart__bar" in r.get("class", "")]


def test_it_is_an_image_named_and_described_by_its_title_and_description():
    svg = parse(bar_chart("chart-x", "Reviews", [ChartBar("Overdue", 2, alert=True), ChartBar("Later", 5)]))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}title").text == "Reviews"
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text == "Overdue: 2; Later: 5. 7 in all."


def test_it_is_self_contained():
    markup = str(bar_chart("chart-x", "T", [ChartBar("A", 1)], series=["One"]))
    svg = parse(markup)
    for element in svg.iter():
        assert element.tag != f"{SVG}script"
        assert "style" not in element.attrib
        assert not any("href" in name for name in element.attrib)
    assert "http" not in markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Its look is carried by attributes, so a PDF needs no stylesheet.
    assert svg.get("font-family") and svg.get("fill")


def test_text_is_escaped():
    markup = str(bar_chart("chart-x", 'Fish & <chips> "now"', [ChartBar("<script>alert(1)</script>", 3)]))
    svg = parse(markup)
    assert "<script>" not in markup
    assert svg.find(f"{SVG}title").text == 'Fish & <chips> "now"'
    labels = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in labels


def test_bars_are_drawn_to_scale_and_alerts_in_red():
    svg = parse(bar_chart("c", "T", [ChartBar("Most", 10, alert=True), ChartBar("Half", 5), ChartBar("None", 0)]))
    drawn = rects(svg)
    assert len(drawn) == 2  # a zero is a number with no bar
    assert float(drawn[0].get("width")) == WIDTH - VALUE_ROOM
    assert float(drawn[1].get("width")) == (WIDTH - VALUE_ROOM) / 2
    assert drawn[0].get("fill") == ALERT_COLOUR and "app-chart__bar--alert" in drawn[0].get("class", "")
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "app-chart__value"] == ["10", "5", "0"]


def test_nothing_to_show():
    svg = parse(bar_chart("c", "Empty", []))
    assert not rects(svg)
    assert svg.find(f"{SVG}desc").text == "Nothing to show."
    assert float(svg.get("height")) > 0


def test_a_stacked_bar_has_a_segment_per_series_and_a_legend():
    bars = [
        ChartBar("Crime records", 3, segments=(Segment(0, 2), Segment(1, 1))),
        ChartBar("Custody records", 1, segments=(Segment(0, 0), Segment(1, 1))),
    ]
    svg = parse(bar_chart("c", "Grants", bars, series=["West Midlands Police", "Partnership"], unit="grants"))
    legend = svg.find(f"{SVG}g[@class='app-chart__legend']")
    swatches = list(legend.iter(f"{SVG}rect"))
    segments = [r for r in rects(svg) if r not in swatches]
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["West Midlands Police", "Partnership"]
    widths = [float(r.get("width")) for r in segments]
    full = WIDTH - VALUE_ROOM
    assert widths == [pytest.approx(w, abs=0.1) for w in (full * 2 / 3, full / 3, full / 3)]
    assert svg.find(f"{SVG}desc").text == (
        "Crime records: 3 (West Midlands Police 2, Partnership 1); Custody records: 1 (Partnership 1). 4 grants in all."
    )


def test_a_long_label_is_shortened_on_the_chart_but_not_in_its_description():
    label = "A label far longer than the chart has room for, which goes on and on about the record it names"
    svg = parse(bar_chart("c", "T", [ChartBar(label, 1)]))
    shown = next(t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "app-chart__label")
    assert shown.endswith("…") and len(shown) < len(label)
    assert label in (svg.find(f"{SVG}desc").text or "")


def test_describe_counts_in_thousands():
    assert describe([ChartBar("Records", 12345)], unit="records") == "Records: 12,345. 12,345 records in all."
