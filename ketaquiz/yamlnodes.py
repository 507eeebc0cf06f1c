"""Reading YAML nodes with line numbers: the layer under the bank's rules.

Composing (not constructing) keeps every value's line for messages, and lets a
bank refuse aliases and custom tags before anything is built from them. This
module knows YAML and how to word its mistakes; it knows nothing of questions.
"""

from __future__ import annotations

import re

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.model import BIDI_CONTROLS, Problem
from ketaquiz.suggest import closest

_TAG = "tag:yaml.org,2002:"
STR, BOOL, NULL, SEQ = _TAG + "str", _TAG + "bool", _TAG + "null", _TAG + "seq"
_SCALAR_KINDS = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "true/false",
    "null": "nothing",
    "timestamp": "a date",
}
# A date is plain data too (`reviewed: 2026-11-28`, unquoted); anything else YAML would build is refused.
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
FIX_FIRST = "Fix this first: YAML stops reading at a syntax error, so other problems may follow."


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
        raise Unreadable(
            Problem(f"character U+{error.character:04X} is not allowed in YAML; remove it", line)
        ) from None
    except yaml.YAMLError as error:
        raise Unreadable(Problem(f"invalid YAML: {error}")) from None
    except RecursionError:
        raise Unreadable(Problem("nested too deeply to be a bank")) from None
    finally:
        loader.dispose()
    if node is None:
        raise Unreadable(Problem("the bank is empty; it needs a source and a list of questions"))
    return node


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error in plain words, with the line quoted and a caret under the column."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Problem(f"invalid YAML: {(error.problem or '').strip()}")
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
    detail = (f"{line_number + 1:>5} | {shown_line}", f"{'':>5} | {' ' * caret}^", FIX_FIRST)
    return Problem(f"invalid YAML at column {column + 1}: {advice}", line_number + 1, detail=detail)


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


_TAB_ADVICE = "a tab is used for indentation; YAML needs spaces — replace it with spaces"


def _tab(error: yaml.MarkedYAMLError, lines: list[str], number: int, column: int) -> tuple[int, int, str] | None:
    """Any error a tab causes, however the parser words it, gets the same advice."""
    line = lines[number] if number < len(lines) else ""
    indent = re.match(r"[ \t]*", line)
    if indent and "\t" in indent.group():
        return number, line.index("\t"), _TAB_ADVICE
    if line[column : column + 1] == "\t" or "tab character" in (error.problem or ""):
        return number, column, _TAB_ADVICE
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
    return f"the quote opened on line {opened.line + 1} is never closed; end the text with {mark}"


def _advice(error: yaml.MarkedYAMLError, lines: list[str], number: int, column: int) -> str | tuple[int, int, str]:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    line = lines[number] if number < len(lines) else ""
    key = re.match(r"\s*(?:- )?([A-Za-z_]+):", line)
    if "that cannot start any token" in problem:
        return f"a text cannot start with '{line[column : column + 1]}' in YAML; put the whole text in quotes"
    if problem == "exceeded maximum nesting depth":
        return "nested too deeply to be a bank"
    if problem.startswith("mapping values are not allowed"):
        if key and column > key.end():
            return (
                f"the text after '{key.group(1)}:' contains ': ', which YAML reads as another key; "
                f'put the whole text in quotes ({key.group(1)}: "...")'
            )
        return _indentation(lines, number) or (
            "a ':' followed by a space or the end of the line makes YAML read a key in the middle of a text; "
            "put the whole text in quotes"
        )
    if context == "while scanning an alias":
        return "a '*' at the start of a text makes YAML read an alias; put the whole text in quotes"
    if context == "while scanning a quoted scalar" and error.context_mark is not None:
        opened = error.context_mark
        return opened.line, opened.column, _never_closed(opened, lines)
    if context == "while scanning a simple key" and error.context_mark is not None:
        alone = error.context_mark
        return (
            alone.line,
            alone.column,
            "this line is text without a 'key:'; if it goes on from the text above, indent it further "
            "than that text's key, or put the whole text in quotes",
        )
    if context.startswith("while parsing a flow") and error.context_mark is not None:
        opened = error.context_mark
        return (
            opened.line,
            opened.column,
            "this bracket is never closed; close it, or put an item that holds a comma, colon or bracket in quotes",
        )
    if problem in ("did not find expected key", "did not find expected '-' indicator") or problem.startswith(
        "expected <block end>"
    ):
        return _indentation_or_quote(lines, number, column, key)
    if problem == "but found another document":
        return "a bank is one YAML document: remove this '---' and what follows, or move it to a file of its own"
    return problem


