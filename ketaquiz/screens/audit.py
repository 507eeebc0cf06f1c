"""What `ketaquiz audit` shows an educator: the strategies' scores and every finding, as tables on
a terminal and as plain lines in a pipe or a file."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import N_, _, decimal, ngettext
from ketaquiz.model import Bank, Finding, Strategy

STRATEGIES_HEADING = N_("Strategies that score without knowing anything")
FLAGGED = N_("flagged")
NO_CUE = N_("no statement has its cue")
NO_FINDINGS = N_("No findings.")


def report(
    console: Console,
    bank: Bank,
    strategies: Sequence[Strategy],
    findings: Sequence[Finding],
    *,
    notes: Sequence[str] = (),
) -> None:
    """The audit: tables on a terminal; plain lines, one finding to a line and its details under it, elsewhere.
    `notes` say what the checks leave out."""
    if console.is_terminal:
        _tables(console, bank, strategies, findings, notes)
    else:
        console.out("\n".join(report_lines(bank, strategies, findings, notes=notes)), highlight=False)


def report_lines(
    bank: Bank, strategies: Sequence[Strategy], findings: Sequence[Finding], *, notes: Sequence[str] = ()
) -> list[str]:
    lines = [
        _("Audit of {title} ({path})").format(title=wording.heading(bank), path=bank.path),
        wording.statement_counts(bank),
    ]
    lines += [_note(note) for note in notes]
    if strategies:
        lines += ["", _("{heading}:").format(heading=_(STRATEGIES_HEADING))]
        lines += [f"  {strategy.name}: {_scored(strategy)}" for strategy in strategies]
    lines += ["", _("{heading}:").format(heading=_findings(findings)) if findings else _(NO_FINDINGS)]
    for finding in findings:
        about = ", ".join(finding.questions)
        line = _("{check}: {questions}: {message}") if about else _("{check}: {message}")
        lines += ["", line.format(check=finding.check, questions=about, message=finding.message)]
        lines += [f"  {detail}" for detail in finding.detail]
        lines.append("  " + _("suggestion: {suggestion}").format(suggestion=finding.suggestion))
    return lines


def _note(note: str) -> str:
    return _("Note: {note}").format(note=note)


def _findings(findings: Sequence[Finding]) -> str:
    return ngettext("{count} finding", "{count} findings", len(findings)).format(count=len(findings))


def _tables(
    console: Console, bank: Bank, strategies: Sequence[Strategy], findings: Sequence[Finding], notes: Sequence[str]
) -> None:
    console.print(Text(_("Audit of {title}").format(title=wording.heading(bank)), style="bold"))
    console.print(Text(f"{bank.path} · {wording.statement_counts(bank)}", style="dim"))
    for note in notes:
        # The label bold, the note not: the label is worded around it in the interface's language.
        label, _mark, after = _("Note: {note}").partition("{note}")
        console.print(Text.assemble((label, "bold"), note, after))
    if strategies:
        console.print()
        console.print(_strategy_table(strategies))
    console.print()
    if not findings:
        console.print(Text(_(NO_FINDINGS), style="green"))
        return
    table = Table(title=Text(_findings(findings), style="bold"), box=box.SQUARE, show_lines=True, expand=True)
    table.add_column(_("Check"), no_wrap=True)
    table.add_column(_("Statements and finding"), overflow="fold")
    previous: Finding | None = None
    for finding in findings:
        told = [Text(", ".join(finding.questions), style="bold")] if finding.questions else []
        told.append(Text(finding.message))
        told += [Text(detail, style="dim") for detail in finding.detail]
        # One suggestion for a run of findings it fits: the table stays short enough to read through.
        same = previous is not None and (previous.check, previous.suggestion) == (finding.check, finding.suggestion)
        told.append(Text.assemble(("→ ", "green"), (_("as above") if same else finding.suggestion, "italic")))
        table.add_row(Text(finding.check), Group(*told))
        previous = finding
    console.print(table)


def _strategy_table(strategies: Sequence[Strategy]) -> Table:
    caption = _(
        "Lead: percentage points above the better of always myth and always fact. —: not scored, {no_cue}."
    ).format(no_cue=_(NO_CUE))
    table = Table(
        title=Text(_(STRATEGIES_HEADING), style="bold"),
        caption=Text(caption, style="dim"),
        caption_justify="left",
        box=box.SQUARE,
    )
    table.add_column(_("Strategy"), overflow="fold")
    table.add_column(_("Cue in"), justify="right", no_wrap=True)
    table.add_column(_("Score"), justify="right", no_wrap=True)
    table.add_column(_("Lead"), justify="right", no_wrap=True)
    flags = any(strategy.flagged for strategy in strategies)
    if flags:
        table.add_column("", no_wrap=True)
    for strategy in strategies:
        cells = [strategy.name, "0", "—", ""]
        if strategy.cued:
            cells[1:] = [_("all") if strategy.base_rate else str(strategy.cued), _score(strategy), _lead(strategy)]
        flag = [Text(_(FLAGGED), style="bold red") if strategy.flagged else ""] if flags else []
        table.add_row(*cells, *flag)
    return table


def _scored(strategy: Strategy) -> str:
    if not strategy.cued:
        return _("not scored: {reason}").format(reason=_(NO_CUE))
    score = _score(strategy)
    if strategy.base_rate:
        return score
    rounded = round(strategy.lead)
    if rounded > 0:
        lead = ngettext("{count} point above the base rate", "{count} points above the base rate", rounded)
    elif rounded < 0:
        lead = ngettext("{count} point below the base rate", "{count} points below the base rate", -rounded)
    else:
        lead = _("level with the base rate")
    cued = ngettext("cue in {cued} statement", "cue in {cued} statements", strategy.cued)
    said = _("{score}, {lead}; {cued}").format(
        score=score, lead=lead.format(count=abs(rounded)), cued=cued.format(cued=strategy.cued)
    )
    return _("{scored} — flagged").format(scored=said) if strategy.flagged else said


def _score(strategy: Strategy) -> str:
    return f"{decimal(strategy.points, None)}/{strategy.out_of} ({wording.percent(strategy.share)})"


def _lead(strategy: Strategy) -> str:
    rounded = round(strategy.lead)
    return f"{rounded:+d}" if rounded else "0"
