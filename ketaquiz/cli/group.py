"""The `ketaquiz` command group, and how every command ends: a user's error as its lines and
exit status, Ctrl-C as 130, a closed pipe as success, a standard output that cannot be written
as one line and status 1."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, NoReturn

import click

from ketaquiz import __version__, i18n
from ketaquiz.errors import ExitStatus, KetaquizError
from ketaquiz.i18n import N_, _


class _HelpFormatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        # A heading's colon as the language writes it: "Options:", "Options :".
        said = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{said}\n")


class _Context(click.Context):
    formatter_class = _HelpFormatter


class TranslatedCommand(click.Command):
    """A command whose help is written in the interface's language. Its texts stay in the code as
    they are written (a docstring, an option's help marked with N_), because click takes them when
    the commands are built, before the language is known; each is translated as click writes it."""

    context_class = _Context

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(*self.get_params(ctx)):
            super().format_options(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click words -h/--help as it makes the option, on every run: in English, so that `--version`
        # reads no catalog; it is translated with the other options' help, when help is shown.
        with _untranslated():
            return super().get_help_option(ctx)


@contextmanager
def _translated(*objects: click.Command | click.Parameter) -> Iterator[None]:
    """Each object's help (and a command's short help) in the interface's language, while click writes it."""
    kept = [(each, each.help, getattr(each, "short_help", None)) for each in objects]
    for each, help_text, short_help in kept:
        if help_text:
            each.help = _(inspect.cleandoc(help_text))
        if short_help and isinstance(each, click.Command):
            each.short_help = _(inspect.cleandoc(short_help))
    try:
        yield
    finally:
        for each, help_text, short_help in kept:
            each.help = help_text
            if isinstance(each, click.Command):
                each.short_help = short_help


@contextmanager
def _untranslated() -> Iterator[None]:
    import gettext

    domain = gettext.textdomain()
    gettext.textdomain("messages")  # the standard library's default: none of ketaquiz's catalogs
    try:
        yield
    finally:
        gettext.textdomain(domain)


def asked_language(args: Sequence[str]) -> str | None:
    """The first language the command line's --lang names, before click reads it: the interface
    speaks it from the start, usage errors and help included. The last --lang counts, as for click."""
    asked = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            asked = args[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.partition("=")[2]
    first = (asked or "").split(",")[0].strip()
    return first or None


class KetaquizGroup(TranslatedCommand, click.Group):
    """Ends every command the same way: a user's error as its lines and status, Ctrl-C, a closed
    pipe, a standard output that cannot be written (a full disk, /dev/full); and speaks the
    interface's language from the start."""

    command_class = TranslatedCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("args", args[0] if args else None)
        arguments = sys.argv[1:] if given is None else list(given)
        asked = asked_language(arguments)
        with i18n.interface((asked,) if asked else i18n.from_environment()):
            return self._guarded_main(*args, **kwargs)

    def _guarded_main(self, *args: Any, **kwargs: Any) -> Any:
        # Here and not in invoke: `--help` and `--version` write before any command is invoked.
        output = GuardedOutput(sys.stdout)
        sys.stdout = output  # Rich and click both write through sys.stdout
        try:
            return super().main(*args, **kwargs)
        except SystemExit as ending:
            status = ending.code if isinstance(ending.code, int) else int(ending.code is not None)
            raise SystemExit(_with_output(output, status)) from None
        finally:
            sys.stdout = output.stream

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KetaquizError as error:
            for line, detail in error.reports():
                click.echo(_("Error: {message}").format(message=line), err=True)
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's one-line help whole, wrapped to the width, never cut short with "..."."""
        commands = [(name, command) for name in self.list_commands(ctx) if (command := self.get_command(ctx, name))]
        rows = [(name, command.get_short_help_str(limit=1_000)) for name, command in commands if not command.hidden]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


class GuardedOutput:
    """Standard output that keeps the first failed write (no space left, an I/O error) and drops
    everything after it, so that a command still finishes its work — `play` still records the
    session — and then ends with that one failure. A closed pipe still stops the command."""

    def __init__(self, stream: IO[Any], failures: list[OSError] | None = None) -> None:
        self.stream = stream
        self.failures = [] if failures is None else failures  # shared with the binary buffer below

    @property
    def failure(self) -> OSError | None:
        return self.failures[0] if self.failures else None

    @property
    def buffer(self) -> GuardedOutput:
        # click writes bytes (an export) to the binary buffer under the text stream.
        return GuardedOutput(self.stream.buffer, self.failures)  # type: ignore[attr-defined]

    def write(self, data: Any) -> int:
        if not self.failures:
            self._guarded(self.stream.write, data)
        return len(data)

    def flush(self) -> None:
        if not self.failures:
            self._guarded(self.stream.flush)

    def _guarded(self, operation: Any, *arguments: Any) -> None:
        try:
            operation(*arguments)
        except BrokenPipeError:
            raise
        except OSError as error:
            self.failures.append(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _with_output(output: GuardedOutput, status: int) -> int:
    """The exit status once standard output is accounted for: a failed write is said, and is status 1."""
    if output.failure is None:
        return status
    from ketaquiz.files import os_reason

    reason = os_reason(output.failure)
    message = _("standard output cannot be written: {reason}; free some space, or send it elsewhere")
    click.echo(_("Error: {message}").format(message=message.format(reason=reason)), err=True)
    _silence_stdout()  # what is still buffered would fail again, with a traceback, as Python exits
    return status or ExitStatus.BAD_DATA


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (as under CliRunner): nothing to flush later


@click.group("ketaquiz", cls=KetaquizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "--version",
    prog_name="ketaquiz",
    message="%(prog)s %(version)s",
    help=N_("Show the version and exit."),
)
def cli() -> None:
    """Learn which claims about ketamine therapy are myths and which are facts.

    Every answer is explained with the passage quoted from the source article,
    and with what the wider evidence says where the article overstates.

    Start with:  ketaquiz play
    """


def main(prog_name: str = "ketaquiz") -> NoReturn:
    cli.main(prog_name=prog_name)
    raise SystemExit(0)  # click's standalone mode always exits; this satisfies the type checker
