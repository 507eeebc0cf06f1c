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
from ketaquiz.i18n import _, ngettext, spoken
from ketaquiz.report.charts import Layout, Pair, dumbbell
from ketaquiz.report.details import (
    after,
    bars,
    before,
    filled,
    label,
    minus,
    name,
    ordered,
    side_by_side,
    strong,
    sure_and_wrong,
    table,
)
from ketaquiz.report.figures import Report, Workshop
from ketaquiz.votes import Overall
from ketaquiz.wording import room as room_wording

# Beside a table, a chart has less than the page's width: its labels are a few words, or numbers.
BESIDE = Layout(width=400, labels=120)


_STYLE = """
@page {
  margin: 14mm 13mm;
  @bottom-center { content: PAGE_OF_PAGES; font: 8pt "DejaVu Sans", Arial, sans-serif; }
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
    """The whole page, in the interface's language; `files`, the save files reported on; `made`,
    the date it was made."""
    combined = report.combined
    title = combined.title or _("Workshop report")
    style = _STYLE.replace("PAGE_OF_PAGES", wording.page_foot(_("Page {page} of {pages}")))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(spoken())}">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>" + escape(_("{title} — before and after").format(title=title)) + "</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        '<p class="subtitle">' + escape(_("What the room believed before and after")) + "</p>",
        f'<p class="lede">{escape(_lede(report))}</p>',
        "</header>",
        *_notes(report.workshops),
        *_overall(report),
        *_statements(report),
        '<div class="details">',
        *table(combined, report),
        *sure_and_wrong(report),
        *side_by_side(report),
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
    if not dates:
        when = _("no date")
    elif len(dates) == 1:
        when = dates[0]
    else:
        when = _("from {first} to {last}").format(first=dates[0], last=dates[-1])
    combined = report.combined
    counted = wording.statements(len(combined.statements))
    if len(workshops) == 1 and not follow_ups:
        if combined.voters:
            voters = ngettext(
                "up to {count} voted on each statement", "up to {count} voted on each statement", combined.voters
            ).format(count=combined.voters)
        else:
            voters = _("no votes were counted")
        if combined.recapped:
            recap = ngettext(
                "{count} was asked again in a recap", "{count} were asked again in a recap", combined.recapped
            ).format(count=combined.recapped)
        else:
            recap = _("there was no recap")
        return _("One workshop, {when}: {statements}, {voters}; {recap}.").format(
            when=when, statements=counted, voters=voters, recap=recap
        )
    held = ngettext("{count} workshop", "{count} workshops", len(workshops)).format(count=len(workshops))
    if follow_ups:
        followed = ngettext("{count} follow-up", "{count} follow-ups", follow_ups).format(count=follow_ups)
        return _("{workshops} and {follow_ups}, {when}: {statements} in all.").format(
            workshops=held, follow_ups=followed, when=when, statements=counted
        )
    return _("{workshops}, {when}: {statements} in all.").format(workshops=held, when=when, statements=counted)


def _notes(workshops: Sequence[Workshop]) -> list[str]:
    """What was cut short, where it was: said at the top, so no figure is read without it."""
    return [
        f'<p class="note"><strong>{escape(wording.labelled(name(workshop)))}</strong> '
        f"{escape(' '.join(workshop.notes))}</p>"
        for workshop in workshops
        if workshop.notes
    ]


def _overall(report: Report) -> list[str]:
    before_change, after_change = report.combined.change
    first = report.combined.first_round
    parts = ['<section aria-labelledby="overall">', '<h2 id="overall">' + escape(_("What changed")) + "</h2>"]
    if after_change.right is None:
        command = "<code>ketaquiz present --recap</code>"
        parts += [
            '<p class="headline">'
            + filled(_("Right in the first round: {percent}"), percent=strong(wording.percent(first.right)))
            + "</p>",
            "<p>"
            + filled(
                _(
                    "There was no recap round in these workshops, so there is no after to compare: "
                    "run {command} next time."
                ),
                command=command,
            )
            + "</p>",
            *_language_split(report),
            "</section>",
        ]
        return parts
    parts.append(f'<p class="headline">{_headline(before_change, after_change)}</p>')
    recapped = report.combined.recapped
    over = ngettext(
        "Over the {count} statement voted on in both rounds. In the first round, over every statement: "
        "{percent} right.",
        "Over the {count} statements voted on in both rounds. In the first round, over every statement: "
        "{percent} right.",
        recapped,
    )
    parts.append(f"<p>{escape(over.format(count=recapped, percent=wording.percent(first.right)))}</p>")
    changes = report.combined.changes
    moved = None if changes is None else room_wording.changes_line(changes)
    if moved is not None:
        kept = _("{changes} (Phones keep an anonymous id for the workshop; only counts are kept.)")
        parts.append(f"<p>{escape(kept.format(changes=moved))}</p>")
    parts += _language_split(report)
    parts += [*_overall_figures(before_change, after_change), "</section>"]
    return parts


def _overall_figures(before_change: Overall, after_change: Overall) -> list[str]:
    """The room overall before and after, as a chart with its table beside it."""
    rows = [Pair(_("Right"), before_change.right, after_change.right)]
    if before_change.sure_wrong is not None or after_change.sure_wrong is not None:
        rows.append(Pair(_("Sure and wrong"), before_change.sure_wrong, after_change.sure_wrong))
    chart = bars(
        rows,
        title=_("The room overall, before and after"),
        description=_(
            "The share of votes right, and the share sure and wrong, before and after; "
            "the table beside has the figures."
        ),
        layout=BESIDE,
    )
    headings = (_("Share of votes"), _("Before"), _("After"), _("Change"))
    table = [
        "<table>",
        "<caption>" + escape(_("The room overall")) + "</caption>",
        "<thead><tr>" + "".join(_column(name, numbers=index > 0) for index, name in enumerate(headings)),
        "</tr></thead><tbody>",
        *(
            f'<tr><th scope="row">{escape(row.label)}</th><td class="n">{wording.percent(row.before)}</td>'
            f'<td class="n">{wording.percent(row.after)}</td>'
            f'<td class="n">{room_wording.points(minus(row.after, row.before), row.before, row.after)}</td></tr>'
            for row in rows
        ),
        "</tbody></table>",
    ]
    return ['<div class="pair">', f"<figure>{chart}</figure>", *table, "</div>"]


def _column(name: str, *, numbers: bool) -> str:
    """A column's heading; a column of figures is aligned to the right."""
    aligned = ' class="n"' if numbers else ""
    return f'<th scope="col"{aligned}>{escape(name)}</th>'


