"""The command line: parse options, call the bank and the engine, hand results to render.

Rich and YAML are imported inside the commands that need them, so that
`ketaquiz --version` and `--help` start as fast as click alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ketaquiz import __version__

if TYPE_CHECKING:
    from ketaquiz.bank import Bank, BankError, Question
    from ketaquiz.history import Session
    from ketaquiz.quiz import Room

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_DATA = 1
EXIT_INTERRUPTED = 130
# How many of the most-missed statements `stats` lists without --all.
MOST_MISSED_SHOWN = 5


class BankProblem(click.ClickException):
    """A bank that cannot be used: one line per problem, exit status 1."""

    exit_code = EXIT_BAD_DATA

    def __init__(self, error: BankError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        for problem in self.error.problems:
            click.echo(f"Error: {problem.describe(self.error.path)}", file=file, err=file is None)
            for line in problem.detail:
                click.echo(f"  {line}", file=file, err=file is None)


class BadData(click.ClickException):
    """Bad data that is not a bank (an article for `new`, say): one line, exit status 1."""

    exit_code = EXIT_BAD_DATA


class KetaquizGroup(click.Group):
    """Ends every command the same way on Ctrl-C and on a closed pipe."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader (`head`, a closed pager) has all it wanted: not an error.
            _silence_stdout()
            raise click.exceptions.Exit(0) from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (as under CliRunner): nothing to flush later


def bank_option(command: F) -> F:
    return click.option(
        "--bank",
        metavar="PATH",
        envvar="KETAQUIZ_BANK",
        show_envvar=True,
        help="Question bank to use (YAML). Default: the bundled bank.",
    )(command)


def tag_option(command: F) -> F:
    return click.option(
        "--tag",
        "tags",
        metavar="TAG",
        multiple=True,
        help="Only statements with this tag; repeat for several (any of them).",
    )(command)


