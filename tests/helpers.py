"""What the test modules share: sample banks, and driving the installed command on a pseudo-terminal."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import html.parser
import io
import json
import os
import pty
import re
import resource
import select
import shutil
import struct
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyte
import pytest

from ketaquiz.bank import BankError, PassageRole, Resource, parse_bank
from ketaquiz.votes import Reveal, Tally

if TYPE_CHECKING:  # aiohttp comes with the live extra; the tests that use it skip without it
    from aiohttp import ClientResponse
    from aiohttp.test_utils import TestClient

    from ketaquiz.live.room import Board

SMALL_BANK = textwrap.dedent(
    """\
    title: Test bank
    source:
      title: Test article
      text: |
        Originally developed as an anesthetic, ketamine has been used for decades.
        It is “not considered addictive” by some—but regulators disagree.
    questions:
      - id: origin
        statement: Ketamine was first developed as an anesthetic.
        answer: fact
        explanation: It was made in 1962 as an anesthetic.
        passage: Originally developed as an anesthetic
        tags: [history]
      - id: addiction
        statement: Ketamine has no addiction risk.
        answer: myth
        explanation: Regulators treat it as a drug of abuse.
        passage: It is "not considered addictive" by some-but regulators disagree.
        evidence:
          note: It is a controlled substance.
          sources: [DEA 1999]
        tags: [addiction]
      - id: markup
        statement: "A [bold]statement[/] with [red]markup"
        answer: fact
        explanation: Brackets are text.
        passage: ketamine has been used for decades
    """
)

# SMALL_BANK in English and French: its title, a place to get help and every statement translated.
FRENCH_TITLE = "languages: [en, fr]\ntranslations:\n  fr:\n    title: Banque d’essai\n"
FRENCH_RESOURCE = """\
resources:
  - name: Emergency services
    region: Canada
    contact: Call 911
    details: When a life is in danger.
    translations:
      fr:
        name: Services d’urgence
        region: Canada
        contact: Composez le 911
        details: Quand une vie est en danger.
"""
ORIGIN_IN_FRENCH = """\
    translations:
      fr:
        statement: La kétamine a d’abord été mise au point comme anesthésique.
        explanation: Elle a été fabriquée en 1962 comme anesthésique.
        passage: Mise au point à l’origine comme anesthésique
"""
ADDICTION_IN_FRENCH = """\
    translations:
      fr:
        statement: La kétamine ne présente aucun risque d’addiction.
        explanation: Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.
        note: C’est une substance contrôlée.
"""
MARKUP_IN_FRENCH = """\
    translations:
      fr:
        statement: "Un [bold]énoncé[/] avec <b>balises</b> & [red]markup"
        explanation: "Les crochets sont du texte : {~#=}."
"""


def _after(text: str, anchor: str, lines: str) -> str:
    assert anchor in text
    return text.replace(anchor, anchor + lines, 1)


BILINGUAL_BANK = (
    _after(
        _after(
            _after(_after(SMALL_BANK, "title: Test bank\n", FRENCH_TITLE), "disagree.\n", FRENCH_RESOURCE),
            "    tags: [history]\n",
            ORIGIN_IN_FRENCH,
        ),
        "    tags: [addiction]\n",
        ADDICTION_IN_FRENCH,
    )
    + MARKUP_IN_FRENCH
)
BILINGUAL = parse_bank(BILINGUAL_BANK, "bank.yaml")


def bilingual_bank_with(old: str, new: str) -> str:
    """BILINGUAL_BANK with the first `old` (which must be there) replaced by `new`."""
    assert old in BILINGUAL_BANK
    return BILINGUAL_BANK.replace(old, new, 1)


# The sample files: an article, and banks with a newcomer's mistakes.
DATA = Path(__file__).resolve().parent / "data"

WriteBank = Callable[..., str]  # the write_bank fixture: bank text or bytes (and a file name) in, the path out


def bank_of(count: int) -> str:
    """SMALL_BANK's source with `count` copies of its second question, under distinct ids."""
    head, questions = SMALL_BANK.split("questions:\n")
    body = questions.split("  - id: addiction")[1].split("  - id: markup")[0]
    return head + "questions:\n" + "".join(f"  - id: q{number}{body}" for number in range(count))


