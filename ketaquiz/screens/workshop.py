"""The workshop's projector in `ketaquiz present`: each statement, its reveal in pages, the
prompts under them, and the summary.

Read from the back of a room, so big and plain. A projected terminal is zoomed until the
back row can read it, so it is small in cells (50×16 to 80×24): every screen is laid out
for a given height, and what does not fit goes to a next page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.align import Align
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.segment import SegmentLines
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Answer, Question
from ketaquiz.quiz import keys_in_use
from ketaquiz.screens import stacked
from ketaquiz.screens.console import (
    FLOW_AT_LEAST,
    VERDICT_STYLE,
    explained,
    fitting,
    lines_of,
    paged,
    paragraphs,
)
from ketaquiz.screens.join import joining
from ketaquiz.screens.stacked import Stack, said
from ketaquiz.votes import Join, Presence, Reveal, Tally
from ketaquiz.wording import room as room_wording

# Characters of prose per line: what an eye can follow across a projected screen.
MEASURE = 70

# Below this no layout is readable, and the screen says so instead.
SMALLEST = (40, 12)

_BLOCK_LETTERS = {
    "M": ("█   █", "██ ██", "█ █ █", "█   █", "█   █"),
    "Y": ("█   █", " █ █ ", "  █  ", "  █  ", "  █  "),
    "T": ("█████", "  █  ", "  █  ", "  █  ", "  █  "),
    "H": ("█   █", "█   █", "█████", "█   █", "█   █"),
    "F": ("█████", "█    ", "████ ", "█    ", "█    "),
    "A": (" ███ ", "█   █", "█████", "█   █", "█   █"),
    "C": (" ████", "█    ", "█    ", "█    ", " ████"),
    "E": ("█████", "█    ", "████ ", "█    ", "█████"),
    "I": ("█████", "  █  ", "  █  ", "  █  ", "█████"),
}


def too_small(console: Console) -> bool:
    return console.width < SMALLEST[0] or console.height < SMALLEST[1]


def too_small_notice(console: Console) -> Text:
    return Text(
        _(
            "This terminal is {width}×{height}, too small for the workshop: make it at least "
            "{least_width}×{least_height} (a smaller font or a larger window)."
        ).format(width=console.width, height=console.height, least_width=SMALLEST[0], least_height=SMALLEST[1]),
        style="bold yellow",
    )


def block_letters(word: str) -> str | None:
    """The verdict in letters five rows high; None for a word with a letter there is no block of (a
    language's verdict with other letters than MYTHE and FAIT's), which the screen then shows as a word."""
    if not all(letter in _BLOCK_LETTERS for letter in word):
        return None
    rows = zip(*(_BLOCK_LETTERS[letter] for letter in word), strict=True)
    return "\n".join("  ".join(row) for row in rows)


def box_width(console: Console) -> int:
    """One width for every box of a workshop: the measure with border and padding, or the screen."""
    return min(console.width, MEASURE + 6)


def text_width(console: Console) -> int:
    return box_width(console) - 6


def centred(console: Console, box: RenderableType) -> RenderableType:
    return Align.center(box, width=box_width(console))


def title_screen(
    console: Console,
    heading: str,
    total: int,
    *,
    height: int | None,
    join: Join | None = None,
    presence: Presence | None = None,
    about: Callable[[], str] | None = None,
    stack: Stack | None = None,
) -> RenderableType:
    """What the room sees first: the workshop's title and how many statements (or what `about`
    says); with `join`, how to join it on a phone and how many have, centred in the height it has;
    with a `stack`, in each of its languages."""
    justify: JustifyMethod = "center" if join is None else "left"
    headings = [heading] if stack is None else list(dict.fromkeys(stack.titles))
    top = Group(
        stacked.joined(headings, "bold", justify=justify),
        stacked.joined(said(stack, about or (lambda: _statements_asked(total))), justify=justify),
    )
    body: RenderableType
    if join is None:
        body = centred(console, Panel(top, border_style="blue", padding=(1, 2), width=box_width(console)))
    else:  # no box: every cell goes to the QR code and the words beside it
        shown = joining(console, top, join, presence, width=box_width(console), height=height, stack=stack)
        body = centred(console, shown)
    return body if height is None else Align.center(body, vertical="middle", height=height)


def _statements_asked(total: int) -> str:
    return ngettext(
        "{count} statement: is each a myth or a fact?", "{count} statements: is each a myth or a fact?", total
    ).format(count=total)


def statement(
    console: Console,
    question: Question,
    position: int,
    total: int,
    *,
    height: int | None,
    recap: bool = False,
    stack: Stack | None = None,
) -> RenderableType:
    """The statement alone, bold and centred in its box, the box centred in the height it has; in
    the recap round, titled so ("Recap 2 of 5"); with a `stack`, in each of its languages."""
    if stack is None:
        text = Text(question.statement, style="bold", justify="center")
    else:
        text = stacked.statement_text(stack, question)
    room = 1 if height is None else (height - len(lines_of(console, text, text_width(console))) - 2) // 2
    where = room_wording.recap_position if recap else wording.position
    panel = Panel(
        text,
        title=_title(console, _shortened(said(stack, lambda: where(position, total)))),
        border_style="blue",
        padding=(max(0, min(room, 3)), 2),
        width=box_width(console),
    )
    if height is None:
        return panel
    return Align.center(panel, vertical="middle", height=height)


def status(
    console: Console,
    prompt: Text,
    *,
    typed: str | None = None,
    hint: Text | None = None,
    note: Text | None = None,
    countdown: tuple[float, float] | None = None,
) -> RenderableType:
    """The lines under a screen: the countdown bar (seconds left of all), a note (such as the count
    of phone votes), a hint, the prompt and what is typed."""
    parts: list[RenderableType] = []
    if countdown is not None:
        from math import ceil

        from rich.progress_bar import ProgressBar

        left, seconds = countdown
        bar = Table.grid(expand=True, padding=(0, 1))
        bar.add_column(no_wrap=True)
        bar.add_column(ratio=1)
        bar.add_column(justify="right", no_wrap=True)
        bar.add_row(
            Text(_("Discussion"), style="bold"),
            ProgressBar(total=seconds, completed=left),
            Text(_("{seconds} s").format(seconds=ceil(left))),
        )
        parts.append(bar)
    if note is not None:
        parts.append(note)
    if hint is not None:
        parts.append(hint)
    line = prompt.copy()
    if typed is not None:
        line.append(typed, style="bold").append("▌")
    parts.append(line)
    return Group(*parts)


def prompt(label: str, hint: str) -> Text:
    """A prompt for the facilitator: what Enter does, in bold, and the rest of what may be typed, dim."""
    return Text.assemble((label, "bold"), " ", (hint, "dim"), " ")


def quits() -> str:
    """How to quit, beside a prompt: "(q quits)"."""
    return _("({q} quits)").format(q=keys_in_use().quit)


def discussion_prompt(*, tallying: bool) -> Text:
    if tallying:
        return prompt(_("Votes"), _("(myths facts), Enter ends discussion:"))
    return prompt(_("Enter ends the discussion"), quits())


def reveal_prompt(*, tallying: bool) -> Text:
    if tallying:
        hint = _("myths then facts (12 5) — Enter reveals, {q} quits:").format(q=keys_in_use().quit)
        return prompt(_("Votes?"), hint)
    return prompt(_("Enter reveals the verdict"), quits())


def not_saving(reason: str) -> Text:
    """Above the prompt for as long as the results cannot be saved: the room's results are at stake."""
    return Text(_("Results are NOT being saved: {reason}").format(reason=reason), style="bold reverse red")


