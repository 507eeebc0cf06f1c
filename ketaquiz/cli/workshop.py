"""The educator's workshop commands: `present` to a room, and `export` to other tools."""

from __future__ import annotations

import functools

import click

from ketaquiz.cli.group import cli
from ketaquiz.cli.options import (
    FilePath,
    bank_option,
    interface_lang_option,
    is_named,
    lang_option,
    languages,
    load,
    output_options,
    refuse_to_replace,
    selection,
    selection_options,
    shown,
    warn,
)
from ketaquiz.i18n import N_, _, ngettext


class RecapCount(click.ParamType[int]):
    """--recap alone (every statement), or --recap N (the N the room got most wrong)."""

    name = "N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ketaquiz.present.loop import EVERY_STATEMENT

        if isinstance(value, int):
            return value
        if value == "all":
            return EVERY_STATEMENT
        text = str(value)
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            self.fail(_("{value!r} is not a number of statements (1 or more)").format(value=text), param, ctx)
        return int(text)


@cli.command(short_help=N_("Present the quiz to a room, revealing each verdict on Enter."))
@selection_options
@lang_option
@click.option(
    "--timer",
    type=click.FloatRange(min=0, max=3600, min_open=True),
    metavar="SECONDS",
    help=N_("A discussion countdown before each reveal (Enter skips it)."),
)
@click.option("--tally", is_flag=True, help=N_("Type the room's votes (myths, then facts) before each reveal."))
@click.option(
    "--save",
    "save_path",
    metavar="FILE",
    type=FilePath(),
    help=N_("Save the results as JSON after every reveal; an existing save file gets this session added."),
)
@click.option(
    "--recap",
    type=RecapCount(),
    is_flag=False,
    flag_value="all",
    metavar="[N]",
    help=N_(
        "After the last reveal, ask again (no reveals) every statement, or the N the room got most wrong; "
        "then show before and after."
    ),
)
@click.option(
    "--recap-only",
    "recap_only",
    metavar="SAVE",
    type=FilePath(),
    help=N_("A follow-up: ask again the statements of the workshop in SAVE that started last, and add it to SAVE."),
)
@click.option("--live", is_flag=True, help=N_("The room votes on their phones, on a page served from this computer."))
@click.option("--confidence", is_flag=True, help=N_("With --live: each phone says how sure it is (sure or not sure)."))
@click.option(
    "--host",
    metavar="ADDR",
    help=N_("With --live: the address to listen on (127.0.0.1 keeps it to this computer). Default: every network."),
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help=N_("With --live: the port to listen on (0 picks a free one). Default: 8765."),
)
@click.option(
    "--lock-after",
    type=click.IntRange(min=1),
    metavar="N",
    help=N_("With --live: no new phone joins once statement N is done; those in keep voting."),
)
@click.option(
    "--phones-per-address",
    type=click.IntRange(1, 5000),
    metavar="N",
    envvar="KETAQUIZ_PHONES_PER_ADDRESS",
    show_envvar=True,
    help=N_("With --live: how many phones may share one network address (guest Wi-Fi, a hotspot). Default: 250."),
)
@click.pass_context
def present(
    context: click.Context,
    bank: str | None,
    count: int | None,
    seed: int | None,
    tags: tuple[str, ...],
    in_order: bool,
    lang: tuple[str, ...],
    timer: float | None,
    tally: bool,
    save_path: str | None,
    recap: int | None,
    recap_only: str | None,
    live: bool,
    confidence: bool,
    host: str | None,
    port: int | None,
    lock_after: int | None,
    phones_per_address: int | None,
) -> None:
    """Present the quiz to a room: one statement at a time, revealed on Enter.

    Example:  ketaquiz present -n 10 --timer 60 --tally --save workshop.json
    """
    from contextlib import nullcontext

    from ketaquiz import live as live_voting
    from ketaquiz.present.loop import Settings, stack_for
    from ketaquiz.present.loop import present as run_present
    from ketaquiz.screens.console import make_console, warning

    typed = context.get_parameter_source("phones_per_address") is click.core.ParameterSource.COMMANDLINE
    if not live and (host is not None or port is not None or lock_after is not None or typed or confidence):
        raise click.UsageError(_("--host, --port, --lock-after, --phones-per-address and --confidence go with --live"))
    check_recap(context, recap=recap, recap_only=recap_only, save_path=save_path, counted=tally or live)
    whole = load(bank)
    loaded = shown(whole, lang)
    chosen = selection(loaded, tags=tags, count=count, seed=seed, in_order=in_order)
    console = make_console()
    phones = (
        live_voting.room_for(
            whole,
            host=host,
            port=port,
            lock_after=lock_after,
            phones_per_address=phones_per_address,
            confidence=confidence,
            first=loaded.languages[0] if loaded.languages else None,
        )
        if live
        else nullcontext()
    )
    # --lang en,fr: the projector shows each statement, verdict and explanation in both, stacked.
    stacked = languages(whole, lang) if is_named("lang") else ()
    stack = stack_for(whole, stacked) if len(stacked) > 1 else None
    settings = Settings(tallying=tally, timer=timer, confidence=confidence, recap=recap, stack=stack)
    warn = functools.partial(warning, console)
    with phones as room:
        if recap_only is not None:
            from ketaquiz.present.followup import follow_up

            status = follow_up(console, loaded, recap_only, settings=settings, room=room, warn=warn)
        else:
            status = run_present(console, loaded, chosen, settings=settings, save_path=save_path, room=room, warn=warn)
    raise click.exceptions.Exit(status)


