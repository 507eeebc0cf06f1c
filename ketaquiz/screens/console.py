"""What every screen is drawn with: the consoles, the verdict's colours, boxes, lists, the
explanation that comes with every verdict, and laying text out in pages.

Bank text is untrusted: it only ever reaches Rich inside `Text` objects, never as a
markup string, so `[bold]` in a statement prints as those characters.

The learner's screens have a plain variant, drawn on a `PlainConsole`: linear text in
reading order, with no boxes, colour, cursor movement or hard line breaks, for screen
readers and braille displays.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, cast

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _
from ketaquiz.model import Answer, PassageTranslation, Question, Resource

VERDICT_STYLE = {Answer.MYTH: "bold magenta", Answer.FACT: "bold cyan"}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich exits with status 1 when the reader of a pipe goes away; for ketaquiz a reader
        # that stops early (`| head`) has all it wanted, which the command line ends with 0.
        raise BrokenPipeError


class PlainConsole(_Console):
    """A console for screen readers and braille: no styles, no cursor movement, no boxes."""

    def __init__(self, **options: object) -> None:
        super().__init__(color_system=None, highlight=False, emoji=False, **options)  # type: ignore[arg-type]
        # On a terminal, lines break between words as the screen shows them; elsewhere (a file,
        # a pipe to a reader) each paragraph stays one line, for the reader to wrap.
        self.soft_wrap = not self.is_terminal


class TrimmedLines:
    """Standard output into a pipe or a file, with no spaces at the ends of lines: Rich pads boxes
    and tables to their width, which a diff, a search or a screen reader would carry along."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.held = ""  # spaces at the end of a write, kept until it is known whether a line ends there

    def write(self, text: str) -> int:
        text = self.held + text
        kept = text.rstrip(" ")
        self.held = text[len(kept) :]
        self.stream.write(re.sub(r" +\n", "\n", kept))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"


# No-break spaces hold French typography together (« 60 % », « mythe : ») and a phone number's
# parts; Rich breaks lines at any whitespace, these included, so its word pattern is told otherwise.
_NO_BREAK = "\u00a0\u202f\u2007\u2060"
_WORD = re.compile(rf"[^\S{_NO_BREAK}]*[\S{_NO_BREAK}]+[^\S{_NO_BREAK}]*")


def _keep_no_break_spaces() -> None:
    from rich import _wrap

    _wrap.re_word = _WORD


def make_console(*, plain: bool = False) -> Console:
    _keep_no_break_spaces()
    # On a terminal Rich writes to whatever standard output is when it prints; elsewhere, trimmed.
    trimmed = None if sys.stdout is None or sys.stdout.isatty() else cast(IO[str], TrimmedLines(sys.stdout))
    if plain:
        return PlainConsole(file=trimmed)
    # Highlighting would colour numbers and quotes inside bank text at random.
    return _Console(highlight=False, emoji=False, file=trimmed)


def is_plain(console: Console) -> bool:
    return isinstance(console, PlainConsole)


def verdict(answer: Answer) -> Text:
    return Text(wording.verdict_word(answer), style=VERDICT_STYLE[answer])


_FIELD = re.compile(r"\{(\w+)\}")


def filled(template: str, style: str = "", **values: Text | str) -> Text:
    """A translated message as a `Text`, each {field} filled with its value in the value's own style
    (a `Text`), the words around them in `style`: the sentence stays whole for the translator, and
    "Answer {m} (myth)" still shows its key in bold."""
    text = Text(style=style)
    start = 0
    for match in _FIELD.finditer(template):
        text.append(template[start : match.start()])
        value = values[match.group(1)]
        text.append_text(value if isinstance(value, Text) else Text(value))
        start = match.end()
    return text.append(template[start:])


def framed(console: Console, body: Sequence[RenderableType], *, title: Text, style: str, padding: int = 1) -> None:
    """A titled panel; in plain text, the title as a line of its own above the body."""
    if is_plain(console):
        console.print(title)
        console.print(*body, sep="\n")
        return
    console.print(boxed(Group(*body), title=title, style=style, padding=padding, width=console.width))


def boxed(body: RenderableType, *, title: Text, style: str, padding: int = 1, width: int | None = None) -> Panel:
    """A panel titled on its top border; where a panel `width` wide has no room there for the whole
    title (a long bank title, or French on a narrow terminal), the title leads the body instead."""
    on_border: Text | None = title
    if width is not None and not fits_border(title, width):
        body, on_border = Group(title, body), None
    return Panel(body, title=on_border, title_align="left", border_style=style, padding=(padding, padding + 1))


def fits_border(title: Text | str, width: int) -> bool:
    """Whether a panel `width` wide shows `title` whole on its top border, between its corners and spaces."""
    return cell_len(title.plain if isinstance(title, Text) else title) <= width - 6


def fitting(titles: Sequence[Text], width: int) -> Text:
    """The first of `titles`, from the fullest to the shortest, that a panel `width` wide shows whole on
    its top border; the shortest where none does."""
    return next((title for title in titles if fits_border(title, width)), titles[-1])


