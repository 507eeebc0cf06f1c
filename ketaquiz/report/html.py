"""The report as one self-contained HTML page: no script, nothing fetched, charts as inline SVG,
each with a table of its figures beside it; readable on a screen and printed on A4 or Letter.

For a manager: the first page says what changed overall and shows each statement before and
after; the second holds the figures and how sure the room was. Every text from a save file is
escaped: a save file can be edited, or come from someone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ketaquiz import __version__, wording
from ketaquiz.quiz import Overall, most_improved_first
from ketaquiz.report.charts import Layout, Pair, dumbbell, paired_bars
from ketaquiz.report.figures import Report, Statement, Workshop

# Beside a table, a chart has less than the page's width: its labels are a few words, or numbers.
BESIDE = Layout(width=400, labels=120)
NUMBERED = Layout(width=400, labels=40)
# Workshops side by side, statement by statement, while their columns fit a printed page.
SIDE_BY_SIDE_MOST = 6

BEFORE = "Before (first vote)"
AFTER = "After (recap)"

_STYLE = """
@page {
  margin: 14mm 13mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; }
}
:root { color: #000; background: #fff; font: 11pt/1.4 "DejaVu Sans", Arial, sans-serif; }
body { max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #000; padding-bottom: .1rem; }
p { margin: .3rem 0; }
.subtitle { font-size: 1.15rem; margin: 0 0 .3rem; }
.lede { color: #333; }
.headline { font-size: 1.25rem; margin: .5rem 0; }
.headline strong { white-space: nowrap; }
.note { border-left: 3px solid #000; padding: .1rem .6rem; margin: .5rem 0; }
.pair { display: flex; gap: 1rem; align-items: flex-start; break-inside: avoid; page-break-inside: avoid; }
.pair > figure { flex: 3 1 0; margin: 0; }
.pair > table { flex: 2 1 0; }
figure { margin: .4rem 0; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .85rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .2rem; }
th, td { border-bottom: 1px solid #999; padding: .15rem .3rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #000; }
td.n, th.n { text-align: right; white-space: nowrap; }
.statement { overflow-wrap: anywhere; }
table.by-statement td.statement { width: 46%; }
thead th[colspan] { text-align: center; border-bottom: 1px solid #999; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.verdict { font-weight: bold; letter-spacing: .03em; }
footer { margin-top: 1.2rem; font-size: .8rem; color: #333; }
@media print {
  :root { font-size: 9.5pt; line-height: 1.3; }
  body { max-width: none; margin: 0; padding: 0; }
  h2 { margin-top: .8rem; }
  .details { break-before: page; page-break-before: always; }
  table { font-size: 8pt; }
}
"""


def to_html(report: Report, *, files: Sequence[str], made: str) -> str:
    """The whole page; `files`, the save files reported on; `made`, the date it was made."""
    combined = report.combined
    title = combined.title or "Workshop report"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — before and after</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        '<p class="subtitle">What the room believed before and after</p>',
        f'<p class="lede">{escape(_lede(report))}</p>',
        "</header>",
        *_notes(report.workshops),
        *_overall(report),
        *_statements(report),
        '<div class="details">',
        *_table(combined, report),
        *_sure_and_wrong(report),
        *_side_by_side(report),
        "</div>",
        *_how(files, made),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _lede(report: Report) -> str:
    workshops = [workshop for workshop in report.workshops if workshop.kind != "follow-up"]
    follow_ups = len(report.workshops) - len(workshops)
    dates = sorted({workshop.date for workshop in report.workshops})
    when = dates[0] if len(dates) == 1 else f"from {dates[0]} to {dates[-1]}" if dates else "no date"
    combined = report.combined
    counted = wording.plural(len(combined.statements), "statement")
    if len(workshops) == 1 and not follow_ups:
        voters = f"up to {combined.voters} voted on each statement" if combined.voters else "no votes were counted"
        recap = f"{combined.recapped} were asked again in a recap" if combined.recapped else "there was no recap"
        return f"One workshop, {when}: {counted}, {voters}; {recap}."
    extra = f" and {wording.plural(follow_ups, 'follow-up')}" if follow_ups else ""
    return f"{wording.plural(len(workshops), 'workshop')}{extra}, {when}: {counted} in all."


def _notes(workshops: Sequence[Workshop]) -> list[str]:
    """What was cut short, where it was: said at the top, so no figure is read without it."""
    return [
        f'<p class="note"><strong>{escape(_name(workshop))}:</strong> {escape(" ".join(workshop.notes))}</p>'
        for workshop in workshops
        if workshop.notes
    ]


def _name(workshop: Workshop) -> str:
    kind = "Follow-up" if workshop.kind == "follow-up" else "Workshop"
    return f"{kind} of {workshop.started.replace('T', ' ')[:16]}"


def _overall(report: Report) -> list[str]:
    before, after = report.combined.change
    first = report.combined.first_round
    parts = ['<section aria-labelledby="overall">', '<h2 id="overall">What changed</h2>']
    if after.right is None:
        parts += [
            f'<p class="headline">Right in the first round: <strong>{wording.percent(first.right)}</strong></p>',
            "<p>There was no recap round in these workshops, so there is no after to compare: "
            "run <code>ketaquiz present --recap</code> next time.</p>",
            "</section>",
        ]
        return parts
    parts.append(f'<p class="headline">{_headline(before, after)}</p>')
    asked = wording.plural(report.combined.recapped, "statement")
    parts.append(f"<p>Over the {asked} voted on in both rounds. In the first round, over every statement: ")
    parts[-1] += f"{wording.percent(first.right)} right.</p>"
    changes = report.combined.changes
    moved = None if changes is None else wording.changes_line(changes)
    if moved is not None:
        parts.append(f"<p>{escape(moved)} (Phones keep an anonymous id for the workshop; only counts are kept.)</p>")
    rows = [Pair("Right", before.right, after.right)]
    if before.sure_wrong is not None or after.sure_wrong is not None:
        rows.append(Pair("Sure and wrong", before.sure_wrong, after.sure_wrong))
    chart = paired_bars(
        rows,
        title="The room overall, before and after",
        before=BEFORE,
        after=AFTER,
        description="The share of votes right, and the share sure and wrong, before and after; "
        "the table beside has the figures.",
        layout=BESIDE,
    )
    table = [
        "<table>",
        "<caption>The room overall</caption>",
        '<thead><tr><th scope="col">Share of votes</th><th scope="col" class="n">Before</th>'
        '<th scope="col" class="n">After</th><th scope="col" class="n">Change</th></tr></thead><tbody>',
        *(
            f'<tr><th scope="row">{escape(row.label)}</th><td class="n">{wording.percent(row.before)}</td>'
            f'<td class="n">{wording.percent(row.after)}</td>'
            f'<td class="n">{wording.points(_minus(row.after, row.before), row.before, row.after)}</td></tr>'
            for row in rows
        ),
        "</tbody></table>",
    ]
    parts += ['<div class="pair">', f"<figure>{chart}</figure>", *table, "</div>", "</section>"]
    return parts


def _headline(before: Overall, after: Overall) -> str:
    line = f"Right <strong>{wording.before_after(before.right, after.right)}</strong>"
    if before.sure_wrong is not None or after.sure_wrong is not None:
        line += f"; sure and wrong <strong>{wording.before_after(before.sure_wrong, after.sure_wrong)}</strong>"
    return line


def _minus(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _label(statement: Statement) -> str:
    return f"{statement.number}. {statement.row.statement}"


def _statements(report: Report) -> list[str]:
    ordered = _ordered(report.combined)
    chart = dumbbell(
        [Pair(_label(s), s.row.right_before, s.row.right_after) for s in ordered],
        title="Right before and after, statement by statement",
        before=BEFORE,
        after=AFTER,
        description="For each statement, the share of votes right before (hollow dot) and after (filled dot); "
        "the table of every statement, further on, has the figures.",
    )
    return [
        '<section aria-labelledby="by-statement">',
        '<h2 id="by-statement">Statement by statement</h2>',
        "<p>Most improved first, numbered as first shown. Before: the room's first vote, taken before the verdict "
        "was revealed. After: its vote in the recap, with no reveal.</p>",
        f"<figure>{chart}</figure>",
        "</section>",
    ]


def _ordered(workshop: Workshop) -> list[Statement]:
    by_id = {statement.row.id: statement for statement in workshop.statements}
    return [by_id[row.id] for row in most_improved_first([statement.row for statement in workshop.statements])]


def _table(workshop: Workshop, report: Report) -> list[str]:
    sure = report.confidence
    groups = [("Right", ("before", "after", "change")), *([("Sure and wrong", ("before", "after"))] if sure else [])]
    groups.append(("Voters", ("before", "after")))
    top = '<th scope="col" rowspan="2" class="n">#</th><th scope="col" rowspan="2">Statement</th>'
    top += '<th scope="col" rowspan="2">Verdict</th>'
    top += "".join(f'<th scope="colgroup" colspan="{len(names)}">{group}</th>' for group, names in groups)
    under = "".join(f'<th scope="col" class="n">{name}</th>' for _, names in groups for name in names)
    rows = []
    for statement in _ordered(workshop):
        row = statement.row
        figures = [
            wording.percent(row.right_before),
            wording.percent(row.right_after),
            wording.points(row.change, row.right_before, row.right_after),
        ]
        if sure:
            figures += [wording.percent(statement.sure_wrong_before), wording.percent(statement.sure_wrong_after)]
        figures += [str(statement.voters_before), str(statement.voters_after)]
        cells = [
            f'<td class="n">{statement.number}</td>',
            f'<td class="statement">{escape(row.statement)}</td>',
            f'<td class="verdict">{wording.verdict_word(row.answer)}</td>',
            *(f'<td class="n">{figure}</td>' for figure in figures),
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return [
        '<section aria-labelledby="figures">',
        '<h2 id="figures">Every statement\'s figures</h2>',
        '<table class="by-statement">',
        "<caption>Each statement, most improved first: the share of votes right before and after and the "
        "change in percentage points"
        + (", the share of phone votes sure and wrong" if sure else "")
        + ", and how many voted</caption>",
        f"<thead><tr>{top}</tr><tr>{under}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody>",
        "</table>",
        "</section>",
    ]


def _sure_and_wrong(report: Report) -> list[str]:
    parts = ['<section aria-labelledby="sure">', '<h2 id="sure">Sure and wrong</h2>']
    if not report.confidence:
        parts += [
            "<p>The phones were not asked how sure they were. With <code>present --live --confidence</code>, each "
            "vote comes with sure or not sure, and this part shows the beliefs held with confidence.</p>",
            "</section>",
        ]
        return parts
    statements = sorted(report.combined.statements, key=lambda s: s.number)
    rows = [Pair(str(s.number), s.sure_wrong_before, s.sure_wrong_after) for s in statements]
    chart = paired_bars(
        rows,
        title="Sure and wrong before and after",
        before=BEFORE,
        after=AFTER,
        description="For each statement by its number, the share of phone votes that were sure of the wrong "
        "verdict, before and after; the table beside has the figures.",
        layout=NUMBERED,
    )
    table = [
        "<table>",
        "<caption>Phone votes sure of the wrong verdict</caption>",
        '<thead><tr><th scope="col" class="n">#</th><th scope="col" class="n">Before</th>'
        '<th scope="col" class="n">After</th></tr></thead><tbody>',
        *(
            f'<tr><th scope="row" class="n">{s.number}</th><td class="n">{wording.percent(s.sure_wrong_before)}</td>'
            f'<td class="n">{wording.percent(s.sure_wrong_after)}</td></tr>'
            for s in statements
        ),
        "</tbody></table>",
    ]
    parts += [
        "<p>Of the phone votes, those sure of the wrong verdict: the misconceptions a workshop exists to correct. "
        "Corrected, a confident error tends to be the one remembered best.</p>",
        '<div class="pair">',
        f"<figure>{chart}</figure>",
        *table,
        "</div>",
        "</section>",
    ]
    return parts


def _side_by_side(report: Report) -> list[str]:
    workshops = report.workshops
    if len(workshops) < 2:
        return []
    sure = report.confidence
    headings = ["Workshop", "File", "Voters", "Statements", "Right before → after", "Change"]
    headings += ["Sure and wrong before → after"] if sure else []
    rows = []
    for workshop in workshops:
        before, after = workshop.change
        cells = [
            f"<td>{escape(_name(workshop))}</td>",
            f'<td class="statement">{escape(workshop.source)}</td>',
            f'<td class="n">{workshop.voters}</td>',
            f'<td class="n">{len(workshop.statements)}</td>',
            f'<td class="n">{wording.before_after(before.right, after.right)}</td>',
            f'<td class="n">{wording.points(_minus(after.right, before.right), before.right, after.right)}</td>',
        ]
        if sure:
            cells.append(f'<td class="n">{wording.before_after(before.sure_wrong, after.sure_wrong)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f'<th scope="col">{name}</th>' for name in headings)
    parts = [
        '<section aria-labelledby="workshops">',
        '<h2 id="workshops">Workshops side by side</h2>',
        "<table>",
        "<caption>Each workshop over the statements it asked in both rounds</caption>",
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
        "</table>",
    ]
    if len(workshops) <= SIDE_BY_SIDE_MOST:
        parts += _matrix(report)
    else:
        parts.append("<p>Each workshop statement by statement is in the CSV and JSON reports (--format csv).</p>")
    return [*parts, "</section>"]


def _matrix(report: Report) -> list[str]:
    """Each statement's right before → after in each workshop, one column per workshop."""
    head = "".join(f'<th scope="col" class="n">{escape(_name(workshop))}</th>' for workshop in report.workshops)
    cells = {
        (index, statement.row.id): wording.before_after(statement.row.right_before, statement.row.right_after)
        for index, workshop in enumerate(report.workshops)
        for statement in workshop.statements
    }
    rows = [
        f'<tr><th scope="row" class="statement">{escape(_label(statement))}</th>'
        + "".join(
            f'<td class="n">{cells.get((index, statement.row.id), "")}</td>' for index in range(len(report.workshops))
        )
        + "</tr>"
        for statement in sorted(report.combined.statements, key=lambda s: s.number)
    ]
    return [
        "<table>",
        "<caption>Right before → after, statement by statement, in each workshop</caption>",
        f'<thead><tr><th scope="col">Statement</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>',
        "</table>",
    ]


def _how(files: Sequence[str], made: str) -> list[str]:
    return [
        "<footer>",
        "<p>How these figures are made: a share is of the votes counted, phones and hands together; sure and "
        "wrong is of the phone votes, where the phones were asked how sure. The overall change compares the "
        "statements voted on in both rounds. A follow-up is compared with the workshop it follows, and shown "
        "beside it but not added to the combined figures.</p>",
        f"<p>Made by ketaquiz {escape(__version__)} on {escape(made)} from {escape(', '.join(files))}.</p>",
        "</footer>",
    ]
