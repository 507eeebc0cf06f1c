"""The learner's commands: `play`, `stats` and `history`."""

from __future__ import annotations

import sys

import click

from ketaquiz.cli.group import cli
from ketaquiz.cli.options import (
    bank_option,
    interface_lang_option,
    is_named,
    lang_option,
    load,
    plain_option,
    selection,
    selection_options,
    shown,
    wants_plain,
    warn,
)
from ketaquiz.i18n import N_, _, ngettext

# How many of the most-missed statements `stats` lists without --all.
MOST_MISSED_SHOWN = 5


@cli.command()
@selection_options
@lang_option
@click.option(
    "--missed",
    is_flag=True,
    help=N_("Only the statements you got wrong the last time you saw them, most missed first."),
)
@click.option("--no-history", is_flag=True, help=N_("Do not record this session in your history."))
@click.option(
    "--confidence",
    is_flag=True,
    help=N_("After each answer, say how sure you are: s (sure), or n or Enter (not sure)."),
)
@click.option(
    "--marks",
    is_flag=True,
    help=N_("Certainty-based marks (asks how sure too): sure +2 right, -2 wrong; not sure +1 right, 0 wrong."),
)
@plain_option
def play(
    bank: str | None,
    count: int | None,
    seed: int | None,
    tags: tuple[str, ...],
    in_order: bool,
    lang: tuple[str, ...],
    missed: bool,
    no_history: bool,
    confidence: bool,
    marks: bool,
    plain: bool,
) -> None:
    """Play the quiz: answer myth or fact, one statement at a time.

    Example:  ketaquiz play -n 10 --seed 7
    """
    from ketaquiz import terminal
    from ketaquiz.play import Player
    from ketaquiz.play import play as run_play
    from ketaquiz.screens.console import make_console
    from ketaquiz.screens.learner import Asking

    loaded = shown(load(bank), lang)
    chosen = selection(loaded, tags=tags, count=count, seed=seed, in_order=in_order)
    stdin = terminal.standard_input()
    player = Player(
        read_line=terminal.line_reader(stdin),
        interactive=terminal.is_terminal(stdin),
        keep_history=not no_history,
        warn=warn,
        review_command=review_command(),
        asking=Asking(confidence=confidence or marks, marks=marks),
    )
    status = run_play(make_console(plain=wants_plain(plain)), loaded, chosen, missed=missed, player=player)
    raise click.exceptions.Exit(status)


def review_command() -> str:
    """The command that brings back this bank's missed statements, naming the bank and the language if
    they were named here."""
    import shlex

    context = click.get_current_context()
    command = "ketaquiz play --missed"
    if is_named("bank"):
        command += f" --bank {shlex.quote(context.params['bank'])}"
    if is_named("lang"):
        command += f" --lang {','.join(context.params['lang'])}"
    return command


@cli.command(short_help=N_("Show your progress: coverage, scores, missed statements, tags."))
@bank_option
@lang_option
@click.option("--all", "show_all", is_flag=True, help=N_("List every statement you have missed, not only the first 5."))
@plain_option
def stats(bank: str | None, lang: tuple[str, ...], show_all: bool, plain: bool) -> None:
    """Show your progress with a bank: coverage, scores, most-missed statements, accuracy per tag.

    Example:  ketaquiz stats --all
    """
    from ketaquiz import progress
    from ketaquiz.screens import progress as progress_screen
    from ketaquiz.screens.console import make_console

    loaded = shown(load(bank), lang)
    past = progress.stats(progress.of_bank(loaded, warn), loaded)
    console = make_console(plain=wants_plain(plain))
    progress_screen.stats(console, loaded, past, limit=None if show_all else MOST_MISSED_SHOWN)


@cli.command(name="history")
@click.option("--clear", is_flag=True, help=N_("Delete your whole history (asks first)."))
@click.option("-y", "--yes", is_flag=True, help=N_("With --clear: do not ask."))
@interface_lang_option
def history_(clear: bool, yes: bool) -> None:
    """Show where your history is kept, or clear it.

    Example:  ketaquiz history --clear
    """
    from ketaquiz import history, progress
    from ketaquiz.files import FileProblem, os_reason

    path = history.history_path()
    if not clear:
        sessions = progress.count(warn)
        recorded = ngettext("{count} session recorded in {path}", "{count} sessions recorded in {path}", sessions)
        click.echo(recorded.format(count=sessions, path=path))
        return
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise click.UsageError(_("add --yes to clear the history without being asked"))
        if not _confirmed(_("Delete your whole ketaquiz history ({path})?").format(path=path)):
            click.echo(_("Nothing was deleted."))
            return
    try:
        removed = history.clear_history(path)
    except OSError as error:
        raise FileProblem(path, _("cannot be deleted: {reason}").format(reason=os_reason(error))) from None
    click.echo(
        _("Deleted {files}.").format(files=", ".join(removed)) if removed else _("There was no history to delete.")
    )


def _confirmed(question: str) -> bool:
    """Yes to `question`, in English or in the language in use (y, yes; o, oui in French); no by default."""
    from ketaquiz.quiz import keys_in_use, plain_reply, yes_replies_in_use

    asked = f"{question} [{keys_in_use().yes}/N]"
    reply = click.prompt(asked, default="", show_default=False, prompt_suffix=" ")
    return bool(reply.strip()) and plain_reply(reply) in yes_replies_in_use()
