"""A learner's progress across sessions, in `ketaquiz stats`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Bank
from ketaquiz.screens.console import filled, is_plain, verdict

if TYPE_CHECKING:
    from ketaquiz.history import Session
    from ketaquiz.progress import Stats


def stats(console: Console, bank: Bank, progress: Stats, *, limit: int | None = None) -> None:
    """Scores, coverage, the statements most often missed (the first `limit` of them) and accuracy per tag."""
    plain = is_plain(console)
    console.print(Text(_("Your progress: {title}").format(title=wording.heading(bank)), style="bold"))
    if progress.last is None:
        console.print(Text(_("No sessions recorded for this bank yet: play it, and your results will show here.")))
        return
    seen = ngettext("Seen {seen} of {count} statement", "Seen {seen} of {count} statements", progress.statements)
    console.print(Text(seen.format(seen=progress.seen, count=progress.statements)))
    runs = ngettext("{count} full run", "{count} full runs", progress.full_runs).format(count=progress.full_runs)
    rows = [
        (_("Sessions played"), Text(_("{sessions} ({runs})").format(sessions=progress.sessions, runs=runs))),
        (_("Last session"), _session_score(progress.last)),
        (
            _("Best full run"),
            _session_score(progress.best, labelled=False) if progress.best else Text(_("none finished yet")),
        ),
    ]
    if plain:
        for label, value in rows:
            console.print(Text(wording.named(label, "")).append_text(value))
    else:
        scores = Table.grid(padding=(0, 2))
        scores.add_column(style="dim", no_wrap=True)
        scores.add_column()
        for label, value in rows:
            scores.add_row(label, value)
        console.print(scores)
    if progress.most_missed:
        _most_missed(console, progress, limit=limit)
    if progress.by_tag:
        _listing(
            console,
            title=_("Accuracy by tag"),
            note=None,
            headers=(_("Tag"), _("Right"), _("Accuracy")),
            rows=[
                (
                    Text(tag),
                    Text(f"{tally.right}/{tally.seen}"),
                    Text(wording.percent(tally.share)) if plain else _bar(tally.share),
                )
                for tag, tally in progress.by_tag
            ],
        )


def _most_missed(console: Console, progress: Stats, *, limit: int | None) -> None:
    """The statements most often missed, the first `limit` of them."""
    shown = progress.most_missed[:limit]
    cut = len(shown) < len(progress.most_missed)
    note = (
        _("{shown} of {count} shown; ketaquiz stats --all").format(shown=len(shown), count=len(progress.most_missed))
        if cut
        else None
    )
    # Where the learner said how sure, the misses made sure come first, and say so.
    sure = any(tally.sure_wrong for _, tally in progress.most_missed)
    _listing(
        console,
        title=_("Most often missed, those you were sure of first") if sure else _("Most often missed"),
        note=note,
        headers=(_("Statement"), _("Verdict"), _("Missed"), *([_("Sure but wrong")] if sure else [])),
        rows=[
            (
                Text(question.statement),
                verdict(question.answer),
                Text(_("{missed} of {seen}").format(missed=tally.seen - tally.right, seen=tally.seen)),
                *([Text(str(tally.sure_wrong) if tally.sure_wrong else "")] if sure else []),
            )
            for question, tally in shown
        ],
    )


def _listing(
    console: Console, *, title: str, note: str | None, headers: Sequence[str], rows: Sequence[Sequence[Text]]
) -> None:
    """A table; in plain text, a titled list with each row on one line, its cells named."""
    console.print()
    if is_plain(console):
        titled = _("{title} ({note})").format(title=title, note=note) if note else title
        console.print(Text(wording.labelled(titled), style="bold"))
        for first, *rest in rows:
            line = first.copy()
            for header, cell in zip(headers[1:], rest, strict=True):
                line.append(" — " + wording.named(header.lower(), "")).append_text(cell)
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
    text = filled(_("{score} on {day}"), score=Text(wording.score(session.score()), style="bold"), day=day)
    label = _session_label(session) if labelled else ""
    if label:
        text.append(", ").append(label, style="dim")
    return text


def _session_label(session: Session) -> str:
    """What a session was: a full run, or which kind of review; nothing for old records that did not say."""
    label = _kind_label(session)
    if len(session.answers) < session.total:
        stopped = _("stopped after {answered} of {total}").format(answered=len(session.answers), total=session.total)
        label = _("{kind}, {stopped}").format(kind=label, stopped=stopped) if label else stopped
    return label


def _kind_label(session: Session) -> str:
    kind = session.kind.value if session.kind is not None else None
    if kind == "full":
        return _("full run")
    if kind == "missed":
        return _("review of missed statements")
    if kind == "tags":
        return _("review of statements tagged {tags}").format(tags=", ".join(session.tags))
    if kind == "sample":
        return ngettext("a selection of {count} statement", "a selection of {count} statements", session.total).format(
            count=session.total
        )
    return ""


def _bar(share: float, width: int = 10) -> Text:
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {wording.percent(share)}")
