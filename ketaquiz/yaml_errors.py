"""YAML's mistakes in plain words: a syntax error with its line quoted, a caret under the
column, and what to do — a tab, a quote never closed, a forgotten dash, an indentation slip."""

from __future__ import annotations

import re

import yaml

from ketaquiz.i18n import N_, _, ngettext
from ketaquiz.model import Problem

FIX_FIRST = N_("Fix this first: YAML stops reading at a syntax error, so other problems may follow.")


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error in plain words, with the line quoted and a caret under the column."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Problem(invalid((error.problem or "").strip()))
    lines = text.split("\n")
    line_number, column = mark.line, mark.column
    # The mistake may sit on another line than the one the parser stopped at.
    found = _tab(error, lines, line_number, column) or _runaway_quote(text, lines, mark)
    if found is None:
        advice = _advice(error, lines, line_number, column)
        found = advice if isinstance(advice, tuple) else (line_number, column, advice)
    line_number, column, advice = found
    line = lines[line_number] if line_number < len(lines) else ""
    shown_line, caret = _window(line.rstrip(), column)
    detail = (f"{line_number + 1:>5} | {shown_line}", f"{'':>5} | {' ' * caret}^", _(FIX_FIRST))
    message = _("invalid YAML at column {column}: {advice}").format(column=column + 1, advice=advice)
    return Problem(message, line_number + 1, detail=detail)


TOO_DEEP = N_("nested too deeply to be a bank")


def invalid(said: str) -> str:
    """What PyYAML said of an error ketaquiz has no words of its own for, in its words."""
    return _("invalid YAML: {error}").format(error=said)


# Characters of a quoted line shown around the column: a bank that is one long line must not
# print all of it under its error.
QUOTED_WIDTH = 120