def in_two_languages(started: str, *keys: str) -> str:
    """A bank `ketaquiz new` started, with its example question and the question's translation taken out of
    their comments, and the lines at the top for `keys` (languages, translations, say)."""
    head, questions = started.split("\nquestions:\n")
    head = re.sub(rf"(?m)^# ({'|'.join(f'{key}:' for key in keys)})", r"\1", head)
    questions = questions.replace("  # - id:", "  - id:").replace("  #   ", "    ")
    questions = re.sub(r"(?m)^    # (translations:|  )", r"    \1", questions)
    return f"{head}\nquestions:\n{questions}"


def small_bank_with(old: str, new: str) -> str:
    """SMALL_BANK with the first `old` (which must be there) replaced by `new`."""
    assert old in SMALL_BANK
    return SMALL_BANK.replace(old, new, 1)


def problems_of(text: str) -> list[str]:
    """The lines of the error that parsing `text`, as bank.yaml, must raise."""
    with pytest.raises(BankError) as caught:
        parse_bank(text, "bank.yaml")
    return caught.value.lines()


BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact
# The first quotes the article's overclaim; the second says nothing of how its passage bears on the verdict.
TWO = (replace(BANK.questions[1], passage_role=PassageRole.OVERCLAIM), BANK.questions[2])
# A bank that says where to get help and when its evidence was last checked.
HELPFUL = replace(
    BANK,
    reviewed="2026-11-28",
    resources=(
        Resource(name="9-8-8 Suicide Crisis Helpline", contact="Call or text 9-8-8", region="Canada"),
        Resource(name="Emergency services", contact="911", details="When a life is in danger"),
    ),
)


# Debian's Chromium for the tests that need a real browser, and the flags it needs here: headless,
# as root, and with nothing reaching out to the network.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# The installed command, beside this Python.
COMMAND = Path(sys.executable).parent / "ketaquiz"


@contextlib.contextmanager
def opened_database(path: str | Path) -> Iterator[Any]:
    """A SQLite database as a reader of the file finds it: committed at the end of the block, and
    closed (sqlite3's own `with` only commits, and Python 3.13 warns of a connection left open)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        yield connection


def read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 10.0) -> bytes:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        read_more(fd, seen, deadline, waiting_for=marker)
    return bytes(seen)


def read_more(fd: int, seen: bytearray, deadline: float, *, waiting_for: object) -> None:
    """Add what the process writes next to `seen`; fail once `deadline` passes or output ends."""
    remaining = deadline - time.monotonic()
    assert remaining > 0, f"timed out waiting for {waiting_for!r}; got {bytes(seen)[-500:]!r}"
    ready, _, _ = select.select([fd], [], [], remaining)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a pty reports EIO once the process has gone
            chunk = b""
        assert chunk, f"output ended before {waiting_for!r}; got {bytes(seen)[-500:]!r}"
        seen.extend(chunk)


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def limited_environment(*, file_size: int | None, environment: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process: without coverage's measuring when files are limited in
    size, since coverage could not write its own data there, and would say so on the child's stderr."""
    found = dict(os.environ if environment is None else environment)
    if file_size is not None:
        found.pop("COVERAGE_PROCESS_CONFIG", None)
    return found


