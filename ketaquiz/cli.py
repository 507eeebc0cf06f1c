"""The command line: options, and one call per command into the package.

Rich and YAML are imported inside the commands that need them, so that
`ketaquiz --version` and `--help` start as fast as click alone. Every error a
user can cause becomes its lines and its exit status in one place, `KetaquizGroup`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ketaquiz import __version__
from ketaquiz.errors import ExitStatus, KetaquizError

if TYPE_CHECKING:
    from ketaquiz.bank import Bank, Question
    from ketaquiz.quiz import Selection

F = TypeVar("F", bound=Callable[..., Any])

# How many of the most-missed statements `stats` lists without --all.
MOST_MISSED_SHOWN = 5


class KetaquizGroup(click.Group):
    """Ends every command the same way: a user's error as its lines and status, Ctrl-C, a closed pipe."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KetaquizError as error:
            for line, detail in error.reports():
                click.echo(f"Error: {line}", err=True)
                for below in detail:
                    click.echo(f"  {below}", err=True)
            raise click.exceptions.Exit(error.status) from None
        except KeyboardInterrupt:
            click.echo(err=True)
            raise click.exceptions.Exit(ExitStatus.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader (`head`, a closed pager) has all it wanted: not an error.
            _silence_stdout()
            raise click.exceptions.Exit(ExitStatus.SUCCESS) from None


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
    from ketaquiz.bank import MISSING_BANK_HINT, load_bank

    return load_bank(path, if_missing=if_missing or MISSING_BANK_HINT)


def check_tags(bank: Bank, tags: tuple[str, ...]) -> None:
    from ketaquiz.bank import unknown_tags

    unknown = unknown_tags(bank.questions, tags)
    if unknown:
        from ketaquiz.suggest import closest

        known = bank.tags()
        close = [match for tag in unknown if (match := closest(tag.lower(), known))]
        hint = f"did you mean {' or '.join(repr(tag) for tag in close)}? " if close else ""
        raise click.BadParameter(
            f"no statement is tagged {', '.join(unknown)}; {hint}tags in this bank: {', '.join(known) or 'none'}",
            param_hint="'--tag'",
        )


def selection(bank: Bank, *, tags: tuple[str, ...], count: int | None, seed: int | None, in_order: bool) -> Selection:
    """The statements asked for, once their tags are known to be in the bank."""
    from ketaquiz.quiz import Selection

    check_tags(bank, tags)
    return Selection(tags=tags, count=count, seed=seed, in_order=in_order)


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
    from ketaquiz import terminal
    from ketaquiz.play import Player
    from ketaquiz.play import play as run_play
    from ketaquiz.screens.console import make_console

    loaded = load(bank)
    chosen = selection(loaded, tags=tags, count=count, seed=seed, in_order=in_order)
    stdin = terminal.standard_input()
    player = Player(
        read_line=terminal.line_reader(stdin),
        interactive=terminal.is_terminal(stdin),
        keep_history=not no_history,
        warn=warn,
        review_command=review_command(),
    )
    status = run_play(make_console(plain=wants_plain(plain)), loaded, chosen, missed=missed, player=player)
    raise click.exceptions.Exit(status)


def review_command() -> str:
    """The command that brings back this bank's missed statements, naming the bank if it was named here."""
    import shlex

    context = click.get_current_context()
    command = "ketaquiz play --missed"
    if context.get_parameter_source("bank") is click.core.ParameterSource.COMMANDLINE:
        command += f" --bank {shlex.quote(context.params['bank'])}"
    return command


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
    from ketaquiz.bank import tagged
    from ketaquiz.screens import review
    from ketaquiz.screens.console import make_console

    if full and hide_answers:
        raise click.UsageError("--full shows the verdicts; leave out --hide-answers or --full")
    loaded = load(bank)
    check_tags(loaded, tags)
    questions = tagged(loaded.questions, tags)
    if full:
        page_details(loaded, questions)
        return
    review.listing(make_console(), loaded, questions, hide_answers=hide_answers)


@cli.command()
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@bank_option
def show(ids: tuple[str, ...], bank: str | None) -> None:
    """Show statements in full: verdict, explanation, passage and evidence.

    Example:  ketaquiz show origin-anesthetic
    """
    from ketaquiz.suggest import did_you_mean

    loaded = load(bank)
    by_id = {question.id: question for question in loaded.questions}
    for wanted in ids:
        if wanted not in by_id:
            hint = did_you_mean(wanted, by_id)
            raise click.BadParameter(f"no statement has the id '{wanted}'; {hint}`ketaquiz list` shows every id")
    page_details(loaded, [by_id[wanted] for wanted in ids])


def page_details(bank: Bank, questions: list[Question]) -> None:
    """The full view through a pager on a terminal; plain lines, without trailing spaces, in a pipe."""
    from ketaquiz.screens import review
    from ketaquiz.screens.console import make_console

    console = make_console()
    text = review.details_text(console, bank, questions)
    if console.is_terminal:
        click.echo_via_pager(text)
    else:
        click.echo("\n".join(line.rstrip() for line in text.splitlines()))


@cli.command()
@click.argument("path", required=False, envvar="KETAQUIZ_BANK")
def validate(path: str | None) -> None:
    """Check a bank file and report every problem in it.

    Without PATH, checks the bundled bank (or $KETAQUIZ_BANK).

    Example:  ketaquiz validate my-bank.yaml
    """
    from ketaquiz.screens import review
    from ketaquiz.screens.console import make_console

    hint = "check the path, or start a bank with: ketaquiz new ARTICLE.txt -o BANK.yaml"
    review.validation_summary(make_console(), load(path, if_missing=hint))


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
    from ketaquiz.files import write_atomically
    from ketaquiz.starter import SCHEMA_NAME, read_article, starter_bank

    if output is None:
        output = os.path.splitext(os.path.basename(article))[0] + ".yaml"
    refuse_to_replace(output, force=force)
    text = starter_bank(read_article(article), name=os.path.basename(article), bank_name=output)
    write_atomically(output, text.encode("utf-8"))
    schema_path = os.path.join(os.path.dirname(output), SCHEMA_NAME)
    click.echo(f"Wrote {output}: the article as its source, and an example question to start from.")
    click.echo(f"Next: write your questions in it, then run  ketaquiz validate {output}")
    click.echo(f"For completion and checks in your editor:  ketaquiz schema > {schema_path}")


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
    from contextlib import nullcontext

    from ketaquiz import live as live_voting
    from ketaquiz.present.loop import Settings
    from ketaquiz.present.loop import present as run_present
    from ketaquiz.screens.console import make_console, warning

    if not live and (host is not None or port is not None):
        raise click.UsageError("--host and --port go with --live")
    loaded = load(bank)
    chosen = selection(loaded, tags=tags, count=count, seed=seed, in_order=in_order)
    console = make_console()
    with live_voting.room_for(loaded, host=host, port=port) if live else nullcontext() as room:
        status = run_present(
            console,
            loaded,
            chosen,
            settings=Settings(tallying=tally, timer=timer),
            save_path=save_path,
            room=room,
            warn=lambda text: warning(console, text),
        )
    raise click.exceptions.Exit(status)


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
    from ketaquiz.files import write_atomically

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
    write_atomically(output, data)
    click.echo(f"{len(questions)} statement{'' if len(questions) == 1 else 's'} → {output}")


@cli.command(short_help="Show your progress: coverage, scores, missed statements, tags.")
@bank_option
@click.option("--all", "show_all", is_flag=True, help="List every statement you have missed, not only the first 5.")
@plain_option
def stats(bank: str | None, show_all: bool, plain: bool) -> None:
    """Show your progress with a bank: coverage, scores, most-missed statements, accuracy per tag.

    Example:  ketaquiz stats --all
    """
    from ketaquiz import history
    from ketaquiz.screens import progress
    from ketaquiz.screens.console import make_console

    loaded = load(bank)
    past = history.of_bank(history.read(warn).sessions, loaded)
    console = make_console(plain=wants_plain(plain))
    progress.stats(console, loaded, history.stats(past, loaded), limit=None if show_all else MOST_MISSED_SHOWN)


@cli.command(name="history")
@click.option("--clear", is_flag=True, help="Delete your whole history (asks first).")
@click.option("-y", "--yes", is_flag=True, help="With --clear: do not ask.")
def history_(clear: bool, yes: bool) -> None:
    """Show where your history is kept, or clear it.

    Example:  ketaquiz history --clear
    """
    from ketaquiz import history
    from ketaquiz.files import FileProblem, os_reason

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
        raise FileProblem(path, f"cannot be deleted: {os_reason(error)}") from None
    click.echo(f"Deleted {', '.join(removed)}." if removed else "There was no history to delete.")


def main(prog_name: str = "ketaquiz") -> NoReturn:
    cli.main(prog_name=prog_name)
    raise SystemExit(0)  # click's standalone mode always exits; this satisfies the type checker
