"""Charts for the workshop report, as inline SVG: a few small functions from figures to markup.

No library draws these: the shapes are few (dots, lines, bars, text), the report must be one
self-contained file that reads without a script, and every chart has its own text table beside
it. Every label is bank text and is escaped. Colours hold in black and white: before is a hollow
mark or a light bar, after a filled mark or a dark bar, and the legend says which is which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ketaquiz import wording
from ketaquiz.i18n import _

# Layout in SVG user units; the chart scales to the page's width through its viewBox.
WIDTH = 640
LABEL_WIDTH = 250  # the left column, where each row is named
ROW_HEIGHT = 26
TOP = 44  # room for the legend
AXIS = 28  # room under the rows for the percentages
RIGHT = 24
# A row's label is cut to this many characters, with "…", so that it stays inside its column at this
# font size (DejaVu Sans averages under 7 units a character at 12); the table beside has it whole.
LABEL_CHARACTERS = 34
BEFORE_COLOUR = "#767676"  # grey that keeps 4.5:1 contrast on white for the legend's text
AFTER_COLOUR = "#000000"


@dataclass(frozen=True)
class Layout:
    """How wide a chart is drawn (its labels then scale with the page), and the column naming its rows."""

    width: int = WIDTH
    labels: int = LABEL_WIDTH

    @property
    def characters(self) -> int:
        """A label's characters before it is cut: as many as its column holds at this font size."""
        return max(4, round(self.labels / LABEL_WIDTH * LABEL_CHARACTERS))

    def x(self, share: float) -> float:
        return self.labels + max(0.0, min(share, 1.0)) * (self.width - self.labels - RIGHT)


WIDE = Layout()


@dataclass(frozen=True)
class Pair:
    """A row of a before-and-after chart: what it is, and two shares from 0 to 1 (None: no votes)."""

    label: str
    before: float | None
    after: float | None


def dumbbell(
    rows: Sequence[Pair], *, title: str, before: str, after: str, description: str, layout: Layout = WIDE
) -> str:
    """Each row's share before (a hollow dot) and after (a filled dot), joined by a line, on one 0–100% axis."""
    height = TOP + ROW_HEIGHT * len(rows) + AXIS
    parts = [_open(title, description, height, layout), _legend(before, after, "dot", layout), _axis(len(rows), layout)]
    for index, row in enumerate(rows):
        middle = TOP + ROW_HEIGHT * index + ROW_HEIGHT // 2
        parts.append(_label(row.label, middle, layout))
        points = [(share, kind) for share, kind in ((row.before, "before"), (row.after, "after")) if share is not None]
        if len(points) == 2:
            parts.append(
                f'<line x1="{layout.x(points[0][0]):.1f}" y1="{middle}" x2="{layout.x(points[1][0]):.1f}" '
                f'y2="{middle}" stroke="{AFTER_COLOUR}" stroke-width="2"/>'
            )
        for share, kind in points:
            parts.append(_dot(layout.x(share), middle, filled=kind == "after"))
        if not points:
            parts.append(_note(_("no votes"), middle, layout))
    parts.append("</svg>")
    return "\n".join(parts)


def paired_bars(
    rows: Sequence[Pair], *, title: str, before: str, after: str, description: str, layout: Layout = WIDE
) -> str:
    """Each row's share before (a light bar) and after (a dark bar), one under the other, on one 0–100% axis."""
    height = TOP + ROW_HEIGHT * len(rows) + AXIS
    parts = [_open(title, description, height, layout), _legend(before, after, "bar", layout), _axis(len(rows), layout)]
    bar = (ROW_HEIGHT - 8) // 2
    for index, row in enumerate(rows):
        top = TOP + ROW_HEIGHT * index + 4
        parts.append(_label(row.label, top + bar, layout))
        for offset, share, colour in ((0, row.before, BEFORE_COLOUR), (bar, row.after, AFTER_COLOUR)):
            if share is None:
                continue
            width = max(layout.x(share) - layout.labels, 0.0)
            parts.append(
                f'<rect x="{layout.labels}" y="{top + offset}" width="{width:.1f}" height="{bar}" fill="{colour}"/>'
            )
        if row.before is None and row.after is None:
            parts.append(_note(_("no votes"), top + bar, layout))
    parts.append("</svg>")
    return "\n".join(parts)


def _open(title: str, description: str, height: int, layout: Layout) -> str:
    # role="img" with a title and a description: a screen reader names the chart and says what it shows;
    # the table beside it carries every figure.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {height}" width="100%" role="img" '
        f'aria-labelledby="{_id(title)}-title {_id(title)}-desc" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="12">\n<title id="{_id(title)}-title">{escape(title)}</title>\n'
        f'<desc id="{_id(title)}-desc">{escape(description)}</desc>'
    )


def _legend(before: str, after: str, shape: str, layout: Layout) -> str:
    marks = []
    x = layout.labels
    for text, filled in ((before, False), (after, True)):
        if shape == "dot":
            marks.append(_dot(x + 6, 16, filled=filled))
        else:
            colour = AFTER_COLOUR if filled else BEFORE_COLOUR
            marks.append(f'<rect x="{x}" y="10" width="12" height="12" fill="{colour}"/>')
        marks.append(f'<text x="{x + 18}" y="20">{escape(text)}</text>')
        x += 30 + 7 * len(text)
    return "\n".join(marks)


def _axis(rows: int, layout: Layout) -> str:
    bottom = TOP + ROW_HEIGHT * rows
    lines = []
    for percent in range(0, 101, 25):
        x = layout.x(percent / 100)
        lines.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        label = wording.percent(percent / 100)
        lines.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{label}</text>')
    return "\n".join(lines)


def _label(text: str, middle: int, layout: Layout) -> str:
    most = layout.characters
    shown = text if len(text) <= most else text[: most - 1].rstrip() + "…"
    return f'<text x="{layout.labels - 8}" y="{middle + 4}" text-anchor="end">{escape(shown)}</text>'


def _note(text: str, middle: int, layout: Layout) -> str:
    return f'<text x="{layout.labels + 4}" y="{middle + 4}" font-style="italic">{escape(text)}</text>'


def _dot(x: float, y: int, *, filled: bool) -> str:
    fill = AFTER_COLOUR if filled else "#ffffff"
    return f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{fill}" stroke="{AFTER_COLOUR}" stroke-width="2"/>'


def _id(title: str) -> str:
    """An id for the chart's title and description, from its title: letters and digits only."""
    return "chart-" + "".join(character if character.isalnum() else "-" for character in title.lower())[:40]
