"""What `ketaquiz audit` shows an educator: the strategies' scores and every finding, as tables on
a terminal and as plain lines in a pipe or a file."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Bank, Finding, Strategy

STRATEGIES_HEADING = "Strategies that score without knowing anything"
FLAGGED = "flagged"
NO_CUE = "no statement has its cue"
NO_FINDINGS = "No findings."
LEAD_MEANS = "Lead: percentage points above the better of always myth and always fact."
NOTE = "Note"


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
    lines = [f"Audit of {wording.heading(bank)} ({bank.path})", wording.statement_counts(bank)]
    lines += [f"{NOTE}: {note}" for note in notes]
    if strategies:
        lines += ["", f"{STRATEGIES_HEADING}:"]
        lines += [f"  {strategy.name}: {_scored(strategy)}" for strategy in strategies]
    lines += ["", f"{wording.plural(len(findings), 'finding')}:" if findings else NO_FINDINGS]
    for finding in findings:
        about = f"{', '.join(finding.questions)}: " if finding.questions else ""
        lines += ["", f"{finding.check}: {about}{finding.message}"]
        lines += [f"  {detail}" for detail in finding.detail]
        lines.append(f"  suggestion: {finding.suggestion}")
    return lines


def _tables(
    console: Console, bank: Bank, strategies: Sequence[Strategy], findings: Sequence[Finding], notes: Sequence[str]
) -> None:
    console.print(Text(f"Audit of {wording.heading(bank)}", style="bold"))
    console.print(Text(f"{bank.path} · {wording.statement_counts(bank)}", style="dim"))
    for note in notes:
        console.print(Text.assemble((f"{NOTE}: ", "bold"), note))
    if strategies:
        console.print()
        console.print(_strategy_table(strategies))
    console.print()
    if not findings:
        console.print(Text(NO_FINDINGS, style="green"))
        return
    table = Table(
        title=Text(wording.plural(len(findings), "finding"), style="bold"), box=box.SQUARE, show_lines=True, expand=True
    )
    table.add_column("Check", no_wrap=True)
    table.add_column("Statements and finding", overflow="fold")
    previous: Finding | None = None
    for finding in findings:
        told = [Text(", ".join(finding.questions), style="bold")] if finding.questions else []
        told.append(Text(finding.message))
        told += [Text(detail, style="dim") for detail in finding.detail]
        # One suggestion for a run of findings it fits: the table stays short enough to read through.
        same = previous is not None and (previous.check, previous.suggestion) == (finding.check, finding.suggestion)
        told.append(Text.assemble(("→ ", "green"), ("as above" if same else finding.suggestion, "italic")))
        table.add_row(Text(finding.check), Group(*told))
        previous = finding
    console.print(table)


def _strategy_table(strategies: Sequence[Strategy]) -> Table:
    caption = Text(f"{LEAD_MEANS} —: not scored, {NO_CUE}.", style="dim")
    table = Table(
        title=Text(STRATEGIES_HEADING, style="bold"),
        caption=caption,
        caption_justify="left",
        box=box.SQUARE,
    )
    table.add_column("Strategy", overflow="fold")
    table.add_column("Cue in", justify="right", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Lead", justify="right", no_wrap=True)
    flags = any(strategy.flagged for strategy in strategies)
    if flags:
        table.add_column("", no_wrap=True)
    for strategy in strategies:
        cells = [strategy.name, "0", "—", ""]
        if strategy.cued:
            cells[1:] = ["all" if strategy.base_rate else str(strategy.cued), _score(strategy), _lead(strategy)]
        flag = [Text(FLAGGED, style="bold red") if strategy.flagged else ""] if flags else []
        table.add_row(*cells, *flag)
    return table


def _scored(strategy: Strategy) -> str:
    if not strategy.cued:
        return f"not scored: {NO_CUE}"
    said = _score(strategy)
    if strategy.base_rate:
        return said
    rounded = round(strategy.lead)
    lead = f"{wording.plural(abs(rounded), 'point')} {'above' if rounded > 0 else 'below'}" if rounded else "level with"
    said += f", {lead} the base rate; cue in {wording.plural(strategy.cued, 'statement')}"
    return f"{said} — {FLAGGED}" if strategy.flagged else said


def _score(strategy: Strategy) -> str:
    return f"{strategy.points:g}/{strategy.out_of} ({wording.percent(strategy.share)})"


def _lead(strategy: Strategy) -> str:
    rounded = round(strategy.lead)
    return f"{rounded:+d}" if rounded else "0"
