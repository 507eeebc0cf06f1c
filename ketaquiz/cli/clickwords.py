"""click's own words that ketaquiz's users meet: the help's headings, its usage errors, the
messages of the option types ketaquiz uses. Never imported: it is here so that `pybabel extract`
puts them in ketaquiz's catalog, from which click's `gettext` calls take them. Each is written
exactly as the installed click writes it (a test checks), so a new click that rewords one shows
up here before a user meets it in English.
"""

from __future__ import annotations

from ketaquiz.i18n import N_


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message click counts with ngettext, singular and plural."""
    return singular, plural


# The help: its headings, the help and version options, what click adds after an option's help.
HELP = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("required"),
)

# Usage errors: how they start, the hint under them, and the messages of the parser and the types.
ERRORS = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Aborted!"),
    N_("Error: invalid input"),
    # A path's kind, in "File 'notes' is a directory."
    N_("file"),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
)

PLURALS = (
    Nn_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    Nn_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    Nn_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    Nn_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
)
