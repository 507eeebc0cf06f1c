"""Reading YAML nodes with line numbers: the layer under the bank's rules.

Composing (not constructing) keeps every value's line for messages, and lets a
bank refuse aliases and custom tags before anything is built from them. This
module knows YAML and how to word its mistakes; it knows nothing of questions.
"""

from __future__ import annotations

import re

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.i18n import N_, _, number
from ketaquiz.model import BIDI_CONTROLS, Problem
from ketaquiz.suggest import closest
from ketaquiz.yaml_errors import TOO_DEEP, invalid, syntax_problem

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
        raise Unreadable(Problem(invalid(str(error)))) from None
    except RecursionError:
        raise Unreadable(Problem(_(TOO_DEEP))) from None
    finally:
        loader.dispose()
    if node is None:
        raise Unreadable(Problem(_("the bank is empty; it needs a source and a list of questions")))
    return node


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
