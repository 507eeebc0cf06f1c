"""Every documented example runs: each `ketaquiz …` command in the README and in the help texts,
against the bundled bank, ends with status 0."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketaquiz.cli import cli
from tests.helpers import in_terminal, read_until

ROOT = Path(__file__).resolve().parent.parent
# What cog generates (the command reference repeats the help texts, which are read from the
# commands themselves; an audit's output is not a command) is left out, with its generator.
README = re.sub(
    r"<!-- \[\[\[cog.*?\[\[\[end\]\]\] -->", "", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL
)


def readme_examples() -> list[str]:
    """The `ketaquiz` commands of the README's shell blocks and inline code, without their comments."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            if "ketaquiz " in line:
                start = line.find("printf '") if "| ketaquiz " in line else line.find("ketaquiz ")
                found.append(re.sub(r"\s+#\s.*", "", line[start:]).strip())
    # Inline, a command's bare name (`ketaquiz export`) names it; with arguments, it is an example.
    found += [
        span
        for span in re.findall(r"`(ketaquiz [^`]*)`", README)
        if span.split()[1:] not in [[n] for n in cli.commands]
    ]
    # A placeholder in capitals (`ketaquiz COMMAND --help`) is a pattern, not an example.
    return list(dict.fromkeys(example for example in found if not re.search(r"\b[A-Z]{3,}\b", example)))


def help_examples() -> list[str]:
    helps = [cli.help or "", *(command.help or "" for command in cli.commands.values())]
    return [match for text in helps for match in re.findall(r"(?:Example|Start with):\s+(ketaquiz .*)", text)]


def pipe_input(example: str) -> tuple[str, str]:
    """The command after `printf '…' |`, and what the printf writes."""
    match = re.fullmatch(r"printf '(.*?)' \| (ketaquiz .*)", example)
    return (match.group(2), match.group(1).replace("\\n", "\n")) if match else (example, "")


EXAMPLES = sorted(set(readme_examples()) | set(help_examples()))


def test_the_examples_are_found() -> None:
    assert "ketaquiz play -n 10 --seed 7" in EXAMPLES
    assert "ketaquiz show horse-tranquilliser no-addiction-under-supervision" in EXAMPLES
    assert "ketaquiz export --format gift -o ketamine.gift" in EXAMPLES
    assert len(EXAMPLES) > 30


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> Path:
    """A folder holding the files the examples name: an article, a bank of one's own, a JSON export."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "tests" / "data" / "article.txt", "article.txt")
    shutil.copy(ROOT / "questions.yaml", "my-bank.yaml")
    assert runner.invoke(cli, ["export", "-o", "ketamine.json"]).exit_code == 0
    os.rename("ketamine.json", "bundled.json")
    # A workshop's save file, with a recap, for the report and the follow-up, and two more of a series.
    workshop = ["present", "-n", "3", "--tally", "--recap", "--save", "workshop.json"]
    assert runner.invoke(cli, workshop, input="2 8\n\n5 5\n\n7 3\n\n1 9\n4 6\n6 4\n").exit_code == 0
    for name in ("march.json", "april.json"):
        shutil.copy("workshop.json", name)
    return tmp_path


@pytest.mark.parametrize("example", [example for example in EXAMPLES if "history --clear" not in example], ids=str)
def test_every_documented_example_runs(example: str, workspace: Path, runner: CliRunner) -> None:
    command, stdin = pipe_input(example)
    args = shlex.split(command)[1:]
    if ">" in args:  # a shell redirect: the output goes to that file
        args, target = args[: args.index(">")], args[args.index(">") + 1]
    else:
        target = None
    if "new" in args:
        os.remove("my-bank.yaml")  # `new` refuses to replace the bank it writes
    if "--bank" in args and args[args.index("--bank") + 1] == "ketamine.json":
        os.rename("bundled.json", "ketamine.json")
    if "--live" in args:
        pytest.importorskip("aiohttp", reason="--live needs the live extra")
        args = _loopback(args)
    # Answers for a quiz, and Enter for a workshop's every screen: piped, neither waits for a terminal.
    result = runner.invoke(cli, args, input=stdin or "m\n" * 40)
    assert result.exit_code == 0, f"{example}\n{result.output}"
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")


def _loopback(args: list[str]) -> list[str]:
    """A test listens on this computer only, on any free port, whatever the example says."""
    for option, value in (("--host", "127.0.0.1"), ("--port", "0")):
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    return args


def test_the_history_clearing_example_asks_first_on_a_terminal(workspace: Path) -> None:
    (example,) = {example for example in EXAMPLES if "history --clear" in example}
    with in_terminal(shlex.split(example)[1:]) as (process, terminal, seen):
        read_until(terminal, b"Delete your whole ketaquiz history", seen)
        os.write(terminal, b"n\n")
        read_until(terminal, b"Nothing was deleted.", seen)
        assert process.wait(timeout=10) == 0


@pytest.mark.parametrize("columns", [40, 60, 80, 100])
def test_the_command_list_never_cuts_a_description_short(columns: int) -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=columns)
    commands = result.output.split("Commands:\n")[1]
    assert "..." not in commands and "…" not in commands
    for name, command in cli.commands.items():
        short = command.get_short_help_str(limit=1_000)
        assert " ".join(commands.split()).count(f"{name} {short}") == 1, name


def test_every_command_has_an_example_that_is_run() -> None:
    for name in cli.commands:
        assert any(example.startswith(f"ketaquiz {name}") for example in help_examples()), name


def test_without_the_live_extra_the_install_named_first_is_the_readmes_from_a_clone() -> None:
    from ketaquiz import live

    assert live.INSTALL_HINT.index("pip install '.[live]'") < live.INSTALL_HINT.index("'ketaquiz[live]'")
