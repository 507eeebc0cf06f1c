"""Reading YAML nodes with line numbers: the layer under the bank's rules.

Composing (not constructing) keeps every value's line for messages, and lets a
bank refuse aliases and custom tags before anything is built from them. This
module knows YAML and how to word its mistakes; it knows nothing of questions.
"""

from __future__ import annotations

import re

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.i18n import N_, _, ngettext, number
from ketaquiz.model import BIDI_CONTROLS, Problem
from ketaquiz.suggest import closest

_TAG = "tag:yaml.org,2002:"
STR, BOOL, NULL, SEQ = _TAG + "str", _TAG + "bool", _TAG + "null", _TAG + "seq"
_SCALAR_KINDS = {
    "str": N_("text"),
    "int": N_("a number"),
    "float": N_("a number"),
    "bool": N_("true/false"),
    "null": N_("nothing"),
    "timestamp": N_("a date"),
}
# A date is plain data too (`reviewed: 2026-11-28`, unquoted); anything else YAML would build is refused.
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
FIX_FIRST = N_("Fix this first: YAML stops reading at a syntax error, so other problems may follow.")


class Unreadable(Exception):
    """Text that is not one YAML document a bank can be read from."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def compose(text: str) -> yaml.Node:
    """The single document in `text` as nodes; `Unreadable` when it is not YAML or is empty."""
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise Unreadable(syntax_problem(error, text)) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = _("character {code} is not allowed in YAML; remove it").format(code=f"U+{error.character:04X}")
        raise Unreadable(Problem(message, line)) from None
    except yaml.YAMLError as error:
        raise Unreadable(Problem(_invalid(str(error)))) from None
    except RecursionError:
        raise Unreadable(Problem(_(_TOO_DEEP))) from None
    finally:
        loader.dispose()
    if node is None:
        raise Unreadable(Problem(_("the bank is empty; it needs a source and a list of questions")))
    return node


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error in plain words, with the line quoted and a caret under the column."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Problem(_invalid((error.problem or "").strip()))
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


_TOO_DEEP = N_("nested too deeply to be a bank")


def _invalid(said: str) -> str:
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
        return _(_TOO_DEEP)
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


class NodeReader:
    """Typed reading of composed nodes, collecting a `Problem` for everything unusable."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (mapping, key) pairs an unknown key was taken for: that key is not reported missing as well.
        self._suggested: set[tuple[int, str]] = set()

    def report(self, node: yaml.Node, message: str, question: str | None = None) -> None:
        self.problems.append(Problem(message, node.start_mark.line + 1, question))

    def plain_data_only(self, root: yaml.Node) -> bool:
        """Refuse aliases and custom tags: each node may be reached once only."""
        visited: set[int] = set()
        stack = [root]
        while stack:
            current = stack.pop()
            if id(current) in visited:
                self.report(current, _("YAML aliases (*name) are not allowed in a bank; write the text out in full"))
                return False
            visited.add(id(current))
            if current.tag not in _ALLOWED_TAGS:
                tag = current.tag.replace(_TAG, "!!")
                message = _("the YAML tag '{tag}' is not allowed; a bank holds only text, lists and mappings")
                self.report(current, message.format(tag=tag))
                return False
            if isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    stack.append(key)
                    stack.append(value)
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
        return True

    def mapping(
        self, node: yaml.Node, keys: tuple[str, ...], *, what: str, question: str | None, shape: str = ""
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping node; unknown and repeated keys are reported and left out. `what` names
        the mapping in messages, and `shape` says what it must be, both as noun phrases ("question 2",
        "a mapping with title and text")."""
        if not isinstance(node, yaml.MappingNode):
            expected = shape or _("a mapping of keys to values")
            # TRANSLATORS: {what} names a part of the bank ("question 2"); {expected} and {found} are kinds of value.
            message = _("{what} must be {expected}, found {found}")
            self.report(node, message.format(what=what, expected=expected, found=kind(node)), question)
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in keys:
                message, meant = unknown_key(key, keys, what)
                self.report(key_node, message, question)
                if meant is not None:
                    self._suggested.add((id(node), meant))
            elif key in fields:
                first = fields[key].start_mark.line + 1
                message = _("'{key}' appears twice in {what} (first on line {line}); delete one")
                self.report(key_node, message.format(key=key, what=what, line=first), question)
            else:
                fields[key] = value_node
        return fields

    def missing(self, owner: yaml.Node, key: str, message: str, question: str | None) -> None:
        """Report `key` missing from the mapping `owner`, unless a misspelt key was already taken for it."""
        if (id(owner), key) not in self._suggested:
            self.report(owner, message, question)

    def sequence(self, node: yaml.Node, rule: str, question: str | None = None) -> list[yaml.Node] | None:
        """The items of a list node; `rule` says what the list must be when it is not one."""
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, found_instead(rule, node), question)
            return None
        items: list[yaml.Node] = node.value
        return items

    def text_value(
        self, node: yaml.Node, name: str, question: str | None, *, limit: int | None, refused: re.Pattern[str]
    ) -> str | None:
        """The text of one value, named in messages as `name`; None, with a problem reported, if unusable.

        `refused` finds what no text may hold (control characters, say); `refusal` words it.
        """
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL:
            self.report(node, _("{name} must be text, found {found}").format(name=name, found=kind(node)), question)
            return None
        value: str = node.value.strip()
        if not value:
            self.report(node, _("{name} is empty").format(name=name), question)
            return None
        if limit is not None and len(value) > limit:
            message = _("{name} is {count} characters long; the limit is {limit}")
            self.report(node, message.format(name=name, count=number(len(value)), limit=number(limit)), question)
            return None
        found = refused.search(value)
        if found:
            self.report(node, refusal(name, found.group()), question)
            return None
        return value


_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def refusal(name: str, found: str) -> str:
    """Why the text `name` names cannot hold what was `found` in it."""
    code = f"U+{ord(found[0]):04X}"
    if CONTROL_CHARS.fullmatch(found):
        return _("{name} contains the control character {code}; remove it").format(name=name, code=code)
    if found in BIDI_CONTROLS:
        import unicodedata

        return _(
            "{name} contains the bidirectional control character {code} ({unicode_name}), "
            "which makes a browser show the text in another order than it is written; remove it"
        ).format(name=name, code=code, unicode_name=unicodedata.name(found))
    return _(
        "{name} contains '{found}', which Moodle's GIFT import silently turns into another character; "
        "write the character itself"
    ).format(name=name, found=found)


def peek(node: yaml.Node, key: str) -> yaml.ScalarNode | None:
    """The scalar under `key` in a mapping node, without checking anything else."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key and isinstance(value, yaml.ScalarNode):
                return value
    return None


def kind(node: yaml.Node) -> str:
    """What a node holds, as a message names it: "a list", "true/false 'no'", "'text'"."""
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    found = _SCALAR_KINDS.get(node.tag.replace(_TAG, ""), N_("a value"))
    if found == "nothing":
        return _(found)
    if found == "text":
        return f"'{shown(node.value)}'"
    # TRANSLATORS: a kind of value and the value itself: "a number '3'", "true/false 'no'".
    return _("{kind} '{value}'").format(kind=_(found), value=shown(node.value))


def found_instead(rule: str, node: yaml.Node) -> str:
    """A rule a value breaks, and what was found instead: "'tags' must be a list, found 'x'"."""
    return _("{rule}, found {found}").format(rule=rule, found=kind(node))


def shown(value: str, limit: int = 30) -> str:
    """Bank text quoted in a message: short, with control characters made visible."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    visible = CONTROL_CHARS.sub(lambda match: f"\\x{ord(match.group()):02x}", value).replace("\n", "\\n")
    return _BIDI.sub(lambda match: f"\\u{ord(match.group()):04x}", visible)


def unknown_key(key: object, keys: tuple[str, ...], what: str) -> tuple[str, str | None]:
    """The message for a key not in `keys`, and the key it was probably meant to be."""
    listing = ", ".join(keys)
    if not isinstance(key, str):
        return _("{what} has a key that is not text; keys are {keys}").format(what=what, keys=listing), None
    close = closest(key, keys)
    if close:
        message = _("unknown key '{key}' in {what}; did you mean '{meant}'?")
        return message.format(key=shown(key), what=what, meant=close), close
    return _("unknown key '{key}' in {what}; keys are {keys}").format(key=shown(key), what=what, keys=listing), None
