"""The commands for reviewing and writing a bank: `list`, `show`, `validate`, `audit`, `schema` and `new`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from ketaquiz.cli.group import cli
from ketaquiz.cli.options import (
    FilePath,
    bank_option,
    check_tags,
    interface_lang_option,
    lang_option,
    load,
    refuse_to_replace,
    shown,
    tag_option,
)
from ketaquiz.i18n import N_, _

if TYPE_CHECKING:
    from ketaquiz.bank import Bank, Question

# What to do about a bank named on the command line that is not there.
NEW_BANK_HINT = N_("check the path, or start a bank with: ketaquiz new ARTICLE.txt -o BANK.yaml")


@cli.command(name="list")
@bank_option
@lang_option
@tag_option
@click.option("--hide-answers", is_flag=True, help=N_("Leave the verdicts out (to review with a class)."))
@click.option("--full", is_flag=True, help=N_("Every statement in full: verdict, explanation, passage and evidence."))
def list_(bank: str | None, lang: tuple[str, ...], tags: tuple[str, ...], hide_answers: bool, full: bool) -> None:
    """List every statement with its verdict and tags, for review.

    Example:  ketaquiz list --tag addiction
    """
    from ketaquiz.bank import tagged
    from ketaquiz.screens import review
    from ketaquiz.screens.console import make_console

    if full and hide_answers:
        raise click.UsageError(_("--full shows the verdicts; leave out --hide-answers or --full"))
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
    from ketaquiz.suggest import closest

    loaded = shown(load(bank), lang)
    by_id = {question.id: question for question in loaded.questions}
    for wanted in ids:
        if wanted not in by_id:
            meant = closest(wanted, by_id)
            message = (
                _("no statement has the id '{id}'; did you mean '{meant}'? `ketaquiz list` shows every id")
                if meant
                else _("no statement has the id '{id}'; `ketaquiz list` shows every id")
            )
            raise click.BadParameter(message.format(id=wanted, meant=meant))
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
@interface_lang_option
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
    from ketaquiz.suggest import closest

    named = [name.strip().lower() for value in values for name in value.split(",") if name.strip()]
    for name in named:
        if name not in CHECKS:
            meant = closest(name, CHECKS)
            message = (
                _("'{name}' is not a check; did you mean '{meant}'? checks: {checks}")
                if meant
                else _("'{name}' is not a check; checks: {checks}")
            )
            raise click.BadParameter(message.format(name=name, meant=meant, checks=",".join(CHECKS)))
    if values and not named:
        raise click.BadParameter(_("name at least one check: {checks}").format(checks=",".join(CHECKS)))
    return tuple(check for check in CHECKS if check in named) if named else CHECKS


@cli.command(short_help=N_("Check a bank for cues, hard words, stigma, giveaway pairs, weak passages, balance."))
@click.argument("path", required=False, envvar="KETAQUIZ_BANK")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
    help=N_("text: tables on a terminal, plain lines in a pipe; json: the same findings for tools."),
)
@click.option("--strict", is_flag=True, help=N_("Exit with status 1 when anything is found (to gate CI on it)."))
@click.option(
    "--only",
    "checks",
    metavar="CHECKS",
    multiple=True,
    callback=_checks,
    help=N_("Only these checks, comma-separated: cues,language,stigma,pairs,passages,balance."),
)
@interface_lang_option
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
@click.argument("article", type=FilePath())
@click.option(
    "-o",
    "--output",
    metavar="BANK",
    type=FilePath(),
    help=N_("The bank to write. Default: ARTICLE's name with .yaml."),
)
@click.option("--force", is_flag=True, help=N_("Replace BANK if it exists."))
@interface_lang_option
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
    click.echo(_("Wrote {bank}: the article as its source, and an example question to start from.").format(bank=output))
    click.echo(_("Next: write your questions in it, then run  ketaquiz validate {bank}").format(bank=output))
    click.echo(
        _("Once it is valid, see how a test-wise learner would fare:  ketaquiz audit {bank}").format(bank=output)
    )
    click.echo(_("For completion and checks in your editor:  ketaquiz schema > {schema}").format(schema=schema_path))
