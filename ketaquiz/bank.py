"""The question bank: its data model, and reading and validating a bank file.

A bank is untrusted input written by hand. Everything here either returns a
fully valid `Bank` or raises `BankError` listing every problem found, each with
the file, the line and the question it belongs to.
"""

from __future__ import annotations

import codecs
import enum
import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketaquiz.files import os_reason

if TYPE_CHECKING:
    import yaml

MAX_BANK_BYTES = 32 * 1024 * 1024
# Longer than any statement or explanation a person reads at a terminal; the
# source text is bounded only by the file size.
MAX_FIELD_CHARS = 10_000
BUNDLED_NAME = "questions.yaml"

_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# C0 and C1 controls except tab and newline: a shared bank must not be able to
# move the cursor, retitle or repaint the terminal of whoever runs it.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Typographic quotes and dashes match their plain keyboard forms, so a
# passage typed by hand still matches an article pasted from the web.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_KINDS = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false", "null": "nothing"}
_ALLOWED_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}

TOP_KEYS = ("title", "reviewed", "source", "resources", "questions")
SOURCE_KEYS = ("title", "url", "text")
RESOURCE_KEYS = ("name", "region", "contact", "details")
QUESTION_KEYS = ("id", "statement", "answer", "explanation", "passage", "passage_role", "evidence", "tags")
EVIDENCE_KEYS = ("note", "sources")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


class Answer(enum.Enum):
    MYTH = "myth"
    FACT = "fact"

    def __str__(self) -> str:
        return self.value


class PassageRole(enum.Enum):
    """How the quoted passage bears on the verdict."""

    SUPPORTS = "supports"  # the article says what the verdict says
    OVERCLAIM = "overclaim"  # the article claims more than the evidence: the statement corrects it

    def __str__(self) -> str:
        return self.value


def passage_heading(role: PassageRole | None) -> str:
    """How every view introduces the quoted passage, so a learner knows whether it backs the verdict."""
    if role is PassageRole.SUPPORTS:
        return "The article says"
    if role is PassageRole.OVERCLAIM:
        return "The article claims (more than the evidence supports)"
    return "From the article"


@dataclass(frozen=True)
class Evidence:
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    statement: str
    answer: Answer
    explanation: str
    passage: str
    evidence: Evidence | None = None
    tags: tuple[str, ...] = ()
    passage_role: PassageRole | None = None


@dataclass(frozen=True)
class Source:
    title: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Resource:
    """Where to get help: shown wherever a bank about health reaches a learner."""

    name: str
    contact: str
    region: str | None = None
    details: str | None = None


@dataclass(frozen=True)
class Bank:
    path: str
    source: Source
    questions: tuple[Question, ...]
    title: str | None = None
    reviewed: str | None = None  # ISO date the content was last checked against the evidence
    resources: tuple[Resource, ...] = ()

    def tags(self) -> list[str]:
        return sorted({tag for question in self.questions for tag in question.tags})


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None = None
    question: str | None = None

    def describe(self, path: str) -> str:
        where = path if self.line is None else f"{path}:{self.line}"
        about = f"question '{self.question}': " if self.question else ""
        return f"{where}: {about}{self.message}"


