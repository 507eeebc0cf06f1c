"""A print-ready HTML handout: statements to mark, then an answer key on a new printed page.

One self-contained file (no external assets), readable on screen and printed
on A4 or Letter in black and white. Every piece of bank text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import html_text, link_target
from ketaquiz.export.outline import KeyEntry, Outline, choice, in_all, instruction, outlines
from ketaquiz.wording import number_spans, page_foot, phone_parts

# Margins that suit both A4 and Letter; the printer's own paper size is kept. The page sets its own
# margins, so nothing is lost when the browser's headers and footers are turned off, and its own
# header and footer: a page number, and nothing of the computer's (Chromium and Edge then print
# neither the date nor the file's path, a home folder, on a handout).
_STYLE = """
@page {
  margin: 16mm 15mm;
  @top-center { content: ""; }
  @bottom-center { content: PAGE_OF_PAGES; font: 9pt Georgia, "DejaVu Serif", serif; }
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
.statements > li { margin-bottom: .5rem; }
.to-mark { display: flex; align-items: baseline; gap: .75rem; }
.to-mark > p { margin: 0; }
.to-mark > p:first-child, .to-mark > .texts { flex: 1; }
/* Side by side, each text is marked with its language. */
.texts > p, .help li > p { margin: 0; }
.language { font: bold .7em/1 sans-serif; letter-spacing: .05em; border: 1px solid #000; border-radius: .2em;
  padding: .1em .25em; margin-right: .2em; vertical-align: .15em; }
.choice { font-weight: bold; letter-spacing: .05em; white-space: nowrap; }
.choice span { border: 1px solid #000; border-radius: .8em; padding: 0 .6em; display: inline-block; text-align: center;
  vertical-align: top; }
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
  .statements { font-size: 10pt; line-height: 1.25; }
  .statements > li { margin-bottom: .25rem; }
  /* The key in two columns of smaller type, each answer running on from the last. */
  .answers { columns: 2; column-gap: 7mm; font-size: 9pt; line-height: 1.2; padding-left: 1.4rem; }
  .answers > li { margin-bottom: .5rem; }
  .answers p { margin: .15rem 0; }
  /* Where to get help in two columns of smaller type, so it fits under the last statements. */
  .help { margin-top: .8rem; padding-top: .4rem; font-size: 9pt; line-height: 1.3; }
  .help h2 { font-size: 1.1rem; margin-bottom: .4rem; }
  .help ul { columns: 2; column-gap: 7mm; }
  .help li { margin-bottom: .25rem; break-inside: avoid; }
}
"""


def export(bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = (), short_key: bool = False) -> str:
    """The handout in the first of `languages` (the bank's first when none is named), or in each of them side
    by side: every text in each language, marked with it, the passage quoted once with its translations."""
    handouts = outlines(bank, questions, languages=languages, short_key=short_key)
    first = handouts[0]
    leads = [escape(handout.words.source_lead).format(source=_source(first)) for handout in handouts]
    said = [instruction(handout.words, lambda word: f"<strong>{escape(word)}</strong>") for handout in handouts]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_language(first)}">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(' / '.join(handout.title for handout in handouts))}</title>",
        f"<style>{_style(first)}</style>\n</head>",
        "<body>\n<main>",
        f"<h1>{_title(handouts)}</h1>",
        _in_each(handouts, leads, html=str, attributes=' class="source"'),
        _in_each(handouts, said, html=str),
        _statements(handouts),
        # The statement pages often go to learners without the key: they carry the help too.
        _help(handouts, [handout.help_brief for handout in handouts], heading_id="help-statements"),
        _answer_key(handouts),
        _last_page(handouts),
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(part for part in parts if part)


def _in_each(
    handouts: Sequence[Outline],
    texts: Sequence[str],
    *,
    leads: Sequence[str] = (),
    html: Callable[[str], str] = html_text,
    attributes: str = "",
) -> str:
    """A text in a paragraph, after its lead (HTML; `leads` holds one for each language, the first's
    alone if it is the only one); side by side, a paragraph in each language, marked with it."""
    if len(handouts) == 1:
        return f"<p{attributes}>{''.join(leads[:1])}{html(texts[0])}</p>"
    return "".join(
        f'<p lang="{_language(handout)}"{attributes}>{leads[number] if number < len(leads) else ""}'
        f'<span class="language">{_language(handout).upper()}</span> {html(text)}</p>'
        for number, (handout, text) in enumerate(zip(handouts, texts, strict=True))
    )


def _language(handout: Outline) -> str:
    """The language of the handout's texts, or, for a bank that does not say, of its own words."""
    return handout.language or handout.words.language


def _style(handout: Outline) -> str:
    """The style sheet, with the page's foot ("Page 1 of 3") in the handout's language."""
    return _STYLE.replace("PAGE_OF_PAGES", page_foot(handout.words.page))


def _title(handouts: Sequence[Outline]) -> str:
    others = "".join(f'<br><span lang="{handout.language}">{escape(handout.title)}</span>' for handout in handouts[1:])
    return escape(handouts[0].title) + others


def _source(handout: Outline) -> str:
    title = f"<cite>{escape(handout.source_title)}</cite>"
    url = handout.source_url
    # Only a web address becomes a link: a bank must not be able to plant a script URL.
    target = link_target(url)
    if target:
        return f'{title}, <a href="{escape(target)}">{escape(target)}</a>'
    return f"{title}, {escape(url)}" if url else title


def _statements(handouts: Sequence[Outline]) -> str:
    # Side by side, each verdict's words one above the other, so the statements keep the page's width.
    choices = choice(handouts, lambda words: "<span>" + "<br>".join(map(escape, words.split(" · "))) + "</span>")
    items = []
    for texts in zip(*(handout.statements for handout in handouts), strict=True):
        statement = _in_each(handouts, texts)
        if len(handouts) > 1:
            statement = f'<div class="texts">{statement}</div>'
        items.append(f'<li><div class="to-mark">{statement}<p class="choice">{choices}</p></div></li>')
    return '<ol class="statements">\n' + "\n".join(items) + "\n</ol>"


def _answer_key(handouts: Sequence[Outline]) -> str:
    items = "\n".join(
        _answer(handouts, entries) for entries in zip(*(handout.key for handout in handouts), strict=True)
    )
    title = escape(in_all(handouts, lambda words: words.key_title))
    return (
        '<section class="answer-key" aria-labelledby="answer-key">\n'
        f'<h2 id="answer-key">{title}</h2>\n<ol class="answers">\n{items}\n</ol>\n</section>'
    )


def _answer(handouts: Sequence[Outline], entries: Sequence[KeyEntry]) -> str:
    entry = entries[0]
    verdict = escape(" · ".join(dict.fromkeys(each.verdict for each in entries)))
    parts = [
        "<li>"
        + _in_each(handouts, [each.statement for each in entries], leads=[f'<span class="verdict">{verdict}.</span> ']),
        _in_each(handouts, [each.explanation for each in entries]),
    ]
    if entry.passage is not None:
        translations = "".join(
            f'<p lang="{handout.language}">{html_text(each.passage_translation)}</p>'
            for handout, each in zip(handouts, entries, strict=True)
            if each.passage_translation
        )
        quoted = escape(handouts[0].words.quoted).format(
            heading=escape(entry.passage_heading or ""), passage=html_text(entry.passage)
        )
        parts.append(
            f"<blockquote><p>{quoted}</p>"
            f"<p>— <cite>{escape(handouts[0].source_title)}</cite></p>{translations}</blockquote>"
        )
    if entry.evidence_note is not None:
        sources = "; ".join(html_text(source) for source in entry.sources)
        notes = [each.evidence_note or "" for each in entries]
        headings = [f"<strong>{escape(handout.words.evidence_heading)}</strong> " for handout in handouts]
        parts += [
            _in_each(handouts, notes, leads=headings),
            f"<p>{escape(handouts[0].words.sources).format(sources=sources)}</p>",
        ]
    return "".join(parts) + "</li>"


def _help(handouts: Sequence[Outline], lines: Sequence[Sequence[str]], *, heading_id: str) -> str:
    """Where to get help, `lines` holding a line for each place in each handout's language."""
    if not lines[0]:
        return ""
    if len(handouts) == 1:
        items = "\n".join(f"<li>{_dialled(line)}</li>" for line in lines[0])
    else:
        items = "\n".join(f"<li>{_in_each(handouts, each, html=_dialled)}</li>" for each in zip(*lines, strict=True))
    title = escape(in_all(handouts, lambda words: words.help_title))
    return (
        f'<section class="help" aria-labelledby="{heading_id}">\n'
        f'<h2 id="{heading_id}">{title}</h2>\n<ul>\n{items}\n</ul>\n</section>'
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


def _last_page(handouts: Sequence[Outline]) -> str:
    parts = [_help(handouts, [handout.help for handout in handouts], heading_id="help")]
    reviewed = handouts[0].reviewed
    if reviewed:
        parts.append(f'<p class="reviewed">{escape(reviewed)}</p>')
    return "\n".join(part for part in parts if part)