def limits(*, file_size: int | None = None, open_files: int | None = None) -> Callable[[], None] | None:
    """For a child process: files written larger than `file_size` bytes fail with 'File too large',
    as on a full disk (Python ignores the SIGXFSZ that would otherwise end the process); no more than
    `open_files` files open at once (soft and hard limits, as a shell's `ulimit -n` sets them)."""
    if file_size is None and open_files is None:
        return None

    def limit() -> None:
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        if open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    return limit


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to its last byte; the filler, to remove to make room again."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as file:
        for size in (4096, 512, 1):  # pages first, then whatever is left, byte by byte
            try:
                while True:
                    file.write(b"x" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    os.sync()
    return filler


@contextlib.contextmanager
def in_terminal(
    args: list[str],
    columns: int = 80,
    rows: int | None = None,
    *,
    max_file_size: int | None = None,
    open_files: int | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], int, bytearray]]:
    """The installed command on a pseudo-terminal: the process, the terminal's end, and what it has shown.

    With `rows` the terminal itself has the size, as a resizable window does; without, the size is
    given by COLUMNS and LINES. With `max_file_size`, larger files cannot be written; with
    `open_files`, no more files can be open at once."""
    parent, child = pty.openpty()
    if rows is None:
        environment = {**os.environ, "COLUMNS": str(columns), "LINES": "30"}
    else:
        set_size(child, columns, rows)
        environment = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [str(COMMAND), *args],
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        start_new_session=True,  # the terminal is the process's own, as in a real session
        env={**limited_environment(file_size=max_file_size, environment=environment), "TERM": "xterm"},
        preexec_fn=limits(file_size=max_file_size, open_files=open_files),
    )
    os.close(child)
    try:
        yield process, parent, bytearray()
    finally:
        process.kill()
        process.wait()
        os.close(parent)


def open_workshop(terminal: int, seen: bytearray) -> None:
    """Enter at the workshop's title screen."""
    read_until(terminal, b"Enter starts", seen)
    os.write(terminal, b"\n")


# What a person sees on a terminal: a pseudo-terminal's output played into a terminal emulator
# (pyte), read back as the screen's lines, and replies given to whichever prompt shows next.


def screen_lines(seen: bytes | bytearray, columns: int, rows: int) -> list[str]:
    """The screen's rows, as a terminal of that size shows them after all of `seen`."""
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(bytes(seen))
    return [line.rstrip() for line in screen.display]