def selection_options(command: F) -> F:
    """The options that choose which statements a session asks, and in what order."""
    options = [
        bank_option,
        click.option("-n", "--count", type=click.IntRange(min=1), metavar="N", help="At most N statements."),
        click.option(
            "--seed", type=int, metavar="N", help="Shuffle the same way every time (e.g. one quiz for a whole class)."
        ),
        tag_option,
        click.option("--in-order", is_flag=True, help="Keep the bank's order instead of shuffling."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def load(path: str | None, *, if_missing: str | None = None) -> Bank:
    from ketaquiz.bank import MISSING_BANK_HINT, BankError, load_bank

    try:
        return load_bank(path, if_missing=if_missing or MISSING_BANK_HINT)
    except BankError as error:
        raise BankProblem(error) from None


def check_tags(bank: Bank, tags: tuple[str, ...]) -> None:
    from ketaquiz.bank import unknown_tags

    unknown = unknown_tags(bank.questions, tags)
    if unknown:
        import difflib

        known = bank.tags()
        close = [match for tag in unknown for match in difflib.get_close_matches(tag.lower(), known, n=1)]
        hint = f"did you mean {' or '.join(repr(tag) for tag in close)}? " if close else ""
        raise click.BadParameter(
            f"no statement is tagged {', '.join(unknown)}; {hint}tags in this bank: {', '.join(known) or 'none'}",
            param_hint="'--tag'",
        )


def choose_questions(
    bank: Bank, *, seed: int | None, tags: tuple[str, ...], count: int | None, in_order: bool
) -> list[Question]:
    import random

    from ketaquiz.quiz import choose

    check_tags(bank, tags)
    return choose(bank.questions, random.Random(seed), tags=tags, count=count, in_order=in_order)


@click.group("ketaquiz", cls=KetaquizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ketaquiz", message="%(prog)s %(version)s")
def cli() -> None:
    """Learn which claims about ketamine therapy are myths and which are facts.

    Every answer is explained with the passage quoted from the source article,
    and with what the wider evidence says where the article overstates.

    Start with:  ketaquiz play
    """


def plain_option(command: F) -> F:
    return click.option(
        "--plain",
        is_flag=True,
        envvar="KETAQUIZ_PLAIN",
        show_envvar=True,
        help="Linear text for screen readers and braille: no boxes, colour or cursor moves (automatic if TERM=dumb).",
    )(command)


def wants_plain(plain: bool) -> bool:
    return plain or os.environ.get("TERM") == "dumb"


@cli.command()
@selection_options
@click.option(
    "--missed", is_flag=True, help="Only the statements you got wrong the last time you saw them, most missed first."
)
@click.option("--no-history", is_flag=True, help="Do not record this session in your history.")
@plain_option
def play(
    bank: str | None,
    count: int | None,
    seed: int | None,
    tags: tuple[str, ...],
    in_order: bool,
    missed: bool,
    no_history: bool,
    plain: bool,
) -> None:
    """Play the quiz: answer myth or fact, one statement at a time.

    Example:  ketaquiz play -n 10 --seed 7
    """
    from ketaquiz import history, render, terminal
    from ketaquiz.play import run_quiz

    loaded = load(bank)
    # Only --missed depends on the history; otherwise the recording at the end says what it found.
    past = history.of_bank(history.read(warn if missed else _ignore).sessions, loaded)
    if missed:
        questions = missed_questions(loaded, past, tags, count)
    else:
        questions = choose_questions(loaded, seed=seed, tags=tags, count=count, in_order=in_order)
    stdin = terminal.standard_input()
    outcome = run_quiz(
        render.make_console(plain=wants_plain(plain)),
        loaded,
        questions,
        read_line=terminal.line_reader(stdin),
        interactive=terminal.is_terminal(stdin),
        last=past[-1].score() if past else None,
        review_command=None if no_history else review_command(),
    )
    if outcome.results and not no_history:
        kind = history.kind_of(missed=missed, tags=tags, asked=len(questions), available=len(loaded.questions))
        session = history.new_session(loaded, outcome.results, len(questions), kind=kind, tags=tags)
        history.record(session, warn)
    if outcome.interrupted:
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


def review_command() -> str:
    """The command that brings back this bank's missed statements, naming the bank if it was named here."""
    import shlex

    context = click.get_current_context()
    command = "ketaquiz play --missed"
    if context.get_parameter_source("bank") is click.core.ParameterSource.COMMANDLINE:
        command += f" --bank {shlex.quote(context.params['bank'])}"
    return command


def missed_questions(bank: Bank, past: Sequence[Session], tags: tuple[str, ...], count: int | None) -> list[Question]:
    from ketaquiz import history

    check_tags(bank, tags)
    try:
        return history.missed_for_review(bank, past, tags=tags, count=count)
    except history.NothingToReview as nothing:
        click.echo(str(nothing))
        raise click.exceptions.Exit(0) from None


def _ignore(message: str) -> None:
    pass


def refuse_to_replace(output: str, *, force: bool) -> None:
    if not force and os.path.exists(output):
        raise click.BadParameter(f"{output} exists; add --force to replace it", param_hint="'-o' / '--output'")


def warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)


@cli.command(name="list")
@bank_option
@tag_option
@click.option("--hide-answers", is_flag=True, help="Leave the verdicts out (to review with a class).")
@click.option("--full", is_flag=True, help="Every statement in full: verdict, explanation, passage and evidence.")
def list_(bank: str | None, tags: tuple[str, ...], hide_answers: bool, full: bool) -> None:
    """List every statement with its verdict and tags, for review.

    Example:  ketaquiz list --tag addiction
    """
    from ketaquiz import render
    from ketaquiz.bank import tagged

    if full and hide_answers:
        raise click.UsageError("--full shows the verdicts; leave out --hide-answers or --full")
    loaded = load(bank)
    check_tags(loaded, tags)
    questions = tagged(loaded.questions, tags)
    if full:
        page_details(loaded, questions)
        return
    console = render.make_console()
    if console.is_terminal:
        render.question_table(console, loaded, questions, hide_answers=hide_answers)
    else:  # a pipe or a file: plain lines to search and cut
        lines = render.question_lines(loaded, questions, hide_answers=hide_answers, width=console.width)
        click.echo("\n".join(lines))


@cli.command()
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@bank_option
def show(ids: tuple[str, ...], bank: str | None) -> None:
    """Show statements in full: verdict, explanation, passage and evidence.

    Example:  ketaquiz show origin-anesthetic
    """
    import difflib

    loaded = load(bank)
    by_id = {question.id: question for question in loaded.questions}
    for wanted in ids:
        if wanted not in by_id:
            close = difflib.get_close_matches(wanted, by_id, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise click.BadParameter(f"no statement has the id '{wanted}'; {hint}`ketaquiz list` shows every id")
    page_details(loaded, [by_id[wanted] for wanted in ids])


def page_details(bank: Bank, questions: list[Question]) -> None:
    """The full view through a pager on a terminal; plain lines, without trailing spaces, in a pipe."""
    from ketaquiz import render

    console = render.make_console()
    with console.capture() as captured:
        render.question_details(console, bank, questions)
    if console.is_terminal:
        click.echo_via_pager(captured.get())
    else:
        click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


@cli.command()
@click.argument("path", required=False, envvar="KETAQUIZ_BANK")
def validate(path: str | None) -> None:
    """Check a bank file and report every problem in it.

    Without PATH, checks the bundled bank (or $KETAQUIZ_BANK).

    Example:  ketaquiz validate my-bank.yaml
    """
    from ketaquiz import render

    hint = "check the path, or start a bank with: ketaquiz new ARTICLE.txt -o BANK.yaml"
    render.validation_summary(render.make_console(), load(path, if_missing=hint))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the bank format, for editors that complete and check YAML.

    Example:  ketaquiz schema > ketaquiz.schema.json
    """
    from importlib.resources import files

    click.echo(files("ketaquiz").joinpath("bank.schema.json").read_text(encoding="utf-8"), nl=False)


@cli.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    metavar="BANK",
    type=click.Path(dir_okay=False),
    help="The bank to write. Default: ARTICLE's name with .yaml.",
)
@click.option("--force", is_flag=True, help="Replace BANK if it exists.")
def new(article: str, output: str | None, force: bool) -> None:
    """Start a bank from an article saved as plain text: its source, and an example question.

    Example:  ketaquiz new article.txt -o my-bank.yaml
    """
    from ketaquiz.files import os_reason, write_atomically
    from ketaquiz.starter import SCHEMA_NAME, ArticleError, read_article, starter_bank

    if output is None:
        output = os.path.splitext(os.path.basename(article))[0] + ".yaml"
    refuse_to_replace(output, force=force)
    try:
        text = starter_bank(read_article(article), name=os.path.basename(article), bank_name=output)
    except ArticleError as error:
        raise BadData(str(error)) from None
    try:
        write_atomically(output, text.encode("utf-8"))
    except OSError as error:
        raise click.ClickException(f"{output}: cannot be written: {os_reason(error)}") from None
    schema_path = os.path.join(os.path.dirname(output), SCHEMA_NAME)
    click.echo(f"Wrote {output}: the article as its source, and an example question to start from.")
    click.echo(f"Next: write your questions in it, then run  ketaquiz validate {output}")
    click.echo(f"For completion and checks in your editor:  ketaquiz schema > {schema_path}")


@contextmanager
def live_room(*, live: bool, host: str | None, port: int | None, bank: Bank) -> Iterator[Room | None]:
    """With --live, the room's phones for the length of the workshop; the server stops when it ends."""
    if not live:
        if host is not None or port is not None:
            raise click.UsageError("--host and --port go with --live")
        yield None
        return
    from ketaquiz import live as live_voting

    if live_voting.missing():
        click.echo(f"Error: {live_voting.INSTALL_HINT}", err=True)
        raise click.exceptions.Exit(2)
    from ketaquiz.live.server import DEFAULT_PORT, Live, LiveError

    try:
        session = Live(
            host=host or "0.0.0.0",
            port=DEFAULT_PORT if port is None else port,
            title=bank.title or bank.source.title,
            resources=bank.resources,
        )
    except LiveError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield session.board
    finally:
        session.close()


@cli.command(short_help="Present the quiz to a room, revealing each verdict on Enter.")
@selection_options
@click.option(
    "--timer",
    type=click.FloatRange(min=0, max=3600, min_open=True),
    metavar="SECONDS",
    help="A discussion countdown before each reveal (Enter skips it).",
)
@click.option("--tally", is_flag=True, help="Type the room's votes (myths, then facts) before each reveal.")
@click.option(
    "--save",
    "save_path",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Save the results as JSON after every reveal; an existing save file gets this session added.",
)
@click.option("--live", is_flag=True, help="The room votes on their phones, on a page served from this computer.")
@click.option(
    "--host",
    metavar="ADDR",
    help="With --live: the address to listen on (127.0.0.1 keeps it to this computer). Default: every network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="With --live: the port to listen on (0 picks a free one). Default: 8765.",
)
def present(
    bank: str | None,
    count: int | None,
    seed: int | None,
    tags: tuple[str, ...],
    in_order: bool,
    timer: float | None,
    tally: bool,
    save_path: str | None,
    live: bool,
    host: str | None,
    port: int | None,
) -> None:
    """Present the quiz to a room: one statement at a time, revealed on Enter.

    Example:  ketaquiz present -n 10 --timer 60 --tally --save workshop.json
    """
    from ketaquiz import render, terminal
    from ketaquiz.present import SaveFileError, Settings, run_workshop, saver

    loaded = load(bank)
    questions = choose_questions(loaded, seed=seed, tags=tags, count=count, in_order=in_order)
    console = render.make_console()
    save = None
    if save_path is not None:
        try:
            save = saver(save_path, bank_path=loaded.path, warn=lambda text: render.warning(console, text))
        except SaveFileError as error:
            raise click.ClickException(str(error)) from None
    stdin = terminal.standard_input()
    with live_room(live=live, host=host, port=port, bank=loaded) as room, terminal.key_reader(stdin) as read_keys:
        result = run_workshop(
            console,
            questions,
            source_title=loaded.source.title,
            read_line=terminal.line_reader(stdin),
            read_keys=read_keys,
            settings=Settings(tallying=tally, timer=timer),
            resources=loaded.resources,
            save=save,
            room=room,
        )
    if result.interrupted:
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


@cli.command(short_help="Export to Moodle (GIFT), Canvas & co. (QTI), CSV, handouts or JSON.")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["gift", "qti", "csv", "markdown", "html", "json"], case_sensitive=False),
    help="Output format. Default: from the -o file's extension.",
)
@bank_option
@tag_option
@click.option(
    "-o", "--output", metavar="FILE", type=click.Path(dir_okay=False), help="Write to FILE instead of standard output."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def export(format_name: str | None, bank: str | None, tags: tuple[str, ...], output: str | None, force: bool) -> None:
    """Export the statements for an LMS (GIFT, QTI), spreadsheets (CSV), handouts (HTML, Markdown) or JSON.

    Example:  ketaquiz export --format gift -o ketamine.gift
    """
    from ketaquiz.bank import tagged
    from ketaquiz.export import BINARY, FORMATS, format_of
    from ketaquiz.files import os_reason, write_atomically

    asked = format_name
    format_name = format_of(format_name, output)
    if format_name is None:
        raise click.UsageError(f"choose a format with --format {'|'.join(FORMATS)}")
    if output is None and format_name in BINARY:
        raise click.UsageError(f"{format_name} is a zip package: write it to a file with -o FILE.zip")
    if output is not None:
        refuse_to_replace(output, force=force)
    loaded = load(bank)
    check_tags(loaded, tags)
    questions = tagged(loaded.questions, tags)
    data = FORMATS[format_name](loaded, questions)
    if output is None:
        click.echo(data, nl=False)  # bytes: UTF-8 whatever the terminal's locale
        return
    named = format_of(None, output)
    if asked is not None and named is not None and named != format_name:
        warn(f"writing {format_name} to {output}, whose extension says {named}")
    try:
        write_atomically(output, data)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot be written: {os_reason(error)}") from None
    click.echo(f"{len(questions)} statement{'' if len(questions) == 1 else 's'} → {output}")


@cli.command(short_help="Show your progress: coverage, scores, missed statements, tags.")
@bank_option
@click.option("--all", "show_all", is_flag=True, help="List every statement you have missed, not only the first 5.")
@plain_option
def stats(bank: str | None, show_all: bool, plain: bool) -> None:
    """Show your progress with a bank: coverage, scores, most-missed statements, accuracy per tag.

    Example:  ketaquiz stats --all
    """
    from ketaquiz import history, render

    loaded = load(bank)
    past = history.of_bank(history.read(warn).sessions, loaded)
    console = render.make_console(plain=wants_plain(plain))
    render.stats(console, loaded, history.stats(past, loaded), limit=None if show_all else MOST_MISSED_SHOWN)


@cli.command(name="history")
@click.option("--clear", is_flag=True, help="Delete your whole history (asks first).")
@click.option("-y", "--yes", is_flag=True, help="With --clear: do not ask.")
def history_(clear: bool, yes: bool) -> None:
    """Show where your history is kept, or clear it.

    Example:  ketaquiz history --clear
    """
    from ketaquiz import history
    from ketaquiz.files import os_reason

    path = history.history_path()
    if not clear:
        sessions = history.read(warn).sessions
        click.echo(f"{len(sessions)} session{'' if len(sessions) == 1 else 's'} recorded in {path}")
        return
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise click.UsageError("add --yes to clear the history without being asked")
        if not click.confirm(f"Delete your whole ketaquiz history ({path})?", default=False):
            click.echo("Nothing was deleted.")
            return
    try:
        removed = history.clear_history(path)
    except OSError as error:
        raise click.ClickException(f"{path}: cannot be deleted: {os_reason(error)}") from None
    click.echo(f"Deleted {', '.join(removed)}." if removed else "There was no history to delete.")


def main(prog_name: str = "ketaquiz") -> NoReturn:
    cli.main(prog_name=prog_name)
    raise SystemExit(0)  # click's standalone mode always exits; this satisfies the type checker
