"""A print-ready HTML handout: statements to mark, then an answer key on a new printed page.

One self-contained file (no external assets), readable on screen and printed
on A4 or Letter in black and white. Every piece of bank text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import html_text, link_target
from ketaquiz.export.outline import KeyEntry, Outline, choice, instruction, outline
from ketaquiz.wording import number_spans, phone_parts

# Margins that suit both A4 and Letter; the printer's own paper size is kept. The page sets its own
# margins, so nothing is lost when the browser's headers and footers are turned off, and its own
# header and footer: a page number, and nothing of the computer's (Chromium and Edge then print
# neither the date nor the file's path, a home folder, on a handout).
_STYLE = """
@page {
  margin: 16mm 15mm;
  @top-center { content: ""; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt Georgia, "DejaVu Serif", serif; }
}
:root { color: #000; background: #fff; font: 12pt/1.45 Georgia, "DejaVu Serif", serif; }
body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 0 0 .8rem; }
p { margin: .3rem 0; }
a { color: #000; overflow-wrap: anywhere; }
.source, .reviewed { color: #333; }
ol, ul { padding-left: 1.8rem; }
li { margin: 0 0 .9rem; break-inside: avoid; page-break-inside: avoid; overflow-wrap: anywhere; }
/* Each statement on the left, its Myth / Fact to circle on the right of its first line. */
.statements > li { margin-bottom: .6rem; }
.to-mark { display: flex; align-items: baseline; gap: 1rem; }
.to-mark > p { margin: 0; }
.to-mark > p:first-child { flex: 1; }
.choice { font-weight: bold; letter-spacing: .05em; white-space: nowrap; }
.choice span { border: 1px solid #000; border-radius: 1em; padding: 0 .6em; }
.answer-key { break-before: page; page-break-before: always; }
/* The key flows from one answer to the next; only a paragraph, or a verdict and what follows it, stays whole. */
.answers > li { break-inside: auto; page-break-inside: auto; }
.answers p, .answers blockquote { break-inside: avoid; page-break-inside: avoid; }
.answers li > p:first-child { break-after: avoid; page-break-after: avoid; }
.verdict { font-weight: bold; }
blockquote { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid #000; }
.help { margin-top: 1.5rem; border-top: 1px solid #000; padding-top: .8rem; break-inside: avoid; }
.help li { margin-bottom: .3rem; }
/* A phone number never breaks across lines; on a phone it dials. */
.tel { white-space: nowrap; }
@media print {
  :root { font-size: 10.5pt; line-height: 1.35; }
  body { max-width: none; margin: 0; padding: 0; }
  .statements { font-size: 10pt; line-height: 1.3; }
  .statements > li { margin-bottom: .25rem; }
  /* The key in two columns of smaller type, each answer running on from the last. */
  .answers { columns: 2; column-gap: 7mm; font-size: 9pt; line-height: 1.25; padding-left: 1.4rem; }
  .answers > li { margin-bottom: .5rem; }
  .answers p { margin: .2rem 0; }
  /* Where to get help in two columns of smaller type, so it fits under the last statements. */
  .help { margin-top: .8rem; padding-top: .4rem; font-size: 9pt; line-height: 1.3; }
  .help h2 { font-size: 1.1rem; margin-bottom: .4rem; }
  .help ul { columns: 2; column-gap: 7mm; }
  .help li { margin-bottom: .25rem; break-inside: avoid; }
}
"""


def export(bank: Bank, questions: Sequence[Question], *, short_key: bool = False) -> str:
    handout = outline(bank, questions, short_key=short_key)
    title = escape(handout.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_STYLE}</style>\n</head>",
        "<body>\n<main>",
        f"<h1>{title}</h1>",
        f'<p class="source">{handout.SOURCE_LEAD}: {_source(handout)}</p>',
        f"<p>{instruction(lambda word: f'<strong>{word}</strong>')}</p>",
        _statements(handout),
        # The statement pages often go to learners without the key: they carry the help too.
        _help(handout.help_brief, heading_id="help-statements"),
        _answer_key(handout),
        _last_page(handout),
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(part for part in parts if part)


def _source(handout: Outline) -> str:
    title = f"<cite>{escape(handout.source_title)}</cite>"
    url = handout.source_url
    # Only a web address becomes a link: a bank must not be able to plant a script URL.
    target = link_target(url)
    if target:
        return f'{title}, <a href="{escape(target)}">{escape(target)}</a>'
    return f"{title}, {escape(url)}" if url else title


def _statements(handout: Outline) -> str:
    choices = choice(lambda word: f"<span>{word}</span>")
    items = "\n".join(
        f'<li><div class="to-mark"><p>{html_text(statement)}</p><p class="choice">{choices}</p></div></li>'
        for statement in handout.statements
    )
    return f'<ol class="statements">\n{items}\n</ol>'


def _answer_key(handout: Outline) -> str:
    items = "\n".join(_answer(handout, entry) for entry in handout.key)
    return (
        '<section class="answer-key" aria-labelledby="answer-key">\n'
        f'<h2 id="answer-key">{handout.KEY_TITLE}</h2>\n<ol class="answers">\n{items}\n</ol>\n</section>'
    )


def _answer(handout: Outline, entry: KeyEntry) -> str:
    parts = [
        f'<li><p><span class="verdict">{entry.verdict}.</span> {html_text(entry.statement)}</p>',
        f"<p>{html_text(entry.explanation)}</p>",
    ]
    if entry.passage is not None:
        parts.append(
            f"<blockquote><p>{escape(entry.passage_heading or '')}: “{html_text(entry.passage)}”</p>"
            f"<p>— <cite>{escape(handout.source_title)}</cite></p></blockquote>"
        )
    if entry.evidence_note is not None:
        sources = "; ".join(html_text(source) for source in entry.sources)
        parts += [
            f"<p><strong>{handout.EVIDENCE_HEADING}:</strong> {html_text(entry.evidence_note)}</p>",
            f"<p>Sources: {sources}</p>",
        ]
    return "".join(parts) + "</li>"


def _help(lines: Sequence[str], *, heading_id: str) -> str:
    if not lines:
        return ""
    items = "\n".join(f"<li>{_dialled(line)}</li>" for line in lines)
    return (
        f'<section class="help" aria-labelledby="{heading_id}">\n'
        f'<h2 id="{heading_id}">{Outline.HELP_TITLE}</h2>\n<ul>\n{items}\n</ul>\n</section>'
    )


def _dialled(line: str) -> str:
    """A line of help as HTML: each phone number whole on one line, and a tap-to-call link where it
    is written in digits."""
    parts = []
    for text, is_number in number_spans(line):
        dial = phone_parts(text)[0][1] if is_number else None
        if dial is not None:
            parts.append(f'<a href="{dial}" class="tel">{html_text(text)}</a>')
        else:
            parts.append(f'<span class="tel">{html_text(text)}</span>' if is_number else html_text(text))
    return "".join(parts)


def _last_page(handout: Outline) -> str:
    parts = [_help(handout.help, heading_id="help")]
    if handout.reviewed:
        parts.append(f'<p class="reviewed">{escape(handout.reviewed)}</p>')
    return "\n".join(part for part in parts if part)
