"""The `ketaquiz` command group, and how every command ends: a user's error as its lines and
exit status, Ctrl-C as 130, a closed pipe as success, a standard output that cannot be written
as one line and status 1."""

from __future__ import annotations

import os
import sys
from typing import IO, Any, NoReturn

import click

from ketaquiz import __version__
from ketaquiz.errors import ExitStatus, KetaquizError


class KetaquizGroup(click.Group):
    """Ends every command the same way: a user's error as its lines and status, Ctrl-C, a closed
    pipe, a standard output that cannot be written (a full disk, /dev/full)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's one-line help whole, wrapped to the width, never cut short with "..."."""
        commands = [(name, command) for name in self.list_commands(ctx) if (command := self.get_command(ctx, name))]
        rows = [(name, command.get_short_help_str(limit=1_000)) for name, command in commands if not command.hidden]
        if rows:
            with formatter.section("Commands"):
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
    click.echo(f"Error: standard output cannot be written: {reason}; free some space, or send it elsewhere", err=True)
    _silence_stdout()  # what is still buffered would fail again, with a traceback, as Python exits
    return status or ExitStatus.BAD_DATA


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (as under CliRunner): nothing to flush later


@click.group("ketaquiz", cls=KetaquizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ketaquiz", message="%(prog)s %(version)s")
def cli() -> None:
    """Learn which claims about ketamine therapy are myths and which are facts.

    Every answer is explained with the passage quoted from the source article,
    and with what the wider evidence says where the article overstates.

    Start with:  ketaquiz play
    """


def main(prog_name: str = "ketaquiz") -> NoReturn:
    cli.main(prog_name=prog_name)
    raise SystemExit(0)  # click's standalone mode always exits; this satisfies the type checker
