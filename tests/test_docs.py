"""The README documents every command, and CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from ketaquiz.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def fenced_commands(section: str) -> list[str]:
    """The shell lines in the sh code block under a README heading."""
    match = re.search(rf"## {re.escape(section)}\n.*?```sh\n(.*?)```", README, re.DOTALL)
    assert match, f"README has no sh block under '## {section}'"
    return match.group(1).strip().splitlines()


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.get_short_help_str().strip(), f"{name} has no help"
    assert "Example:" in command.help, f"{name} help has no example"
    assert f"### `ketaquiz {name}`" in README, f"README has no section for ketaquiz {name}"


def test_every_option_is_documented_in_help() -> None:
    for name in COMMANDS:
        for param in cli.commands[name].params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts} has no help"


def test_the_readme_gives_one_install_and_run_command_and_one_test_command() -> None:
    assert fenced_commands("Install and play") == ["pip install . && ketaquiz play"]
    assert fenced_commands("Run the tests") == ["pip install -e '.[test,live]' && pytest"]


def test_ci_runs_the_readme_test_command() -> None:
    (test_command,) = fenced_commands("Run the tests")
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_the_readme_command_reference_is_generated_from_the_commands() -> None:
    from cogapp import Cog

    status = Cog().main(["cog", "--check", str(ROOT / "README.md")])
    assert status == 0, "the command help in README.md is stale: run `cog -r README.md`"
