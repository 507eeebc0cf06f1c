"""What several commands share: their options, loading the bank they name, and checking what
was asked of it before any work starts."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ketaquiz.i18n import N_, _, either

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
        help=N_("Question bank to use (YAML). Default: the bundled bank."),
    )(command)


def tag_option(command: F) -> F:
    return click.option(
        "--tag",
        "tags",
        metavar="TAG",
        multiple=True,
        help=N_("Only statements with this tag; repeat for several (any of them)."),
    )(command)


def selection_options(command: F) -> F:
    """The options that choose which statements a session asks, and in what order."""
    options = [
        bank_option,
        click.option("-n", "--count", type=click.IntRange(min=1), metavar="N", help=N_("At most N statements.")),
        click.option(
            "--seed",
            type=int,
            metavar="N",
            help=N_("Shuffle the same way every time (e.g. one quiz for a whole class)."),
        ),
        tag_option,
        click.option("--in-order", is_flag=True, help=N_("Keep the bank's order instead of shuffling.")),
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
        help=N_(
            "Linear text for screen readers and braille: no boxes, colour or cursor moves (automatic if TERM=dumb)."
        ),
    )(command)


def wants_plain(plain: bool) -> bool:
    return plain or os.environ.get("TERM") == "dumb"


def load(path: str | None, *, if_missing: str | None = None) -> Bank:
    from ketaquiz.bank import MISSING_BANK_HINT, load_bank

    return load_bank(path, if_missing=if_missing or MISSING_BANK_HINT)


def is_named(parameter: str) -> bool:
    """Whether the command line itself gave this option (not an environment variable, not a default)."""
    return click.get_current_context().get_parameter_source(parameter) is click.core.ParameterSource.COMMANDLINE


def lang_option(command: F) -> F:
    return click.option(
        "--lang",
        "lang",
        metavar="LANGS",
        envvar="KETAQUIZ_LANG",
        show_envvar=True,
        callback=_language_codes,
        help=N_(
            "The language to show the bank in, like fr, and ketaquiz's own words in; or several in order of "
            "preference, comma-separated (en,fr), which an export shows side by side and present's projector "
            "stacks. Default: the bank's first, and your locale's for ketaquiz's words."
        ),
    )(command)


def output_options(command: F) -> F:
    """-o FILE and --force, for a command that writes to standard output unless told a file."""
    command = click.option("--force", is_flag=True, help=N_("Replace FILE if it exists."))(command)
    return click.option(
        "-o", "--output", metavar="FILE", type=FilePath(), help=N_("Write to FILE instead of standard output.")
    )(command)


def interface_lang_option(command: F) -> F:
    """--lang on a command that shows no bank's texts: the language of ketaquiz's own words alone."""
    return click.option(
        "--lang",
        metavar="LANG",
        envvar="KETAQUIZ_LANG",
        show_envvar=True,
        expose_value=False,
        callback=_language_codes,
        help=N_("The language of ketaquiz's own words, like fr. Default: your locale's."),
    )(command)


class FilePath(click.Path):
    """A file's path (click.Path without folders), whose kind ("File 'x' is a directory.") is worded in
    the interface's language: click words it once, as the options are built, before that is known."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False)

    @property
    def name(self) -> str:
        return _("file")

    @name.setter
    def name(self, value: str) -> None:
        pass  # click's own wording, on import


def _language_codes(context: click.Context, parameter: click.Parameter, value: str | None) -> tuple[str, ...]:
    """The codes --lang names, in its order, each once (FR and fr_CA read as fr and fr-ca)."""
    from ketaquiz.languages import CODE_RULE, code_form

    if value is None:
        return ()
    codes: list[str] = []
    for part in (part.strip() for part in value.split(",")):
        code = code_form(part) if part else None
        if code is None:
            message = _("'{code}' is not a language code; write {rule}, or several separated by commas (en,fr)")
            raise click.BadParameter(message.format(code=part, rule=_(CODE_RULE)))
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def languages(
    bank: Bank, asked: tuple[str, ...], *, every: bool = False, only_one: str | None = None
) -> tuple[str, ...]:
    """The bank's languages that --lang asks for, in its order (fr-ca finds fr, and fr finds fr-ca); when
    it asks for none, the bank's first, or with `every` all of them.

    Named on the command line, a language the bank does not have is a usage error, and so are several
    where `only_one` says why a format takes one; KETAQUIZ_LANG is a preference, so the bank's first
    language stands in for what it names that the bank does not have, and the first it has for several.
    """
    from ketaquiz.languages import base

    if not asked:
        return bank.languages if every else bank.languages[:1]
    preferred = click.get_current_context().get_parameter_source("lang") is click.core.ParameterSource.ENVIRONMENT
    found = [
        next((have for have in bank.languages if have == code), None)
        or next((have for have in bank.languages if base(have) == base(code)), None)
        for code in asked
    ]
    missing = [code for code, have in zip(asked, found, strict=True) if have is None]
    if missing and not preferred:
        if not bank.languages:
            raise click.BadParameter(
                _(
                    "this bank does not name its language (it has no 'languages:'), so it is shown as it is "
                    "written; leave out --lang"
                ),
                param_hint="'--lang'",
            )
        raise click.BadParameter(
            _("this bank is not in {missing}; its languages: {languages}").format(
                missing=", ".join(missing), languages=", ".join(bank.languages)
            ),
            param_hint="'--lang'",
        )
    chosen = tuple(dict.fromkeys(have for have in found if have is not None))
    if only_one is not None and len(chosen) > 1:
        if not preferred:
            raise click.UsageError(_(only_one))
        chosen = chosen[:1]
    return chosen or bank.languages[:1]


def shown(bank: Bank, asked: tuple[str, ...]) -> Bank:
    """The bank in the one language a screen shows: the first that --lang asks for."""
    from ketaquiz.languages import shown_in

    chosen = languages(bank, asked)
    return shown_in(bank, chosen[0] if chosen else None)


def check_tags(bank: Bank, tags: tuple[str, ...]) -> None:
    from ketaquiz.bank import unknown_tags

    unknown = unknown_tags(bank.questions, tags)
    if unknown:
        from ketaquiz.suggest import closest

        known = bank.tags()
        close = [match for tag in unknown if (match := closest(tag.lower(), known))]
        message = (
            _("no statement is tagged {unknown}; did you mean {meant}? tags in this bank: {tags}")
            if close
            else _("no statement is tagged {unknown}; tags in this bank: {tags}")
        )
        meant = either([repr(tag) for tag in close])
        in_bank = ", ".join(known) or _("none")
        raise click.BadParameter(
            message.format(unknown=", ".join(unknown), meant=meant, tags=in_bank), param_hint="'--tag'"
        )


def selection(bank: Bank, *, tags: tuple[str, ...], count: int | None, seed: int | None, in_order: bool) -> Selection:
    """The statements asked for, once their tags are known to be in the bank."""
    from ketaquiz.quiz import Selection

    check_tags(bank, tags)
    return Selection(tags=tags, count=count, seed=seed, in_order=in_order)


def refuse_to_replace(output: str, *, force: bool) -> None:
    if not force and os.path.exists(output):
        message = _("{path} exists; add --force to replace it").format(path=output)
        raise click.BadParameter(message, param_hint="'-o' / '--output'")


def warn(message: str) -> None:
    click.echo(_("Warning: {message}").format(message=message), err=True)
