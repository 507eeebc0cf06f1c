"""The report's second page, for whoever wants the figures: every statement's, how sure the room
was, and the workshops side by side; and what both pages share of their words."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ketaquiz import wording
from ketaquiz.i18n import _
from ketaquiz.report.charts import Layout, Pair, paired_bars
from ketaquiz.report.figures import Report, Statement, Workshop
from ketaquiz.votes import most_improved_first
from ketaquiz.wording import room as room_wording

NUMBERED = Layout(width=400, labels=40)
# Workshops side by side, statement by statement, while their columns fit a printed page.
SIDE_BY_SIDE_MOST = 6


def before() -> str:
    return _("Before (first vote)")


def after() -> str:
    return _("After (recap)")


def bars(rows: Sequence[Pair], *, title: str, description: str, layout: Layout) -> str:
    """Paired bars of each row before (the first round) and after (the recap)."""
    return paired_bars(rows, title=title, before=before(), after=after(), description=description, layout=layout)


def name(workshop: Workshop) -> str:
    when = workshop.started.replace("T", " ")[:16]
    if workshop.kind == "follow-up":
        return _("Follow-up of {time}").format(time=when)
    return _("Workshop of {time}").format(time=when)


def filled(template: str, **marked: str) -> str:
    """A message escaped, then its fields filled with markup already made safe (<strong>, <code>)."""
    return escape(template).format(**marked)


def strong(text: str) -> str:
    return f"<strong>{escape(text)}</strong>"


def minus(after_share: float | None, before_share: float | None) -> float | None:
    return None if after_share is None or before_share is None else after_share - before_share


def label(statement: Statement) -> str:
    return f"{statement.number}. {statement.row.statement}"


def ordered(workshop: Workshop) -> list[Statement]:
    by_id = {statement.row.id: statement for statement in workshop.statements}
    return [by_id[row.id] for row in most_improved_first([statement.row for statement in workshop.statements])]


def table(workshop: Workshop, report: Report) -> list[str]:
    sure = report.confidence
    when = {"before": _("before"), "after": _("after"), "change": _("change")}
    groups = [
        (_("Right"), ("before", "after", "change")),
        *([(_("Sure and wrong"), ("before", "after"))] if sure else []),
    ]
    groups.append((_("Voters"), ("before", "after")))
    top = '<th scope="col" rowspan="2" class="n">#</th>'
    top += '<th scope="col" rowspan="2">' + escape(_("Statement")) + "</th>"
    top += '<th scope="col" rowspan="2">' + escape(_("Verdict")) + "</th>"
    top += "".join(f'<th scope="colgroup" colspan="{len(names)}">{escape(group)}</th>' for group, names in groups)
    under = "".join(
        f'<th scope="col" class="n">{escape(when[name])}</th>' for _group, names in groups for name in names
    )
    rows = []
    for statement in ordered(workshop):
        row = statement.row
        figures = [
            wording.percent(row.right_before),
            wording.percent(row.right_after),
            room_wording.points(row.change, row.right_before, row.right_after),
        ]
        if sure:
            figures += [wording.percent(statement.sure_wrong_before), wording.percent(statement.sure_wrong_after)]
        figures += [str(statement.voters_before), str(statement.voters_after)]
        cells = [
            f'<td class="n">{statement.number}</td>',
            f'<td class="statement">{escape(row.statement)}</td>',
            f'<td class="verdict">{escape(wording.verdict_word(row.answer))}</td>',
            *(f'<td class="n">{figure}</td>' for figure in figures),
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    if sure:
        caption = _(
            "Each statement, most improved first: the share of votes right before and after and the change in "
            "percentage points, the share of phone votes sure and wrong, and how many voted"
        )
    else:
        caption = _(
            "Each statement, most improved first: the share of votes right before and after and the change in "
            "percentage points, and how many voted"
        )
    return [
        '<section aria-labelledby="figures">',
        '<h2 id="figures">' + escape(_("Every statement's figures")) + "</h2>",
        '<table class="by-statement">',
        f"<caption>{escape(caption)}</caption>",
        f"<thead><tr>{top}</tr><tr>{under}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody>",
        "</table>",
        "</section>",
    ]


def sure_and_wrong(report: Report) -> list[str]:
    parts = ['<section aria-labelledby="sure">', '<h2 id="sure">' + escape(_("Sure and wrong")) + "</h2>"]
    if not report.confidence:
        not_asked = _(
            "The phones were not asked how sure they were. With {command}, each vote comes with sure or not sure, "
            "and this part shows the beliefs held with confidence."
        )
        parts += [f"<p>{filled(not_asked, command='<code>present --live --confidence</code>')}</p>", "</section>"]
        return parts
    statements = sorted(report.combined.statements, key=lambda s: s.number)
    rows = [Pair(str(s.number), s.sure_wrong_before, s.sure_wrong_after) for s in statements]
    chart = bars(
        rows,
        title=_("Sure and wrong before and after"),
        description=_(
            "For each statement by its number, the share of phone votes that were sure of the wrong verdict, "
            "before and after; the table beside has the figures."
        ),
        layout=NUMBERED,
    )
    table = [
        "<table>",
        "<caption>" + escape(_("Phone votes sure of the wrong verdict")) + "</caption>",
        '<thead><tr><th scope="col" class="n">#</th><th scope="col" class="n">' + escape(_("Before")) + "</th>"
        '<th scope="col" class="n">' + escape(_("After")) + "</th></tr></thead><tbody>",
        *(
            f'<tr><th scope="row" class="n">{s.number}</th><td class="n">{wording.percent(s.sure_wrong_before)}</td>'
            f'<td class="n">{wording.percent(s.sure_wrong_after)}</td></tr>'
            for s in statements
        ),
        "</tbody></table>",
    ]
    explained = _(
        "Of the phone votes, those sure of the wrong verdict: the misconceptions a workshop exists to correct. "
        "Corrected, a confident error tends to be the one remembered best."
    )
    parts += [f"<p>{escape(explained)}</p>", '<div class="pair">', f"<figure>{chart}</figure>", *table, "</div>"]
    return [*parts, "</section>"]


def side_by_side(report: Report) -> list[str]:
    workshops = report.workshops
    if len(workshops) < 2:
        return []
    sure = report.confidence
    headings = [_("Workshop"), _("File"), _("Voters"), _("Statements"), _("Right before → after"), _("Change")]
    headings += [_("Sure and wrong before → after")] if sure else []
    rows = []
    for workshop in workshops:
        first, second = workshop.change
        cells = [
            f"<td>{escape(name(workshop))}</td>",
            f'<td class="statement">{escape(workshop.source)}</td>',
            f'<td class="n">{workshop.voters}</td>',
            f'<td class="n">{len(workshop.statements)}</td>',
            f'<td class="n">{room_wording.before_after(first.right, second.right)}</td>',
            f'<td class="n">{room_wording.points(minus(second.right, first.right), first.right, second.right)}</td>',
        ]
        if sure:
            cells.append(f'<td class="n">{room_wording.before_after(first.sure_wrong, second.sure_wrong)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in headings)
    parts = [
        '<section aria-labelledby="workshops">',
        '<h2 id="workshops">' + escape(_("Workshops side by side")) + "</h2>",
        "<table>",
        "<caption>" + escape(_("Each workshop over the statements it asked in both rounds")) + "</caption>",
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
        "</table>",
    ]
    if len(workshops) <= SIDE_BY_SIDE_MOST:
        parts += matrix(report)
    else:
        elsewhere = _("Each workshop statement by statement is in the CSV and JSON reports (--format csv).")
        parts.append(f"<p>{escape(elsewhere)}</p>")
    return [*parts, "</section>"]


def matrix(report: Report) -> list[str]:
    """Each statement's right before → after in each workshop, one column per workshop."""
    head = "".join(f'<th scope="col" class="n">{escape(name(workshop))}</th>' for workshop in report.workshops)
    cells = {
        (index, statement.row.id): room_wording.before_after(statement.row.right_before, statement.row.right_after)
        for index, workshop in enumerate(report.workshops)
        for statement in workshop.statements
    }
    rows = [
        f'<tr><th scope="row" class="statement">{escape(label(statement))}</th>'
        + "".join(
            f'<td class="n">{cells.get((index, statement.row.id), "")}</td>' for index in range(len(report.workshops))
        )
        + "</tr>"
        for statement in sorted(report.combined.statements, key=lambda s: s.number)
    ]
    return [
        "<table>",
        "<caption>" + escape(_("Right before → after, statement by statement, in each workshop")) + "</caption>",
        '<thead><tr><th scope="col">'
        + escape(_("Statement"))
        + f"</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
        "</table>",
    ]