def without_codes(seen: bytes | bytearray) -> str:
    """All that was written, as text without colour and cursor codes."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bytes(seen).decode("utf-8", errors="replace"))


def on_screen(text: str, seen: bytes | bytearray, columns: int, rows: int) -> bool:
    """Whether `text` is on a row of the screen (not scrolled away)."""
    return any(text in line for line in screen_lines(seen, columns, rows))


def next_prompt(
    fd: int, seen: bytearray, prompts: tuple[bytes, ...], after: int, timeout: float = 10.0
) -> tuple[bytes, int]:
    """The first of `prompts` shown after position `after` of `seen`, and the position after it."""
    deadline = time.monotonic() + timeout
    while not (found := [(index, prompt) for prompt in prompts if (index := seen.find(prompt, after)) >= 0]):
        read_more(fd, seen, deadline, waiting_for=prompts)
    index, prompt = min(found)
    return prompt, index + len(prompt)


# The live room: its HTTP contract through aiohttp's test client, and its page in a real browser.

HELP = Resource(name="Drug and alcohol helpline", contact="1-800-000-0000", region="Canada")
MakeClient = Callable[..., Awaitable["TestClient[Any, Any]"]]


def route(board: Board, name: str = "") -> str:
    return f"/j/{board.code}/{name}"


async def joined(client: TestClient[Any, Any], board: Board) -> None:
    """Open the page, as a phone does, which sets the participant cookie."""
    response = await client.get(route(board))
    assert response.status == 200


async def vote(client: TestClient[Any, Any], board: Board, position: int, choice: str) -> ClientResponse:
    return await client.post(route(board, "api/vote"), json={"position": position, "choice": choice})


async def next_event(response: ClientResponse) -> dict[str, Any]:
    """The next `data:` event on a server-sent event stream."""
    while True:
        line = await asyncio.wait_for(response.content.readline(), 5)
        assert line, "the event stream ended"
        if line.startswith(b"data: "):
            return dict(json.loads(line[len(b"data: ") :]))


def revealed(position: int, question: Any, tally: Tally | None) -> Reveal:
    return Reveal(position, question, tally, "2026-01-01T00:00:00+00:00")


AXE_CORE = os.environ.get("KETAQUIZ_AXE")


PHONE = {"width": 390, "height": 844}

# What screen readers are told: every change of a live region's words, and every move of focus.
LISTENING = """
window.announced = [];
window.focused = [];
document.addEventListener("DOMContentLoaded", () => {
  for (const region of document.querySelectorAll("[role=status]")) {
    new MutationObserver(() => {
      const text = region.textContent.trim();
      if (text) window.announced.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  }
  document.addEventListener("focusin", (event) => window.focused.push(event.target.id));
});
"""


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KETAQUIZ_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(page: Any) -> list[str]:
    if not AXE_CORE:
        return []
    # Through the browser's own evaluation, which the page's Content-Security-Policy does not govern.
    page.evaluate(Path(AXE_CORE).read_text(encoding="utf-8"))
    return page.evaluate(  # type: ignore[no-any-return]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`))",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )


def fits_at_double_zoom(page: Any, screenshot: Path | None = None) -> bool:
    """At 200% zoom a phone's 390 CSS pixels become 195: nothing may need sideways scrolling."""
    page.set_viewport_size({"width": PHONE["width"] // 2, "height": PHONE["height"] // 2})
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    page.set_viewport_size(PHONE)
    return bool(fits)


def new_phone(browser: Any, locale: str | None = None) -> Any:
    """A phone's browser: its own cookies, a 390-pixel screen at twice the density, listened to; with
    `locale`, a phone set to that language, which its browser asks for (Accept-Language)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, device_scale_factor=2, locale=locale)
    page = context.new_page()
    page.add_init_script(LISTENING)
    return page


def look(page: Any, folder: Path, state: str) -> None:
    """Screenshots of the phone in `state`, at its width and at 200% zoom, and axe-core's check."""
    page.screenshot(path=str(folder / f"live-phone-{state}.png"), full_page=True)
    assert axe_violations(page) == [], state
    assert fits_at_double_zoom(page, folder / f"live-phone-{state}-zoom200.png"), state


def wait_for_focus(page: Any, element_id: str) -> None:
    """Until the element `element_id` has the focus, as a new statement or verdict takes it."""
    wait_until(lambda: bool(page.evaluate("id => document.activeElement.id === id", element_id)))


def wait_until(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# Save files built by hand, as `present --save` writes them (version 2), for the report and the recap.


def saved_votes(
    position: int, question: Any, phones: dict[str, int] | None, hands: dict[str, int] | None = None
) -> dict[str, Any]:
    """A statement's votes in one round as a save file keeps them: the phones' and the hands' apart."""
    myths = sum(votes["myth"] for votes in (phones, hands) if votes)
    facts = sum(votes["fact"] for votes in (phones, hands) if votes)
    counted = phones is not None or hands is not None
    return {
        "position": position,
        "id": question.id,
        "statement": question.statement,
        "verdict": question.answer.value,
        "myth_votes": myths if counted else None,
        "fact_votes": facts if counted else None,
        "share_right": None,
        "phones": phones,
        "hands": hands,
    }


def saved_session(
    results: list[dict[str, Any]],
    recap: list[dict[str, Any]] | None = None,
    *,
    started: str = "2026-03-04T09:00:00+00:00",
    confidence: bool = True,
    **more: Any,
) -> dict[str, Any]:
    session: dict[str, Any] = {
        "started": started,
        "bank": "bank.yaml",
        "title": "Test bank",
        "kind": "workshop",
        "statements": len(results),
        "confidence": confidence,
        "ended": True,
        "results": [{**result, "revealed_at": started} for result in results],
        **more,
    }
    if recap is not None:
        session["recap"] = {"statements": len(recap), "results": [{**r, "counted_at": started} for r in recap]}
    return session


def save_document(sessions: list[dict[str, Any]], version: int = 2) -> str:
    return json.dumps({"format": "ketaquiz-present", "version": version, "sessions": sessions})


# Driving a workshop and a quiz from a test.


def presented(
    lines: list[str], settings: Any, *, questions: Any = None, width: int = 80, **more: Any
) -> tuple[Any, str]:
    """A workshop of `questions` (the small bank's) run to its end on printed screens with `lines`
    typed, the clock stopped: what it returned and what it showed."""
    from rich.console import Console

    from ketaquiz.present.loop import run_workshop

    feed = iter(lines)
    console = Console(file=io.StringIO(), width=width, color_system=None)
    workshop = run_workshop(
        console,
        BANK.questions if questions is None else questions,
        source_title="Test article",
        read_line=lambda: next(feed, None),
        read_keys=None,
        settings=settings,
        clock=lambda: "2026-01-01T00:00:00+00:00",
        **more,
    )
    return workshop, console.file.getvalue()  # type: ignore[attr-defined]


def play(runner: Any, args: list[str], stdin: str, env: dict[str, str] | None = None) -> str:
    """`ketaquiz play` with `stdin` as the answers; what it wrote, after it ended well."""
    from ketaquiz.cli import cli

    result = runner.invoke(cli, ["play", *args], input=stdin, env=env)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


class Facilitator:
    """`run_workshop` on its own thread, as the terminal runs it, fed lines as if typed, saving to
    `save_path`; its result once it has ended."""

    def __init__(self, room: Any, save_path: Path, questions: Any, *, settings: Any = None, setup: Any = None) -> None:
        import queue
        import threading

        from rich.console import Console

        from ketaquiz.present.loop import Settings, run_workshop
        from ketaquiz.present.savefile import SessionFile

        self.lines: queue.Queue[str | None] = queue.Queue()
        self.result: list[Any] = []
        saving = SessionFile(str(save_path), bank_path="bank.yaml", setup=setup)

        def run() -> None:
            with saving:
                self.result.append(
                    run_workshop(
                        Console(file=io.StringIO(), width=80),
                        questions,
                        source_title="Test article",
                        read_line=lambda: self.lines.get(timeout=30),
                        read_keys=None,
                        settings=settings or Settings(),
                        save=saving.save,
                        save_recap=saving.save_recap,
                        room=room,
                    )
                )
                saving.finish(self.result[-1].reveals)

        self.thread = threading.Thread(target=run)
        self.thread.start()

    def type(self, line: str | None) -> None:
        self.lines.put(line)


# The pseudo-locale: every message of the catalog's template rewritten, so that a screen shows at a
# glance what went through the catalog and what did not. A test runs a command in it and fails on any
# English word left (`english_left`), naming the words.

PSEUDO = "qps"  # a language code for private use (ISO 639's qaa–qtz), which no real catalog will take
POT = Path(__file__).resolve().parent.parent / "ketaquiz" / "locale" / "ketaquiz.pot"
# Each ASCII letter becomes a letter that looks like it but is not ASCII: a message still reads, and
# English that comes from anywhere else, a value put into a message included, stands out.
_LOOKALIKES = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\{\{|\}\}")


def pseudo(message: str) -> str:
    """A message as the pseudo-locale gives it: `[!! ŵŕíţţéñ ļíķé ţĥíš !!]`, its {placeholders} as they are."""
    kept = _PLACEHOLDER.findall(message)
    parts = _PLACEHOLDER.split(message)
    shown = parts[0].translate(_LOOKALIKES)
    for placeholder, part in zip(kept, parts[1:], strict=True):
        shown += placeholder + part.translate(_LOOKALIKES)
    return f"[!! {shown} !!]"


def pseudo_locale_folder(folder: Path) -> Path:
    """A locale folder holding the pseudo-locale's catalog, made from the template: point
    KETAQUIZ_LOCALEDIR at it and ask for the language PSEUDO."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with POT.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.id:
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            message.string = tuple(pseudo(each) for each in ids) if len(ids) > 1 else pseudo(ids[0])
    compiled = folder / PSEUDO / "LC_MESSAGES" / "ketaquiz.mo"
    compiled.parent.mkdir(parents=True, exist_ok=True)
    with compiled.open("wb") as file:
        write_mo(file, catalog)
    return folder


# What may be left in English: ketaquiz's name, the command line's own words (commands, options,
# metavars, environment variables), a bank's keys and their values, file formats, the checks' names
# and language codes, all of which a user types as they are.
ENGLISH_ALLOWED = frozenset(
    {
        "ketaquiz",
        *("play", "stats", "history", "list", "show", "validate", "audit", "schema", "new", "present", "export"),
        "report",
        *("OPTIONS", "COMMAND", "ARGS", "PATH", "ID", "TAG", "LANGS", "LANG", "BANK", "FILE", "ARTICLE"),
        *("SECONDS", "ADDR", "CHECKS", "TERM", "dumb", "SAVE"),
        *("title", "reviewed", "focus", "languages", "translations", "source", "resources", "questions", "url"),
        *("text", "name", "region", "contact", "details", "id", "statement", "answer", "explanation", "passage"),
        *("passage_role", "leans", "evidence", "tags", "note", "sources"),
        *("myth", "fact", "supports", "overclaim", "favourable", "unfavourable", "neutral"),
        *("YAML", "GIFT", "QTI", "CSV", "JSON", "HTML", "Markdown", "UTF", "NUL", "MiB"),
        *("gift", "qti", "csv", "markdown", "html", "json", "yaml", "txt", "md", "zip", "full", "short"),
        *("cues", "language", "stigma", "pairs", "passages", "balance", "en", "fr", "qps"),
    }
)
# Where a token is a name rather than words: an option, an environment variable, a URL, a path or a
# file's name; and what the pseudo-locale's marks are made of.
_NAMES = re.compile(
    r"--?[A-Za-z][\w-]*|KETAQUIZ_\w+|\$\w+|\w+_\w+|https?://\S+|\S*/\S*"
    r"|\S+\.(?:yaml|yml|txt|json|html|md|gift|zip|csv)\b"
)
_ENGLISH = re.compile(r"[A-Za-z]{2,}")


def english_left(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The words of `text` that are English and not allowed (ENGLISH_ALLOWED, and `allowed`: the names a
    test's bank brings, its ids and tags), in the order they come: what a pseudo-locale run must not show."""
    kept = ENGLISH_ALLOWED | set(allowed)
    return [word for word in _ENGLISH.findall(_NAMES.sub(" ", text)) if word not in kept]


def assert_translated(text: str, *, allowed: Iterable[str] = (), pending: Iterable[str] = ()) -> None:
    """Fail, naming the words, on English left in `text` under the pseudo-locale. `pending` holds phrases
    known to be in English still (each must be there: when it is translated, the test says to take it out)."""
    for phrase in pending:
        assert phrase in text, f"{phrase!r} is no longer shown in English: take it out of the pending phrases"
        text = text.replace(phrase, " ")
    left = english_left(text, allowed=allowed)
    assert not left, f"English left untranslated: {', '.join(dict.fromkeys(left))}\n{text}"


# A bank whose texts are in Greek, so that English in the output can only be ketaquiz's; its ids and
# tags, which are ASCII, are GREEK_NAMES. Three myths in four, two quoting one passage, and a focus on
# one statement: an audit has something to say.
GREEK_BANK = textwrap.dedent(
    """\
    title: Μύθοι και γεγονότα για την κεταμίνη
    reviewed: 2026-11-28
    focus: istoria
    source:
      title: Ένα άρθρο για την κεταμίνη
      url: https://example.org/arthro
      text: |
        Η κεταμίνη αναπτύχθηκε αρχικά ως αναισθητικό. Χρησιμοποιείται εδώ και δεκαετίες στην ιατρική.
        Σύμφωνα με την κλινική, η θεραπεία με κεταμίνη δεν προκαλεί ποτέ εθισμό.
    resources:
      - name: Γραμμή βοήθειας
        region: Ελλάδα
        contact: Καλέστε 1018
        details: Όλο το εικοσιτετράωρο.
    questions:
      - id: proti
        statement: Η κεταμίνη αναπτύχθηκε αρχικά ως αναισθητικό.
        answer: fact
        explanation: Φτιάχτηκε το 1962 ως αναισθητικό.
        passage: Η κεταμίνη αναπτύχθηκε αρχικά ως αναισθητικό.
        passage_role: supports
        tags: [istoria]
      - id: defteri
        statement: Η θεραπεία με κεταμίνη δεν προκαλεί ποτέ εθισμό.
        answer: myth
        explanation: Ο κίνδυνος είναι μικρός υπό ιατρική παρακολούθηση, αλλά δεν είναι μηδενικός.
        passage: η θεραπεία με κεταμίνη δεν προκαλεί ποτέ εθισμό
        passage_role: overclaim
        evidence:
          note: Οι ρυθμιστικές αρχές την κατατάσσουν στις ελεγχόμενες ουσίες.
          sources: [Ρυθμιστική αρχή 1999]
        tags: [ethisi]
      - id: triti
        statement: Κανείς δεν έχει εθιστεί ποτέ στην κεταμίνη.
        answer: myth
        explanation: Ο εθισμός στην κεταμίνη είναι σπάνιος, αλλά έχει περιγραφεί.
        passage: η θεραπεία με κεταμίνη δεν προκαλεί ποτέ εθισμό
        tags: [ethisi]
      - id: tetarti
        statement: Η κεταμίνη δεν χρησιμοποιείται στην ιατρική.
        answer: myth
        explanation: Χρησιμοποιείται εδώ και δεκαετίες στην ιατρική.
        passage: Χρησιμοποιείται εδώ και δεκαετίες στην ιατρική.
    """
)
GREEK_NAMES = ("proti", "defteri", "triti", "tetarti", "istoria", "ethisi")


class _Visible(html.parser.HTMLParser):
    """The text a browser shows of a page, what it tells a screen reader (`aria-label`, `alt`), and the
    words its printed pages' margins show."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script")
        self.text += [value for name, value in attributes if name in ("aria-label", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            for declaration in re.findall(r"content:([^;]*);", data):
                self.text += re.findall(r'"((?:[^"\\]|\\.)*)"', declaration)
        else:
            self.text.append(data)


def visible_text(page: str) -> str:
    """What a reader meets of an HTML page: its text, its labels for screen readers, its printed margins."""
    parser = _Visible()
    parser.feed(page)
    return " ".join(parser.text)


class Watched:
    """What a terminal of `columns`×`rows` shows of a process's output, read as it comes: for a
    screen that is painted again and again (the projector), where waiting for a string would find
    the last painting's."""

    def __init__(self, fd: int, seen: bytearray, columns: int, rows: int) -> None:
        self.fd, self.seen = fd, seen
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def changed(self, since: list[str] | None, *, steady: float = 0.3, timeout: float = 10.0) -> list[str] | None:
        """The screen once it differs from `since` and has stayed the same for `steady` seconds; None
        once the process has ended its output."""
        deadline = time.monotonic() + timeout
        last, still = self.lines(), time.monotonic()
        while True:
            assert time.monotonic() < deadline, f"the screen never settled: {self.lines()}"
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # a pty reports EIO once the process has gone
                    chunk = b""
                if not chunk:
                    return None
                self.seen.extend(chunk)
                self.stream.feed(chunk)
            now = self.lines()
            if now != last:
                last, still = now, time.monotonic()
            elif now != since and time.monotonic() - still >= steady:
                return now