def tally_hint() -> Text:
    return Text(_("Type two numbers, the votes for myth then for fact (like 12 5), or just Enter."), style="yellow")


def start_prompt() -> Text:
    return prompt(_("Enter starts"), quits())


def time_up(said: Sequence[str] = ()) -> Text:
    """Under the statement when the discussion's countdown has run out; `said`, in each of the room's languages."""
    return Text(" · ".join(said or [room_wording.time_up()]) + ".", style="bold yellow")


def more_prompt(page: tuple[int, int] | None = None) -> Text:
    return _numbered(prompt(wording.more(), quits()), page)


def next_statement_prompt(page: tuple[int, int] | None = None, *, last: bool, recap: bool = False) -> Text:
    if last:
        next_one = _("Enter for the recap") if recap else _("Enter for the summary")
        return _numbered(Text(next_one + " ", style="dim"), page)
    return _numbered(Text(_("Enter for the next statement") + " " + quits() + " ", style="dim"), page)


def _numbered(prompt: Text, page: tuple[int, int] | None) -> Text:
    """A prompt after the number of the page it is under, where there are several (1/3)."""
    if page is None or page[1] == 1:
        return prompt
    return Text(f"{wording.page_number(*page)}  ", style="bold").append_text(prompt)


def reveal_pages(
    console: Console,
    reveal: Reveal,
    total: int,
    source_title: str,
    *,
    height: int | None,
    stack: Stack | None = None,
) -> list[RenderableType]:
    """The reveal's pages. The first leads with the statement and the verdict; the explanation,
    passage and evidence follow where they fit, on further pages where they do not. With a
    `stack`, each in every one of its languages, and the verdict once, with its word in each."""
    question = reveal.question
    style = VERDICT_STYLE[question.answer]
    word = wording.verdict_word(question.answer)
    room = [] if reveal.tally is None else room_lines(reveal.tally, question.answer, reveal.share_right, stack)
    if stack is None:
        statement = Text(question.statement, style="bold", justify="center")
        named = Text(word, style=style, justify="center")
        explanation = explained(question, source_title)
        letters = block_letters(word)
    else:  # two words' block letters would not fit a projector's few rows: the words, once
        statement = stacked.statement_text(stack, question)
        named = stacked.verdict_words(stack, question.answer)
        named.justify = "center"
        explanation = stacked.explained(stack, question, source_title)
        letters = None
    large = [statement, Text(""), named, *room]
    if letters is not None:
        large[2:2] = [Text(letters, style=style, justify="center")]

    def box(content: RenderableType, title: Text) -> RenderableType:
        panel = Panel(
            content,
            title=title,
            border_style=style.split()[-1],
            padding=(0, 2),
            width=box_width(console),
        )
        return centred(console, panel)

    positions = said(stack, lambda: wording.position(reveal.position, total))
    title = _title(console, _shortened(positions))
    if height is None:
        return [box(Group(*large, Text(""), *explanation), title)]
    width = text_width(console)
    rows = height - 2  # inside the box's borders
    head = lines_of(console, Group(*large), width)
    # A short screen shows the verdict as a word, without the block letters, so that the
    # explanation can start under it rather than a page later.
    if len(head) + 1 + FLOW_AT_LEAST > rows:
        head = lines_of(console, Group(statement, named, *room), width)
    blocks = [lines_of(console, Group(*paragraph), width) for paragraph in paragraphs(explanation)]
    pages = paged(head, blocks, rows, gap=1, flow=True)
    continued = [
        _("{title} · {verdict} (continued)").format(title=shown, verdict=named.plain) for shown in _shortened(positions)
    ]
    later = _title(console, [*continued, positions[0]])
    return [
        box(SegmentLines(page, new_lines=True), title if number == 0 else later) for number, page in enumerate(pages)
    ]


def _title(console: Console, candidates: Sequence[str]) -> Text:
    """A box's title, bold: the first of `candidates`, from the fullest, that its top border shows whole."""
    return fitting([Text(title, style="bold") for title in candidates], box_width(console))


def _shortened(titles: Sequence[str]) -> list[str]:
    """A title in each language, joined; and the first language's alone, for a box too narrow for all."""
    return [" · ".join(titles), titles[0]]


def room_lines(tally: Tally, answer: Answer, share_right: float | None, stack: Stack | None = None) -> list[Text]:
    """How the room voted, and, where the phones were asked how sure, how many were sure and wrong;
    with a `stack`, in each of its languages."""
    lines = stacked.lines(said(stack, lambda: room_wording.room_line(tally, share_right)), "bold", justify="center")
    if tally.asked_sure:
        sure_wrong = said(stack, lambda: room_wording.sure_wrong_line(tally, answer) or "")
        lines += stacked.lines(sure_wrong, justify="center")
    return lines
