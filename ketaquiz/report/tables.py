"""The report as data for people's own analysis: CSV, one row per statement per workshop (UTF-8
with a byte-order mark, so that a spreadsheet opens it as UTF-8), and JSON, with the combined
figures and each workshop's.

Their column names and keys stay in English whatever the interface's language: a formula or a
script names them, and should work on a report made in any language. The texts in them (the
statements as saved, what cut a workshop short) are as the save file and the interface word them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any

from ketaquiz.cells import cell
from ketaquiz.report.figures import Report, Statement, Workshop
from ketaquiz.votes import Changes, Languages, Overall, Tally

REPORT_FORMAT = "ketaquiz-report"
REPORT_VERSION = 1

# New columns go at the end, so that spreadsheets' formulas keep their columns.
CSV_COLUMNS = (
    "file",
    "workshop_started",
    "kind",
    "follows",
    "cut_short",
    "number",
    "id",
    "statement",
    "verdict",
    "votes_before",
    "right_before_pct",
    "votes_after",
    "right_after_pct",
    "change_points",
    "sure_and_wrong_before_pct",
    "sure_and_wrong_after_pct",
    "wrong_to_right",
    "right_to_wrong",
    "right_to_right",
    "wrong_to_wrong",
    "phone_votes_before",
    "hand_votes_before",
    "phone_votes_after",
    "hand_votes_after",
    "phone_languages_before",
    "phone_languages_after",
)


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for workshop in report.workshops:
        cut = " ".join(workshop.notes)
        about = [workshop.source, workshop.started, workshop.kind, workshop.follows or "", cut]
        writer.writerows(
            [_cell(value) for value in [*about, *_csv_row(statement)]] for statement in workshop.statements
        )
    return buffer.getvalue()


def _cell(value: object) -> str:
    """A value as its cell: a number as it is, a text that a spreadsheet would run as a formula kept as text."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    return cell(value)


def _csv_row(statement: Statement) -> list[object]:
    row = statement.row
    changes = row.changes
    return [
        statement.number,
        row.id,
        row.statement,
        row.answer.value,
        _total(row.before),
        _percent(row.right_before),
        _total(row.after),
        _percent(row.right_after),
        None if row.change is None else round(row.change * 100, 1),
        _percent(statement.sure_wrong_before),
        _percent(statement.sure_wrong_after),
        *(("", "", "", "") if changes is None else _changes(changes).values()),
        _total(statement.before_phones),
        _total(statement.before_hands),
        _total(statement.after_phones),
        _total(statement.after_hands),
        _split(statement.before_languages),
        _split(statement.after_languages),
    ]


def _split(languages: Languages) -> str:
    """How many phones voted in each language, as a cell: "en 12; fr 7"."""
    return "; ".join(f"{language} {count}" for language, count in languages)


def _total(tally: Tally | None) -> int | None:
    return None if tally is None else tally.total


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def to_json(report: Report) -> str:
    document = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "combined": _workshop(report.combined),
        "workshops": [_workshop(workshop) for workshop in report.workshops],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _workshop(workshop: Workshop) -> dict[str, Any]:
    before, after = workshop.change
    about: dict[str, Any] = {}
    if workshop.kind != "combined":
        about = {
            "file": workshop.source,
            "started": workshop.started,
            "kind": workshop.kind,
            "follows": workshop.follows,
            "cut_short": list(workshop.notes),
        }
    changes = workshop.changes
    return {
        **about,
        "asked_how_sure": workshop.confidence,
        "voters": workshop.voters,
        "first_round": _overall(workshop.first_round),
        "before": _overall(before),
        "after": _overall(after),
        "recapped": workshop.recapped,
        "phone_languages": dict(workshop.languages),
        "changes": None if changes is None else _changes(changes),
        "statements": [_statement(statement) for statement in workshop.statements],
    }


def _overall(figures: Overall) -> dict[str, float | None]:
    return {"right": _share(figures.right), "sure_and_wrong": _share(figures.sure_wrong)}


def _share(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


def _statement(statement: Statement) -> dict[str, Any]:
    row = statement.row
    return {
        "number": statement.number,
        "id": row.id,
        "statement": row.statement,
        "verdict": row.answer.value,
        "before": _votes(row.before, statement.before_phones, statement.before_hands, statement.before_languages),
        "after": _votes(row.after, statement.after_phones, statement.after_hands, statement.after_languages),
        "right_before": _share(row.right_before),
        "right_after": _share(row.right_after),
        "change": _share(row.change),
        "sure_and_wrong_before": _share(statement.sure_wrong_before),
        "sure_and_wrong_after": _share(statement.sure_wrong_after),
        "changes": None if row.changes is None else _changes(row.changes),
    }


def _votes(
    tally: Tally | None, phones: Tally | None, hands: Tally | None, languages: Languages
) -> dict[str, Any] | None:
    if tally is None:
        return None
    votes: dict[str, Any] = {"myth": tally.myths, "fact": tally.facts}
    if tally.asked_sure:
        votes |= {"sure_myth": tally.sure_myths, "sure_fact": tally.sure_facts, "asked_how_sure": tally.asked_sure}
    votes |= {"phones": _total(phones), "hands": _total(hands)}
    return votes | {"phone_languages": dict(languages)} if languages else votes


def _changes(changes: Changes) -> dict[str, int]:
    return dataclasses.asdict(changes)