def check_recap(
    context: click.Context, *, recap: int | None, recap_only: str | None, save_path: str | None, counted: bool
) -> None:
    """A recap counts the room's votes a second time, so it needs votes; a follow-up asks the
    statements of its save file's last workshop, and saves to that file."""
    if (recap is not None or recap_only is not None) and not counted:
        raise click.UsageError(_("--recap and --recap-only count the room's votes: add --tally or --live"))
    if recap_only is None:
        return
    if save_path is not None:
        raise click.UsageError(_("--recap-only saves to the file it reads: leave out --save"))
    chosen = [name for name in ("count", "seed", "tags", "in_order") if context.params[name]]
    if chosen:
        raise click.UsageError(
            _(
                "--recap-only asks the statements of the save file's last workshop: "
                "leave out -n, --seed, --tag and --in-order"
            )
        )


@cli.command(short_help=N_("Export to Moodle (GIFT), Canvas & co. (QTI), CSV, handouts or JSON."))
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["gift", "qti", "csv", "markdown", "html", "json"], case_sensitive=False),
    help=N_("Output format. Default: from the -o file's extension."),
)
@selection_options
@lang_option
@output_options
@click.option(
    "--key",
    type=click.Choice(["full", "short"]),
    default="full",
    show_default=True,
    help=N_("A handout's answer key: each verdict explained in full, or with its reason in one line."),
)
def export(
    format_name: str | None,
    bank: str | None,
    count: int | None,
    seed: int | None,
    tags: tuple[str, ...],
    in_order: bool,
    lang: tuple[str, ...],
    output: str | None,
    force: bool,
    key: str,
) -> None:
    """Export the statements for an LMS (GIFT, QTI), spreadsheets (CSV), handouts (HTML, Markdown) or JSON.

    Without --seed, in the bank's order; -n, --seed and --tag choose as in play and present, so a
    handout can hold exactly the statements a workshop presents. A bank in several languages gives
    GIFT, CSV and JSON in all of them, and the rest in its first, unless --lang says otherwise
    (--lang en,fr: a handout side by side).

    Example:  ketaquiz export --format html -n 10 --seed 7 -o handout.html
    """
    from ketaquiz.export import BINARY, EVERY_LANGUAGE, FORMATS, HANDOUTS, ONE_LANGUAGE, WHOLE_BANK, format_of
    from ketaquiz.files import write_atomically
    from ketaquiz.quiz import choose

    asked = format_name
    format_name = format_of(format_name, output)
    if format_name is None:
        raise click.UsageError(_("choose a format with --format {formats}").format(formats="|".join(FORMATS)))
    if output is None and format_name in BINARY:
        raise click.UsageError(
            _("{format} is a zip package: write it to a file with -o FILE.zip").format(format=format_name)
        )
    if key != "full" and format_name not in HANDOUTS:
        raise click.UsageError(
            _("--key is for a handout's answer key (html or markdown), not {format}").format(format=format_name)
        )
    if output is not None:
        refuse_to_replace(output, force=force)
    loaded = load(bank)
    chosen = selection(loaded, tags=tags, count=count, seed=seed, in_order=in_order or seed is None)
    questions = choose(loaded.questions, chosen.rng(), chosen)
    if format_name in WHOLE_BANK and lang and is_named("lang"):
        warn(
            _("{format} holds every language of the bank, as the bank itself does; --lang is left aside").format(
                format=format_name
            )
        )
    in_languages = languages(loaded, lang, every=format_name in EVERY_LANGUAGE, only_one=ONE_LANGUAGE.get(format_name))
    options: dict[str, object] = {"languages": in_languages}
    if key == "short":
        options["short_key"] = True
    data = FORMATS[format_name](loaded, questions, **options)
    if output is None:
        click.echo(data, nl=False)  # bytes: UTF-8 whatever the terminal's locale
        return
    _check_extension(asked, format_name, output)
    write_atomically(output, data)
    from ketaquiz.wording import statements

    click.echo(_("{statements} → {path}").format(statements=statements(len(questions)), path=output))