class BankError(Exception):
    """A bank that cannot be used, with every problem found in it."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.describe(self.path) for problem in self.problems]


def unknown_tags(questions: Iterable[Question], tags: Iterable[str]) -> list[str]:
    known = {tag for question in questions for tag in question.tags}
    return [tag for tag in tags if tag not in known]


def tagged(questions: Iterable[Question], tags: Iterable[str]) -> list[Question]:
    """The questions carrying any of `tags`; all of them when no tag is given."""
    wanted = set(tags)
    return [question for question in questions if not wanted or wanted.intersection(question.tags)]


def normalise(text: str) -> str:
    """Fold quotes, dashes and runs of whitespace, for finding passages in a source."""
    return " ".join(text.translate(_FOLD).split())


def read_bank_file(path: str) -> str:
    """Read a bank file as text, refusing what cannot be a bank before parsing it."""

    def refuse(message: str, line: int | None = None) -> BankError:
        return BankError(path, [Problem(message, line)])

    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_BANK_BYTES:
                raise refuse(f"the file is larger than the {_mib(MAX_BANK_BYTES)} limit for a bank")
            # Read one byte past the limit: special files report no size.
            data = file.read(MAX_BANK_BYTES + 1)
    except FileNotFoundError:
        raise refuse("no such file; check the path, or leave --bank out to use the bundled bank") from None
    except IsADirectoryError:
        raise refuse("this is a folder; give the path of a .yaml bank file inside it") from None
    except PermissionError:
        raise refuse("permission denied; make the file readable, or copy it somewhere you can read") from None
    except OSError as error:
        raise refuse(f"cannot be read: {os_reason(error)}") from None
    if len(data) > MAX_BANK_BYTES:
        raise refuse(f"the file is larger than the {_mib(MAX_BANK_BYTES)} limit for a bank")
    return decode_bank_bytes(data, path)


def decode_bank_bytes(data: bytes, path: str) -> str:
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise BankError(path, [Problem("contains NUL bytes: this looks like a binary file, not a YAML bank", line)])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = f"the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8 in your editor"
        raise BankError(path, [Problem(message, line)]) from None


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def load_bank(path: str | None = None) -> Bank:
    """Load and validate the bank at `path`, or the bundled bank."""
    if path is None:
        path = bundled_bank_path()
    return parse_bank(read_bank_file(path), path)


def bundled_bank_path() -> str:
    """The bundled bank: inside an installed package, or at the top of a checkout."""
    # The build copies the bank beside this module; run from a checkout (or an
    # editable install) it is one folder up, at the top of the repository.
    # importlib.resources would find package data however a package is
    # installed, but importing it costs about 20 ms, a fifth of `ketaquiz list`,
    # so it is the last resort (for a package run from a zip file, say).
    package = os.path.dirname(os.path.abspath(__file__))
    for folder in (package, os.path.dirname(package)):
        candidate = os.path.join(folder, BUNDLED_NAME)
        if os.path.isfile(candidate):
            return candidate
    from importlib.resources import files

    return str(files("ketaquiz").joinpath(BUNDLED_NAME))


def parse_bank(text: str, path: str) -> Bank:
    """Validate bank text: a `Bank`, or a `BankError` listing every problem."""
    # Parsing makes a great many small objects and no reference cycles, so the
    # cyclic collector only rescans them, again and again: it doubled the time
    # of a 10,000-statement bank.
    collecting = gc.isenabled()
    gc.disable()
    try:
        root = _compose(text, path)
        checker = _Checker()
        bank = checker.bank(root, path)
    finally:
        if collecting:
            gc.enable()
    if checker.problems or bank is None:
        raise BankError(path, checker.problems)
    return bank


def _yaml_loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, path: str) -> yaml.Node:
    import yaml

    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _yaml_loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise BankError(path, [_yaml_problem(error, text)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML; remove it"
        raise BankError(path, [Problem(message, line)]) from None
    except yaml.YAMLError as error:
        raise BankError(path, [Problem(f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise BankError(path, [Problem("nested too deeply to be a bank")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise BankError(path, [Problem("the bank is empty; it needs a source and a list of questions")])
    return node


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or "").strip()
    if problem == "found character that cannot start any token" and mark is not None:
        line = text.split("\n", mark.line + 1)[mark.line]
        if line[mark.column : mark.column + 1] == "\t":
            problem = "a tab is used for indentation; YAML needs spaces"
    elif problem == "exceeded maximum nesting depth":
        problem = "nested too deeply to be a bank"
    if mark is None:
        return Problem(f"invalid YAML: {problem}")
    return Problem(f"invalid YAML at column {mark.column + 1}: {problem}", mark.line + 1)


class _Checker:
    """Walks the composed YAML nodes, building the bank and collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._visited: set[int] = set()

    def report(self, node: yaml.Node, message: str, question: str | None = None) -> None:
        self.problems.append(Problem(message, node.start_mark.line + 1, question))

    def bank(self, root: yaml.Node, path: str) -> Bank | None:
        if not self._visit(root):
            return None
        top = self.mapping(root, TOP_KEYS, "the bank", None)
        if top is None:
            return None
        title = self.text(top, "title", None, required=False)
        reviewed = self.reviewed(top.get("reviewed"))
        source = self.source(top.get("source"), root)
        resources = self.resources(top.get("resources"))
        questions = self.questions(top.get("questions"), root, source)
        if source is None or questions is None:
            return None
        return Bank(path=path, source=source, questions=questions, title=title, reviewed=reviewed, resources=resources)

    def reviewed(self, node: yaml.Node | None) -> str | None:
        if node is None:
            return None
        value = self.text_value(node, "'reviewed'", None)
        if value is None:
            return None
        from datetime import date

        try:
            if not _DATE_PATTERN.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            self.report(node, f"'reviewed' must be a date like 2026-11-28, found '{_shown(value)}'")
            return None
        return value

    def resources(self, node: yaml.Node | None) -> tuple[Resource, ...]:
        import yaml

        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'resources' must be a list of places to get help, found {_kind(node)}")
            return ()
        found = []
        for number, item in enumerate(node.value, 1):
            fields = self.mapping(item, RESOURCE_KEYS, f"item {number} of 'resources'", None)
            if fields is None:
                continue
            name = self.text(fields, "name", None, where=item)
            contact = self.text(fields, "contact", None, where=item)
            region = self.text(fields, "region", None, required=False)
            details = self.text(fields, "details", None, required=False)
            if name is not None and contact is not None:
                found.append(Resource(name=name, contact=contact, region=region, details=details))
        return tuple(found)

    def _visit(self, node: yaml.Node) -> bool:
        """Refuse aliases and custom tags: each node may be reached once only."""
        import yaml

        stack = [node]
        while stack:
            current = stack.pop()
            if id(current) in self._visited:
                self.report(current, "YAML aliases (*name) are not allowed in a bank; write the text out in full")
                return False
            self._visited.add(id(current))
            if current.tag not in _ALLOWED_TAGS:
                tag = current.tag.replace(_YAML_TAG, "!!")
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
        self, node: yaml.Node, keys: tuple[str, ...], what: str, question: str | None
    ) -> dict[str, yaml.Node] | None:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} must be a mapping of keys to values, found {_kind(node)}", question)
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in keys:
                self.report(key_node, _unknown_key(key, keys, what), question)
            elif key in fields:
                self.report(key_node, f"'{key}' appears twice in {what}; keep one", question)
            else:
                fields[key] = value_node
        return fields

    def text(
        self,
        fields: dict[str, yaml.Node],
        key: str,
        question: str | None,
        *,
        required: bool = True,
        where: yaml.Node | None = None,
        limit: int | None = MAX_FIELD_CHARS,
    ) -> str | None:
        node = fields.get(key)
        if node is None:
            if required and where is not None:
                self.report(where, f"'{key}' is missing", question)
            return None
        return self.text_value(node, f"'{key}'", question, required=required, limit=limit)

    def text_value(
        self,
        node: yaml.Node,
        name: str,
        question: str | None,
        *,
        required: bool = True,
        limit: int | None = MAX_FIELD_CHARS,
    ) -> str | None:
        """The text of one value, named in messages as `name`; None, with a problem reported, if unusable."""
        import yaml

        if not isinstance(node, yaml.ScalarNode) or node.tag == _YAML_TAG + "null":
            self.report(node, f"{name} must be text, found {_kind(node)}", question)
            return None
        value: str = node.value.strip()
        if not value:
            if required:
                self.report(node, f"{name} is empty", question)
            return None
        if limit is not None and len(value) > limit:
            self.report(node, f"{name} is {len(value):,} characters long; the limit is {limit:,}", question)
            return None
        control = _CONTROL_CHARS.search(value)
        if control:
            code = f"U+{ord(control.group()):04X}"
            self.report(node, f"{name} contains the control character {code}; remove it", question)
            return None
        return value

    def source(self, node: yaml.Node | None, root: yaml.Node) -> Source | None:
        if node is None:
            self.report(root, "'source' is missing: add the title and text the statements are drawn from")
            return None
        fields = self.mapping(node, SOURCE_KEYS, "'source'", None)
        if fields is None:
            return None
        title = self.text(fields, "title", None, where=node)
        text = self.text(fields, "text", None, where=node, limit=None)
        url = self.text(fields, "url", None, required=False)
        if title is None or text is None:
            return None
        return Source(title=title, text=text, url=url)

    def questions(self, node: yaml.Node | None, root: yaml.Node, source: Source | None) -> tuple[Question, ...] | None:
        import yaml

        if node is None:
            self.report(root, "'questions' is missing: add a list of questions")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'questions' must be a list, found {_kind(node)}")
            return None
        if not node.value:
            self.report(node, "'questions' is empty; add at least one question")
            return None
        haystack = normalise(source.text) if source is not None else None
        questions: list[Question] = []
        first_line: dict[str, int] = {}
        for number, item in enumerate(node.value, 1):
            question = self.question(item, number, haystack)
            if question is None:
                continue
            if question.id in first_line:
                self.report(item, f"duplicate id; first used on line {first_line[question.id]}", question.id)
                continue
            first_line[question.id] = item.start_mark.line + 1
            questions.append(question)
        return tuple(questions)

    def question(self, node: yaml.Node, number: int, haystack: str | None) -> Question | None:
        before = len(self.problems)
        fields = self.mapping(node, QUESTION_KEYS, f"question {number}", _peek_id(node))
        if fields is None:
            return None
        qid = self.question_id(fields, node, number)
        label = qid or f"#{number}"
        statement = self.text(fields, "statement", label, where=node)
        answer = self.answer(fields, node, label)
        explanation = self.text(fields, "explanation", label, where=node)
        passage = self.text(fields, "passage", label, where=node)
        passage_role = self.passage_role(fields.get("passage_role"), label)
        evidence = self.evidence(fields.get("evidence"), label)
        tags = self.tags(fields.get("tags"), label)
        if passage is not None and haystack is not None and normalise(passage) not in haystack:
            self.report(
                fields["passage"], "the passage is not in the source text; copy it from the source word for word", label
            )
        if len(self.problems) > before:
            return None
        assert qid and statement and answer and explanation and passage
        return Question(qid, statement, answer, explanation, passage, evidence, tags, passage_role)

    def passage_role(self, node: yaml.Node | None, question: str) -> PassageRole | None:
        import yaml

        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _YAML_TAG + "str":
            try:
                return PassageRole(node.value.strip().lower())
            except ValueError:
                pass
        self.report(
            node,
            f"'passage_role' must be supports (the passage backs the verdict) or overclaim (the passage claims "
            f"more than the evidence, and the statement corrects it), found {_kind(node)}",
            question,
        )
        return None

    def question_id(self, fields: dict[str, yaml.Node], node: yaml.Node, number: int) -> str | None:
        qid = self.text(fields, "id", f"#{number}", where=node)
        if qid is not None and not _ID_PATTERN.fullmatch(qid):
            self.report(
                fields["id"],
                f"the id '{_shown(qid)}' must be lowercase letters, digits and single hyphens (like origin-anesthetic)",
                f"#{number}",
            )
            return None
        return qid

    def answer(self, fields: dict[str, yaml.Node], node: yaml.Node, question: str) -> Answer | None:
        import yaml

        value = fields.get("answer")
        if value is None:
            self.report(node, "'answer' is missing; write myth or fact", question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag == _YAML_TAG + "bool":
            self.report(value, f"'answer: {value.value}' is read by YAML as true/false; write myth or fact", question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag != _YAML_TAG + "null":
            try:
                return Answer(value.value.strip().lower())
            except ValueError:
                pass
        self.report(value, f"'answer' must be myth or fact, found {_kind(value)}", question)
        return None

    def evidence(self, node: yaml.Node | None, question: str) -> Evidence | None:
        if node is None:
            return None
        fields = self.mapping(node, EVIDENCE_KEYS, "'evidence'", question)
        if fields is None:
            return None
        note = self.text(fields, "note", question, where=node)
        sources = self.text_list(fields.get("sources"), "sources", question)
        if not sources:
            self.report(node, "'evidence' needs at least one entry in 'sources'", question)
        return Evidence(note, sources) if note else None

    def tags(self, node: yaml.Node | None, question: str) -> tuple[str, ...]:
        tags = self.text_list(node, "tags", question)
        for tag in tags:
            if not _ID_PATTERN.fullmatch(tag):
                assert node is not None
                self.report(node, f"the tag '{_shown(tag)}' must be lowercase letters, digits and hyphens", question)
        return tags

    def text_list(self, node: yaml.Node | None, key: str, question: str) -> tuple[str, ...]:
        """A list of texts; problems are reported and the bad entries left out."""
        import yaml

        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'{key}' must be a list, like [a, b], found {_kind(node)}", question)
            return ()
        values = [
            self.text_value(item, f"item {index} of '{key}'", question) for index, item in enumerate(node.value, 1)
        ]
        return tuple(value for value in values if value is not None)


def _peek_id(node: yaml.Node) -> str | None:
    """The id a question gives itself, to name it in problems found before its id is checked."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and _ID_PATTERN.fullmatch(value.value):
                return str(value.value)
    return None


def _kind(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = _SCALAR_KINDS.get(node.tag.replace(_YAML_TAG, ""), "a value")
    if kind == "nothing":
        return "nothing"
    shown = _shown(node.value)
    return f"{kind} '{shown}'" if kind != "text" else f"'{shown}'"


def _shown(value: str, limit: int = 30) -> str:
    """Bank text quoted in a message: short, with control characters made visible."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    return _CONTROL_CHARS.sub(lambda match: f"\\x{ord(match.group()):02x}", value).replace("\n", "\\n")


def _unknown_key(key: object, keys: tuple[str, ...], what: str) -> str:
    import difflib

    if not isinstance(key, str):
        return f"{what} has a key that is not text; keys are {_listing(keys)}"
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"keys are {_listing(keys)}"
    return f"unknown key '{_shown(key)}' in {what}; {hint}"


def _listing(keys: tuple[str, ...]) -> str:
    return ", ".join(keys)
