"""The commands for reviewing and writing a bank: `list`, `show`, `validate`, `audit`, `schema` and `new`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from ketaquiz.cli.group import cli
from ketaquiz.cli.options import bank_option, check_tags, lang_option, load, refuse_to_replace, shown, tag_option

if TYPE_CHECKING:
    from ketaquiz.bank import Bank, Question

# What to do about a bank named on the command line that is not there.
NEW_BANK_HINT = "check the path, or start a bank with: ketaquiz new ARTICLE.txt -o BANK.yaml"


@cli.command(name="list")
@bank_option
@lang_option
@tag_option
@click.option("--hide-answers", is_flag=True, help="Leave the verdicts out (to review with a class).")
@click.option("--full", is_flag=True, help="Every statement in full: verdict, explanation, passage and evidence.")
def list_(bank: str | None, lang: tuple[str, ...], tags: tuple[str, ...], hide_answers: bool, full: bool) -> None:
    """List every statement with its verdict and tags, for review.

    Example:  ketaquiz list --tag addiction
    """
    from ketaquiz.bank import tagged
    from ketaquiz.screens import review
    from ketaquiz.screens.console import make_console

    if full and hide_answers:
        raise click.UsageError("--full shows the verdicts; leave out --hide-answers or --full")
    loaded = shown(load(bank), lang)
    check_tags(loaded, tags)
    questions = tagged(loaded.questions, tags)
    if full:
        page_details(loaded, questions)
        return
    review.listing(make_console(), loaded, questions, hide_answers=hide_answers)


@cli.command()
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@bank_option
@lang_option
def show(ids: tuple[str, ...], bank: str | None, lang: tuple[str, ...]) -> None:
    """Show statements in full: verdict, explanation, passage and evidence.

    Example:  ketaquiz show horse-tranquilliser
    """
    from ketaquiz.suggest import did_you_mean

    loaded = shown(load(bank), lang)
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

    review.validation_summary(make_console(), load(path, if_missing=NEW_BANK_HINT))


def _checks(context: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """The checks named by --only (comma-separated, or the option repeated), in the audit's order."""
    from ketaquiz.audit import CHECKS
    from ketaquiz.suggest import did_you_mean

    named = [name.strip().lower() for value in values for name in value.split(",") if name.strip()]
    for name in named:
        if name not in CHECKS:
            raise click.BadParameter(f"'{name}' is not a check; {did_you_mean(name, CHECKS)}checks: {','.join(CHECKS)}")
    if values and not named:
        raise click.BadParameter(f"name at least one check: {','.join(CHECKS)}")
    return tuple(check for check in CHECKS if check in named) if named else CHECKS


@cli.command(short_help="Check a bank for cues, hard words, stigma, giveaway pairs, weak passages, balance.")
@click.argument("path", required=False, envvar="KETAQUIZ_BANK")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
    help="text: tables on a terminal, plain lines in a pipe; json: the same findings for tools.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is found (to gate CI on it).")
@click.option(
    "--only",
    "checks",
    metavar="CHECKS",
    multiple=True,
    callback=_checks,
    help="Only these checks, comma-separated: cues,language,stigma,pairs,passages,balance.",
)
def audit(path: str | None, format_name: str, strict: bool, checks: tuple[str, ...]) -> None:
    """Check a valid bank the way a test-wise learner and a careful editor would read it: cues that
    give answers away, reading grade, stigmatising words, giveaway pairs, weak passages and balance.

    Without PATH, checks the bundled bank (or $KETAQUIZ_BANK).

    Example:  ketaquiz audit my-bank.yaml --strict
    """
    from ketaquiz import audit as auditing
    from ketaquiz.errors import ExitStatus

    auditing.require(checks)
    loaded = load(path, if_missing=NEW_BANK_HINT)
    strategies, findings = auditing.run(loaded, checks)
    notes = auditing.notes(loaded, checks)
    if format_name == "json":
        import json

        document = auditing.as_json(loaded, checks, strategies, findings, notes=notes)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from ketaquiz.screens.audit import report
        from ketaquiz.screens.console import make_console

        report(make_console(), loaded, strategies, findings, notes=notes)
    if strict and findings:
        raise click.exceptions.Exit(ExitStatus.BAD_DATA)


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
    click.echo(f"Once it is valid, see how a test-wise learner would fare:  ketaquiz audit {output}")
    click.echo(f"For completion and checks in your editor:  ketaquiz schema > {schema_path}")
