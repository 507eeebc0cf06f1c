"""The report's charts: well-formed SVG, every figure placed where its share says, bank text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ketaquiz.report.charts import LABEL_WIDTH, RIGHT, WIDTH, Pair, dumbbell, paired_bars

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    Pair("Ketamine <script>alert(1)</script> is safe & sound", 0.25, 0.75),
    Pair("Only before", 0.5, None),
    Pair("Nobody voted", None, None),
]


def x_of(share: float) -> float:
    return LABEL_WIDTH + share * (WIDTH - LABEL_WIDTH - RIGHT)


def test_a_dumbbell_has_a_hollow_dot_before_a_filled_dot_after_and_a_line_between() -> None:
    svg = ET.fromstring(dumbbell(ROWS, title="Right before and after", before="Before", after="After", description="d"))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Right before and after"  # type: ignore[union-attr]
    circles = svg.findall(f"{SVG}circle")[2:]  # after the legend's two
    assert [(float(c.get("cx", "")), c.get("fill")) for c in circles] == [
        (round(x_of(0.25), 1), "#ffffff"),
        (round(x_of(0.75), 1), "#000000"),
        (round(x_of(0.5), 1), "#ffffff"),
    ]
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert "no votes" in texts
    assert "0%" in texts and "100%" in texts


def test_bank_text_in_a_chart_is_escaped_and_long_labels_are_cut() -> None:
    markup = paired_bars(ROWS, title="Sure & wrong", before="Before", after="After", description="<d>")
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    svg = ET.fromstring(markup)
    labels = [t.text or "" for t in svg.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[0].endswith("…") and len(labels[0]) <= 38
    bars = [float(r.get("width", "")) for r in svg.findall(f"{SVG}rect")[2:]]
    assert bars == [
        round(x_of(0.25) - LABEL_WIDTH, 1),
        round(x_of(0.75) - LABEL_WIDTH, 1),
        round(x_of(0.5) - LABEL_WIDTH, 1),
    ]


def test_the_chart_ids_are_safe_for_html() -> None:
    markup = dumbbell(ROWS, title='A "quoted" title', before="b", after="a", description="d")
    assert re.search(r'id="chart-a--quoted--title-title"', markup)