def bullets(items: Sequence[Text], style: str = "dim") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=style, no_wrap=True)
    grid.add_column(style=style, overflow="fold")
    for item in items:
        grid.add_row("  •", item)
    return grid


def help_resources(console: Console, resources: Sequence[Resource], *, brief: bool = False) -> None:
    """Where to get help now: a quiz about a treatment for suicidal depression must say.

    `brief` leaves out each resource's details, so the opening fits a small screen.
    """
    if not resources:
        return
    console.print()
    if is_plain(console):
        console.print(Text(wording.help_heading(), style="bold"))
        console.print(*(resource_line(resource, brief=brief) for resource in resources), sep="\n")
    else:
        console.print(help_block(resources, brief=brief))


def help_block(resources: Sequence[Resource], *, brief: bool = False) -> RenderableType:
    """The heading and a bullet for each place to get help."""
    lines = [resource_line(resource, brief=brief) for resource in resources]
    return Group(Text(wording.help_heading(), style="bold"), bullets(lines, style=""))


def resource_line(resource: Resource, *, brief: bool = False) -> Text:
    name = Text(wording.resource_name(resource), style="bold")
    return filled(wording.named("{name}", "{text}"), name=name, text=wording.resource_reach(resource, brief=brief))


def explained(question: Question, source_title: str, *, plain: bool = False) -> list[RenderableType]:
    """The explanation, the quoted passage and the evidence: what every verdict comes with."""
    quote = Text(wording.quoted(question.passage), style="italic")
    cited = Text(f"— {source_title}", style="dim")
    parts: list[RenderableType] = [
        Text(question.explanation),
        Text(""),
        Text(wording.labelled(wording.passage_heading(question.passage_role)), style="bold"),
        quote if plain else Padding(quote, (0, 0, 0, 2)),
        cited if plain else Padding(cited, (0, 0, 0, 4)),
    ]
    translation = question.passage_translation
    if translation is not None:
        translated = translation_text(translation)
        parts.append(translated if plain else Padding(translated, (0, 0, 0, 2)))
    if question.evidence is not None:
        parts += [Text(""), evidence_note(question.evidence.note)]
        sources = question.evidence.sources
        if plain:
            parts += [Text(_("Source: {source}").format(source=source)) for source in sources]
        else:
            parts.append(bullets([Text(source) for source in sources]))
    return parts


def translation_text(translation: PassageTranslation) -> Text:
    """A passage's translation, labelled as one in its own language."""
    return Text.assemble(
        (wording.translation_label(translation.language), "bold"),
        " ",
        (wording.translation_quoted(translation), "italic"),
    )


def evidence_note(note: str) -> Text:
    """What the wider evidence says, in the language in use."""
    heading = Text(wording.evidence_heading(), style="bold")
    return filled(wording.named("{name}", "{text}"), name=heading, text=note)


def warning(console: Console, message: str) -> None:
    console.print(Text(_("Warning: {message}").format(message=message), style="yellow"))


Lines = list[list[Segment]]


def lines_of(console: Console, renderable: RenderableType, width: int) -> Lines:
    return console.render_lines(renderable, console.options.update_width(width), pad=False)


def paragraphs(parts: Sequence[RenderableType]) -> list[list[RenderableType]]:
    """Parts split at their empty lines, so a heading stays on the page of what it introduces."""
    found: list[list[RenderableType]] = [[]]
    for part in parts:
        if isinstance(part, Text) and not part.plain:
            found.append([])
        else:
            found[-1].append(part)
    return [paragraph for paragraph in found if paragraph]


# A paragraph split between pages keeps at least this many lines on the first, and two on the next.
FLOW_AT_LEAST = 3


def paged(
    head: Lines, blocks: Sequence[Lines], rows: int, *, gap: int, first: int | None = None, flow: bool = False
) -> list[Lines]:
    """Lines in pages of `rows` (the first page `first`, when the screen above it is taken): each
    block whole on a page where it fits. With `flow`, prose uses the room a page has left: a block
    that does not fit starts there and goes on over the page, when enough of it fits at each end."""
    pages: list[Lines] = [list(head)]

    def room() -> int:
        return (rows if len(pages) > 1 or first is None else first) - len(pages[-1])

    for block in blocks:
        spacing = gap if pages[-1] else 0
        starts_here = room() - spacing  # the block's lines that fit on this page
        if len(block) <= starts_here:
            pages[-1] += [[] for _ in range(spacing)] + block
            continue
        # Split, it leaves at least FLOW_AT_LEAST lines here and carries at least two over.
        here = min(starts_here, len(block) - 2)
        if len(block) <= rows and not (flow and here >= FLOW_AT_LEAST):
            pages.append(list(block))
            continue
        if here > 0:
            pages[-1] += [[] for _ in range(spacing)] + block[:here]
            pages.append([])
        for line in block[max(here, 0) :]:
            if room() <= 0:
                pages.append([])
            pages[-1].append(line)
    return pages
