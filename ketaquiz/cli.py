"""The command line: parse options, call the bank and the engine, hand results to render.

Rich and YAML are imported inside the commands that need them, so that
`ketaquiz --version` and `--help` start as fast as click alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ketaquiz import __version__

if TYPE_CHECKING:
    from ketaquiz.bank import Bank, BankError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_DATA = 1
EXIT_INTERRUPTED = 130


class BankProblem(click.ClickException):
    """A bank that cannot be used: one line per problem, exit status 1."""

    exit_code = EXIT_BAD_DATA

    def __init__(self, error: BankError) -> None:
        super().__init__(str(error))
        self.lines = error.lines()

    def show(self, file: IO[Any] | None = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


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


def load(path: str | None) -> Bank:
    from ketaquiz.bank import BankError, load_bank

    try:
        return load_bank(path)
    except BankError as error:
        raise BankProblem(error) from None


def check_tags(bank: Bank, tags: tuple[str, ...]) -> None:
    from ketaquiz.quiz import unknown_tags

    unknown = unknown_tags(bank.questions, tags)
    if unknown:
        known = ", ".join(bank.tags()) or "none"
        raise click.BadParameter(f"no statement is tagged {', '.join(unknown)}; tags in this bank: {known}",
                                 param_hint="'--tag'")


@click.group("ketaquiz", cls=KetaquizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ketaquiz", message="%(prog)s %(version)s")
def cli() -> None:
    """Learn which claims about ketamine therapy are myths and which are facts.

    Every answer is explained with the passage quoted from the source article,
    and with what the wider evidence says where the article overstates.

    Start with:  ketaquiz play
    """


@cli.command()
@bank_option
@click.option("-n", "--count", type=click.IntRange(min=1), metavar="N", help="Ask at most N statements.")
@click.option("--seed", type=int, metavar="N", help="Shuffle the same way every time (e.g. one quiz for a class).")
@tag_option
@click.option("--in-order", is_flag=True, help="Ask in the bank's order instead of shuffling.")
def play(bank: str | None, count: int | None, seed: int | None, tags: tuple[str, ...], in_order: bool) -> None:
    """Play the quiz: answer myth or fact, one statement at a time.

    Example:  ketaquiz play -n 10 --seed 7
    """
    import random

    from ketaquiz import play as session
    from ketaquiz import render
    from ketaquiz.quiz import choose

    loaded = load(bank)
    check_tags(loaded, tags)
    questions = choose(loaded.questions, random.Random(seed), tags=tags, count=count, in_order=in_order)
    stdin = sys.stdin.buffer if sys.stdin is not None else None  # None when started with stdin closed
    outcome = session.play(
        render.make_console(),
        questions,
        loaded.source.title,
        session.line_reader(stdin),
        interactive=stdin is not None and stdin.isatty(),
    )
    if outcome.interrupted:
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


@cli.command(name="list")
@bank_option
@tag_option
@click.option("--hide-answers", is_flag=True, help="Leave the verdicts out (to review with a class).")
def list_(bank: str | None, tags: tuple[str, ...], hide_answers: bool) -> None:
    """List every statement with its verdict and tags, for review.

    Example:  ketaquiz list --tag addiction
    """
    from ketaquiz import render
    from ketaquiz.quiz import tagged

    loaded = load(bank)
    check_tags(loaded, tags)
    questions = tagged(loaded.questions, tags)
    render.question_table(render.make_console(), loaded, questions, hide_answers)


@cli.command()
@click.argument("path", required=False, envvar="KETAQUIZ_BANK")
def validate(path: str | None) -> None:
    """Check a bank file and report every problem in it.

    Without PATH, checks the bundled bank (or $KETAQUIZ_BANK).

    Example:  ketaquiz validate my-bank.yaml
    """
    from ketaquiz import render

    render.validation_summary(render.make_console(), load(path))


def main(prog_name: str = "ketaquiz") -> NoReturn:
    cli.main(prog_name=prog_name)
    raise SystemExit(0)  # click's standalone mode always exits; this satisfies the type checker
