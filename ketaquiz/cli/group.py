"""The `ketaquiz` command group, and how every command ends: a user's error as its lines and
exit status, Ctrl-C as 130, a closed pipe as success."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from ketaquiz import __version__
from ketaquiz.errors import ExitStatus, KetaquizError


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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's one-line help whole, wrapped to the width, never cut short with "..."."""
        commands = [(name, command) for name in self.list_commands(ctx) if (command := self.get_command(ctx, name))]
        rows = [(name, command.get_short_help_str(limit=1_000)) for name, command in commands if not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


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