def _indentation_or_quote(
    lines: list[str], number: int, column: int, key: re.Match[str] | None
) -> str | tuple[int, int, str]:
    line = lines[number] if number < len(lines) else ""
    value = line[key.end() :].lstrip() if key else ""
    if key and value[:1] in ("'", '"') and column > key.end() + 1:
        return "text goes on after a closing quote; quote the whole text, doubling a ' inside '...' ('it''s')"
    if key and key.group(1) == "id" and "- " not in line[: key.start(1)]:
        return forgotten_dash(number + 1)
    return _indentation(lines, number) or (
        "YAML expected a new key ('name: value') or '- ' here; "
        "look on this line and the one above for a stray quote, colon or dash"
    )


def forgotten_dash(line: int) -> str:
    return f"did you forget '- ' before line {line}? Each question starts with '- '"


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
    return (
        number,
        indent,
        f"this line is indented by {_spaces(indent)} and the line above by {_spaces(above_indent)}; "
        "keys of the same mapping must line up exactly",
    )


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


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
                self.report(current, "YAML aliases (*name) are not allowed in a bank; write the text out in full")
                return False
            visited.add(id(current))
            if current.tag not in _ALLOWED_TAGS:
                tag = current.tag.replace(_TAG, "!!")
                self.report(current, f"the YAML tag '{tag}' is not allowed; a bank holds only text, lists and mappings")
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
        """The keys of a mapping node; unknown and repeated keys are reported and left out."""
        if not isinstance(node, yaml.MappingNode):
            expected = shape or "a mapping of keys to values"
            self.report(node, f"{what} must be {expected}, found {kind(node)}", question)
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
                self.report(key_node, f"'{key}' appears twice in {what} (first on line {first}); delete one", question)
            else:
                fields[key] = value_node
        return fields

    def missing(self, owner: yaml.Node, key: str, message: str, question: str | None) -> None:
        """Report `key` missing from the mapping `owner`, unless a misspelt key was already taken for it."""
        if (id(owner), key) not in self._suggested:
            self.report(owner, message, question)

    def sequence(self, node: yaml.Node, what: str, question: str | None = None) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{what}, found {kind(node)}", question)
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
            self.report(node, f"{name} must be text, found {kind(node)}", question)
            return None
        value: str = node.value.strip()
        if not value:
            self.report(node, f"{name} is empty", question)
            return None
        if limit is not None and len(value) > limit:
            self.report(node, f"{name} is {len(value):,} characters long; the limit is {limit:,}", question)
            return None
        found = refused.search(value)
        if found:
            self.report(node, f"{name} {refusal(found.group())}", question)
            return None
        return value


_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def refusal(found: str) -> str:
    if CONTROL_CHARS.fullmatch(found):
        return f"contains the control character U+{ord(found):04X}; remove it"
    if found in BIDI_CONTROLS:
        import unicodedata

        return (
            f"contains the bidirectional control character U+{ord(found):04X} ({unicodedata.name(found)}), "
            "which makes a browser show the text in another order than it is written; remove it"
        )
    return (
        f"contains '{found}', which Moodle's GIFT import silently turns into another character; "
        "write the character itself"
    )


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
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    found = _SCALAR_KINDS.get(node.tag.replace(_TAG, ""), "a value")
    if found == "nothing":
        return "nothing"
    return f"{found} '{shown(node.value)}'" if found != "text" else f"'{shown(node.value)}'"


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
        return f"{what} has a key that is not text; keys are {listing}", None
    close = closest(key, keys)
    if close:
        return f"unknown key '{shown(key)}' in {what}; did you mean '{close}'?", close
    return f"unknown key '{shown(key)}' in {what}; keys are {listing}", None