def _window(line: str, column: int, width: int = QUOTED_WIDTH) -> tuple[str, int]:
    """The part of `line` around `column` that fits `width`, marked "…" where cut, and where the caret goes."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    end = start + width
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return shown, column - start + (1 if start else 0)


_TAB_ADVICE = N_("a tab is used for indentation; YAML needs spaces — replace it with spaces")


def _tab(error: yaml.MarkedYAMLError, lines: list[str], number: int, column: int) -> tuple[int, int, str] | None:
    """Any error a tab causes, however the parser words it, gets the same advice."""
    line = lines[number] if number < len(lines) else ""
    indent = re.match(r"[ \t]*", line)
    if indent and "\t" in indent.group():
        return number, line.index("\t"), _(_TAB_ADVICE)
    if line[column : column + 1] == "\t" or "tab character" in (error.problem or ""):
        return number, column, _(_TAB_ADVICE)
    return None


# A line that starts with a key (`name:`), after its indentation and any '- '.
_KEY_LINE = re.compile(r"\s*(?:- )?[A-Za-z_][\w-]*:(?:\s|$)")


def _runaway_quote(text: str, lines: list[str], stop: yaml.Mark) -> tuple[int, int, str] | None:
    """A quoted text that ran on over lines holding keys to where the parser stopped: its closing quote is missing.

    The parser only stops where the quote finally closes (at the next quote mark in the file), so
    the quoted text is found again by scanning up to there.
    """
    quoted = None
    scanner = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.index >= stop.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                quoted = token
    except yaml.YAMLError:
        pass  # the scanner may fail past the parser's error; the tokens before it are what matters
    finally:
        scanner.dispose()
    if quoted is None or quoted.end_mark.line != stop.line:
        return None
    opened = quoted.start_mark
    if not any(_KEY_LINE.match(line) for line in lines[opened.line + 1 : stop.line + 1]):
        return None
    return opened.line, opened.column, _never_closed(opened, lines)


def _never_closed(opened: yaml.Mark, lines: list[str]) -> str:
    mark = lines[opened.line][opened.column]
    return _("the quote opened on line {line} is never closed; end the text with {mark}").format(
        line=opened.line + 1, mark=mark
    )


def _advice(error: yaml.MarkedYAMLError, lines: list[str], number: int, column: int) -> str | tuple[int, int, str]:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    line = lines[number] if number < len(lines) else ""
    key = re.match(r"\s*(?:- )?([A-Za-z_]+):", line)
    if "that cannot start any token" in problem:
        return _("a text cannot start with '{character}' in YAML; put the whole text in quotes").format(
            character=line[column : column + 1]
        )
    if problem == "exceeded maximum nesting depth":
        return _(TOO_DEEP)
    if problem.startswith("mapping values are not allowed"):
        if key and column > key.end():
            return _(
                "the text after '{key}:' contains ': ', which YAML reads as another key; "
                'put the whole text in quotes ({key}: "...")'
            ).format(key=key.group(1))
        return _indentation(lines, number) or _(
            "a ':' followed by a space or the end of the line makes YAML read a key in the middle of a text; "
            "put the whole text in quotes"
        )
    if context == "while scanning an alias":
        return _("a '*' at the start of a text makes YAML read an alias; put the whole text in quotes")
    if context == "while scanning a quoted scalar" and error.context_mark is not None:
        opened = error.context_mark
        return opened.line, opened.column, _never_closed(opened, lines)
    if context == "while scanning a simple key" and error.context_mark is not None:
        alone = error.context_mark
        return (
            alone.line,
            alone.column,
            _(
                "this line is text without a 'key:'; if it goes on from the text above, indent it further "
                "than that text's key, or put the whole text in quotes"
            ),
        )
    if context.startswith("while parsing a flow") and error.context_mark is not None:
        opened = error.context_mark
        return (
            opened.line,
            opened.column,
            _("this bracket is never closed; close it, or put an item that holds a comma, colon or bracket in quotes"),
        )
    if problem in ("did not find expected key", "did not find expected '-' indicator") or problem.startswith(
        "expected <block end>"
    ):
        return _indentation_or_quote(lines, number, column, key)
    if problem == "but found another document":
        return _("a bank is one YAML document: remove this '---' and what follows, or move it to a file of its own")
    return problem


def _indentation_or_quote(
    lines: list[str], number: int, column: int, key: re.Match[str] | None
) -> str | tuple[int, int, str]:
    line = lines[number] if number < len(lines) else ""
    value = line[key.end() :].lstrip() if key else ""
    if key and value[:1] in ("'", '"') and column > key.end() + 1:
        return _("text goes on after a closing quote; quote the whole text, doubling a ' inside '...' ('it''s')")
    if key and key.group(1) == "id" and "- " not in line[: key.start(1)]:
        return forgotten_dash(number + 1)
    return _indentation(lines, number) or _(
        "YAML expected a new key ('name: value') or '- ' here; "
        "look on this line and the one above for a stray quote, colon or dash"
    )


def forgotten_dash(line: int) -> str:
    return _("did you forget '- ' before line {line}? Each question starts with '- '").format(line=line)


def _indentation(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """Advice on a line indented unlike the line above; None when they line up, as the mistake is elsewhere."""
    line = lines[number] if number < len(lines) else ""
    indent = len(line) - len(line.lstrip(" "))
    above = next((text for text in reversed(lines[:number]) if text.strip() and not text.lstrip().startswith("#")), "")
    above_indent = len(above) - len(above.lstrip(" "))
    if above.lstrip().startswith("- "):
        above_indent += 2  # the keys of a list item line up after its '- '
    if indent == above_indent:
        return None
    message = _(
        "this line is indented by {spaces} and the line above by {spaces_above}; "
        "keys of the same mapping must line up exactly"
    )
    return number, indent, message.format(spaces=_spaces(indent), spaces_above=_spaces(above_indent))


def _spaces(count: int) -> str:
    return ngettext("{count} space", "{count} spaces", count).format(count=count)
