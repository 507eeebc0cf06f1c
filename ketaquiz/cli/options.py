"""What several commands share: their options, loading the bank they name, and checking what
was asked of it before any work starts."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ketaquiz.bank import Bank
    from ketaquiz.quiz import Selection


F = TypeVar("F", bound=Callable[..., Any])


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


def refuse_to_replace(output: str, *, force: bool) -> None:
    if not force and os.path.exists(output):
        raise click.BadParameter(f"{output} exists; add --force to replace it", param_hint="'-o' / '--output'")


def warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)