def _check_extension(asked: str | None, format_name: str, output: str) -> None:
    """Warn where the format asked for is not the one the file's extension names."""
    from ketaquiz.export import format_of

    named = format_of(None, output)
    if asked is not None and named is not None and named != format_name:
        warn(
            _("writing {format} to {path}, whose extension says {named}").format(
                format=format_name, path=output, named=named
            )
        )


@cli.command(short_help=N_("Report what a workshop changed, before and after, from its save files: HTML, CSV or JSON."))
@click.argument("save_files", metavar="SAVE.json...", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["html", "csv", "json"], case_sensitive=False),
    help=N_("Output format. Default: from the -o file's extension."),
)
@output_options
@bank_option
@interface_lang_option
def report(
    save_files: tuple[str, ...], format_name: str | None, output: str | None, force: bool, bank: str | None
) -> None:
    """Report what workshops changed: each statement before and after, per workshop and combined.

    Reads the files that present --save wrote (and the journals of workshops stopped before their
    end beside them). HTML is one page with charts, to print or send; CSV has a row per statement
    per workshop. --bank names the bank of files so old they kept only the statements' ids.

    Example:  ketaquiz report workshop.json -o report.html
    """
    from datetime import date

    from ketaquiz import report as reporting
    from ketaquiz.export import format_of
    from ketaquiz.files import write_atomically
    from ketaquiz.wording import statements

    asked = format_name
    format_name = (format_name or format_of(None, output) or "").lower() or None
    if format_name not in reporting.FORMATS:
        raise click.UsageError(
            _("choose a format with --format {formats}, or -o FILE.html").format(formats="|".join(reporting.FORMATS))
        )
    if output is not None:
        refuse_to_replace(output, force=force)
    built = reporting.build(save_files, lambda: load(bank))
    data = reporting.render(built, format_name, files=save_files, made=date.today().isoformat())
    if output is None:
        click.echo(data.encode("utf-8"), nl=False)
        return
    _check_extension(asked, format_name, output)
    write_atomically(output, data.encode("utf-8"))
    workshops = len(built.workshops)
    counted = ngettext("{count} workshop, {statements}", "{count} workshops, {statements}", workshops).format(
        count=workshops, statements=statements(len(built.combined.statements))
    )
    click.echo(_("{statements} → {path}").format(statements=counted, path=output))
