"""`ketaquiz report`: what a workshop changed, from its save files, as HTML with charts, CSV or JSON.

Its rooms: the figures, worked out once (`figures`), the charts as inline SVG (`charts`), the page
(`html`), and the data for spreadsheets and scripts (`tables`). No I/O here but reading the save
files, through the format they share with `present` (`ketaquiz.saveformat`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ketaquiz.saveformat import Saved, read_sessions

if TYPE_CHECKING:
    from ketaquiz.model import Bank
    from ketaquiz.report.figures import Report

FORMATS = ("html", "csv", "json")


def build(paths: Sequence[str], bank: Callable[[], Bank]) -> Report:
    """The report on the save files at `paths`; `bank` gives the statements' text for files that
    kept only their ids (version 1), and is loaded only then."""
    from ketaquiz.report.figures import report

    sessions: list[Saved] = [session for path in paths for session in read_sessions(path)]
    texts: dict[str, str] = {}
    if any(result.statement is None for session in sessions for result in (*session.results, *session.recap)):
        texts = {question.id: question.statement for question in bank().questions}
    return report(sessions, texts)


def render(report: Report, format_name: str, *, files: Sequence[str], made: str) -> str:
    if format_name == "html":
        from ketaquiz.report.html import to_html

        return to_html(report, files=files, made=made)
    from ketaquiz.report.tables import to_csv, to_json

    return to_csv(report) if format_name == "csv" else to_json(report)