def _language_split(report: Report) -> list[str]:
    """How many phone votes came in each language, where the room voted in more than one."""
    split = room_wording.language_split(report.combined.languages)
    return [] if split is None else [f"<p>{escape(split)}</p>"]


def _headline(before_change: Overall, after_change: Overall) -> str:
    right = strong(room_wording.before_after(before_change.right, after_change.right))
    if before_change.sure_wrong is not None or after_change.sure_wrong is not None:
        sure_wrong = strong(room_wording.before_after(before_change.sure_wrong, after_change.sure_wrong))
        return filled(_("Right {right}; sure and wrong {sure_wrong}"), right=right, sure_wrong=sure_wrong)
    return filled(_("Right {right}"), right=right)


def _statements(report: Report) -> list[str]:
    shown = ordered(report.combined)
    chart = dumbbell(
        [Pair(label(s), s.row.right_before, s.row.right_after) for s in shown],
        title=_("Right before and after, statement by statement"),
        before=before(),
        after=after(),
        description=_(
            "For each statement, the share of votes right before (hollow dot) and after (filled dot); "
            "the table of every statement, further on, has the figures."
        ),
    )
    explained = _(
        "Most improved first, numbered as first shown. Before: the room's first vote, taken before the verdict "
        "was revealed. After: its vote in the recap, with no reveal."
    )
    return [
        '<section aria-labelledby="by-statement">',
        '<h2 id="by-statement">' + escape(_("Statement by statement")) + "</h2>",
        f"<p>{escape(explained)}</p>",
        f"<figure>{chart}</figure>",
        "</section>",
    ]


def _how(files: Sequence[str], made: str) -> list[str]:
    how = _(
        "How these figures are made: a share is of the votes counted, phones and hands together; sure and "
        "wrong is of the phone votes, where the phones were asked how sure. The overall change compares the "
        "statements voted on in both rounds. A follow-up is compared with the workshop it follows, and shown "
        "beside it but not added to the combined figures."
    )
    made_by = _("Made by ketaquiz {version} on {date} from {files}.").format(
        version=__version__, date=made, files=", ".join(files)
    )
    return ["<footer>", f"<p>{escape(how)}</p>", f"<p>{escape(made_by)}</p>", "</footer>"]
