"""A learner's progress across sessions, in `ketaquiz stats`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Bank
from ketaquiz.screens.console import is_plain, verdict

if TYPE_CHECKING:
    from ketaquiz.history import Session
    from ketaquiz.progress import Stats


def stats(console: Console, bank: Bank, progress: Stats, *, limit: int | None = None) -> None:
    """Scores, coverage, the statements most often missed (the first `limit` of them) and accuracy per tag."""
    plain = is_plain(console)
    console.print(Text(f"Your progress: {wording.heading(bank)}", style="bold"))
    if progress.last is None:
        console.print(Text("No sessions recorded for this bank yet: play it, and your results will show here."))
        return
    console.print(Text(f"Seen {progress.seen} of {wording.plural(progress.statements, 'statement')}"))
    rows = [
        ("Sessions played", Text(f"{progress.sessions} ({wording.plural(progress.full_runs, 'full run')})")),
        ("Last session", _session_score(progress.last)),
        (
            "Best full run",
            _session_score(progress.best, labelled=False) if progress.best else Text("none finished yet"),
        ),
    ]
    if plain:
        for label, value in rows:
            console.print(Text.assemble(f"{label}: ", value))
    else:
        scores = Table.grid(padding=(0, 2))
        scores.add_column(style="dim", no_wrap=True)
        scores.add_column()
        for label, value in rows:
            scores.add_row(label, value)
        console.print(scores)
    if progress.most_missed:
        shown = progress.most_missed[:limit]
        cut = len(shown) < len(progress.most_missed)
        note = f"{len(shown)} of {len(progress.most_missed)} shown; ketaquiz stats --all" if cut else None
        # Where the learner said how sure, the misses made sure come first, and say so.
        sure = any(tally.sure_wrong for _, tally in progress.most_missed)
        _listing(
            console,
            title="Most often missed" + (", those you were sure of first" if sure else ""),
            note=note,
            headers=("Statement", "Verdict", "Missed", *(["Sure but wrong"] if sure else [])),
            rows=[
                (
                    Text(question.statement),
                    verdict(question.answer),
                    Text(f"{tally.seen - tally.right} of {tally.seen}"),
                    *([Text(str(tally.sure_wrong) if tally.sure_wrong else "")] if sure else []),
                )
                for question, tally in shown
            ],
        )
    if progress.by_tag:
        _listing(
            console,
            title="Accuracy by tag",
            note=None,
            headers=("Tag", "Right", "Accuracy"),
            rows=[
                (
                    Text(tag),
                    Text(f"{tally.right}/{tally.seen}"),
                    Text(wording.percent(tally.share)) if plain else _bar(tally.share),
                )
                for tag, tally in progress.by_tag
            ],
        )


def _listing(
    console: Console, *, title: str, note: str | None, headers: Sequence[str], rows: Sequence[Sequence[Text]]
) -> None:
    """A table; in plain text, a titled list with each row on one line, its cells named."""
    console.print()
    if is_plain(console):
        console.print(Text(f"{title}{f' ({note})' if note else ''}:", style="bold"))
        for first, *rest in rows:
            line = first.copy()
            for header, cell in zip(headers[1:], rest, strict=True):
                line.append(f" — {header.lower()}: ").append_text(cell)
            console.print(line)
        return
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        caption=Text(note) if note else None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column(headers[0], overflow="fold", ratio=1)
    for header in headers[1:]:
        table.add_column(header, no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _session_score(session: Session, *, labelled: bool = True) -> Text:
    day = session.time[:10]
    text = Text.assemble((wording.score(session.score()), "bold"), f" on {day}")
    label = _session_label(session) if labelled else ""
    if label:
        text.append(f", {label}", style="dim")
    return text


def _session_label(session: Session) -> str:
    """What a session was: a full run, or which kind of review; nothing for old records that did not say."""
    label = _kind_label(session)
    if len(session.answers) < session.total:
        stopped = f"stopped after {len(session.answers)} of {session.total}"
        label = f"{label}, {stopped}" if label else stopped
    return label


def _kind_label(session: Session) -> str:
    kind = session.kind.value if session.kind is not None else None
    if kind == "full":
        return "full run"
    if kind == "missed":
        return "review of missed statements"
    if kind == "tags":
        return f"review of statements tagged {', '.join(session.tags)}"
    if kind == "sample":
        return f"a selection of {wording.plural(session.total, 'statement')}"
    return ""


def _bar(share: float, width: int = 10) -> Text:
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {wording.percent(share)}")
