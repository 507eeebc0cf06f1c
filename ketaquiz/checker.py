"""The bank's rules, checked over composed YAML nodes in one pass.

Every problem is collected, never only the first: an author fixes a whole bank
from one run of `ketaquiz validate`. The problems come back in line order.
"""

from __future__ import annotations

import enum
import re
from dataclasses import replace
from datetime import date
from typing import TypeVar

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.model import (
    Answer,
    Bank,
    Evidence,
    Leaning,
    PassageRole,
    Problem,
    Question,
    Resource,
    Source,
    normalise,
)
from ketaquiz.passages import Passages
from ketaquiz.suggest import did_you_mean
from ketaquiz.translations import TranslationRules
from ketaquiz.yamlnodes import (
    BOOL,
    NULL,
    SEQ,
    STR,
    Unreadable,
    compose,
    forgotten_dash,
    kind,
    peek,
    shown,
)

# Moodle keeps a question's name to 255 characters and a tag to 50, cutting off
# the rest on import: a GIFT export would no longer say what the bank says.
MAX_ID_CHARS = 255
MAX_TAG_CHARS = 50
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

TOP_KEYS = ("title", "reviewed", "focus", "languages", "translations", "source", "resources", "questions")
SOURCE_KEYS = ("title", "url", "text")
RESOURCE_KEYS = ("name", "region", "contact", "details", "translations")
QUESTION_KEYS = (
    "id",
    "statement",
    "answer",
    "explanation",
    "passage",
    "passage_role",
    "leans",
    "evidence",
    "tags",
    "translations",
)
EVIDENCE_KEYS = ("note", "sources")
_STARTS_A_QUESTION = ("id", "statement")
Choice = TypeVar("Choice", bound=enum.Enum)


def check(text: str, path: str) -> tuple[Bank | None, list[Problem]]:
    """The bank in `text`, or None and every problem found, in line order."""
    try:
        root = compose(text)
    except Unreadable as unreadable:
        # Only a syntax error is shown with its line quoted; an article is one, read as YAML.
        if unreadable.problem.detail and _is_prose(text):
            return None, [_not_a_bank(path)]
        return None, [unreadable.problem]
    if isinstance(root, yaml.ScalarNode):
        return None, [_not_a_bank(path)]
    checker = _BankRules()
    bank = checker.bank(root, path)
    problems = sorted(checker.problems, key=lambda problem: problem.line or 0)
    return (bank if not problems else None), problems


class _BankRules(TranslationRules):
    """The bank's rules over its nodes: builds the model and reports what breaks a rule."""

    def bank(self, root: yaml.Node, path: str) -> Bank | None:
        if not self.plain_data_only(root):
            return None
        top = self.mapping(root, TOP_KEYS, what="the bank", question=None)
        if top is None:
            return None
        languages = self.declared_languages(top.get("languages"))
        title = self.optional_text(top, "title", None)
        title_translations = self.title_translations(top.get("translations"), top.get("title") or root, title)
        reviewed = self.reviewed(top.get("reviewed"))
        source = self.source(top.get("source"), root)
        resources = self.resources(top.get("resources"))
        questions = self.questions(top.get("questions"), root, source)
        focus = self.focus(top.get("focus"), questions or ())
        self.problems += self.translation_problems()
        if source is None or questions is None:
            return None
        return Bank(
            path=path,
            source=source,
            questions=questions,
            title=title,
            reviewed=reviewed,
            resources=resources,
            focus=focus,
            languages=languages,
            title_translations=title_translations,
        )

    def field(self, fields: dict[str, yaml.Node], key: str, question: str | None, *, owner: yaml.Node) -> str | None:
        """A required text field of the mapping `owner`, reported at the owner when it is missing."""
        node = fields.get(key)
        if node is None:
            self.missing(owner, key, f"'{key}' is missing", question)
            return None
        return self.text(node, f"'{key}'", question)

    def optional_text(self, fields: dict[str, yaml.Node], key: str, question: str | None) -> str | None:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == STR and not node.value.strip()):
            return None
        return self.text(node, f"'{key}'", question)

    def reviewed(self, node: yaml.Node | None) -> str | None:
        if node is None:
            return None
        value = self.text(node, "'reviewed'", None)
        if value is None:
            return None
        try:
            if not _DATE_PATTERN.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            self.report(node, f"'reviewed' must be a date like 2026-11-28, found '{shown(value)}'")
            return None
        return value

    def focus(self, node: yaml.Node | None, questions: tuple[Question, ...]) -> str | None:
        """The bank's focus: one of its statements' tags, so that a typo is caught here, not in an audit."""
        if node is None:
            return None
        tag = self.text(node, "'focus'", None)
        if tag is None or not self.tag_rule(node, tag, None):
            return None
        if not questions:
            return tag
        known = sorted({tag for question in questions for tag in question.tags})
        if tag not in known:
            self.report(
                node,
                f"'focus' is '{shown(tag)}', but no statement has that tag; {did_you_mean(tag, known)}"
                f"tags in this bank: {', '.join(known) or 'none'}",
            )
            return None
        return tag

    def resources(self, node: yaml.Node | None) -> tuple[Resource, ...]:
        if node is None:
            return ()
        items = self.sequence(node, "'resources' must be a list of places to get help")
        found = []
        for number, item in enumerate(items or (), 1):
            fields = self.mapping(item, RESOURCE_KEYS, what=f"item {number} of 'resources'", question=None)
            if fields is None:
                continue
            name = self.field(fields, "name", None, owner=item)
            contact = self.field(fields, "contact", None, owner=item)
            region = self.optional_text(fields, "region", None)
            details = self.optional_text(fields, "details", None)
            if name is not None and contact is not None:
                resource = Resource(name=name, contact=contact, region=region, details=details)
                translations = self.resource_translations(fields.get("translations"), item, resource)
                found.append(replace(resource, translations=translations))
        return tuple(found)

    def source(self, node: yaml.Node | None, root: yaml.Node) -> Source | None:
        if node is None:
            self.report(root, "'source' is missing: add the title and text the statements are drawn from")
            return None
        fields = self.mapping(node, SOURCE_KEYS, what="'source'", question=None, shape="a mapping with title and text")
        if fields is None:
            return None
        title = self.field(fields, "title", None, owner=node)
        text_node = fields.get("text")
        if text_node is None:
            self.missing(node, "text", "'text' is missing: paste the article the passages are quoted from", None)
            text = None
        else:
            text = self.text_value(text_node, "'text'", None, limit=None, refused=CONTROL_CHARS)
        url = self.optional_text(fields, "url", None)
        if title is None or text is None:
            return None
        return Source(title=title, text=text, url=url)

    def questions(self, node: yaml.Node | None, root: yaml.Node, source: Source | None) -> tuple[Question, ...] | None:
        if node is None:
            self.report(root, "'questions' is missing: add a list of questions")
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            self.report(node, "'questions' has no questions yet; add one, starting with '- id:'")
            return None
        if isinstance(node, yaml.MappingNode) and any(key.value in QUESTION_KEYS for key, _ in node.value):
            line = node.value[0][0].start_mark.line + 1
            self.report(node, forgotten_dash(line))
            node = yaml.SequenceNode(SEQ, [node], node.start_mark, node.end_mark)
        items = self.sequence(node, "'questions' must be a list")
        if items is None:
            return None
        if not items:
            self.report(node, "'questions' is empty; add at least one question")
            return None
        passages = Passages(source.text) if source is not None else None
        questions: list[Question] = []
        first_line: dict[str, int] = {}
        for number, item in enumerate(self.split_run_together(items), 1):
            question = self.question(item, number, passages)
            qid = _valid_id(item)
            if qid is not None and qid in first_line:
                self.report(item, f"duplicate id; first used on line {first_line[qid]}", qid)
            elif qid is not None:
                first_line[qid] = item.start_mark.line + 1
                if question is not None:
                    questions.append(question)
        return tuple(questions)

    def split_run_together(self, items: list[yaml.Node]) -> list[yaml.Node]:
        """Questions whose '- ' was forgotten, split apart again so each is checked as itself."""
        split: list[yaml.Node] = []
        for item in items:
            if not isinstance(item, yaml.MappingNode) or not _runs_together(item):
                split.append(item)
                continue
            chunk: list[tuple[yaml.Node, yaml.Node]] = []
            for key, value in item.value:
                if any(key.value == seen.value for seen, _ in chunk):
                    line = key.start_mark.line + 1
                    self.report(key, forgotten_dash(line))
                    split.append(_mapping_of(chunk, item))
                    chunk = []
                chunk.append((key, value))
            split.append(_mapping_of(chunk, item))
        return split

    def question(self, node: yaml.Node, number: int, passages: Passages | None) -> Question | None:
        before = len(self.problems)
        qid = _valid_id(node)
        fields = self.mapping(node, QUESTION_KEYS, what=f"question {number}", question=qid)
        if fields is None:
            return None
        qid = self.question_id(fields, node, number)
        label = qid or f"#{number}"
        statement = self.field(fields, "statement", label, owner=node)
        answer = self.answer(fields, node, label)
        explanation = self.field(fields, "explanation", label, owner=node)
        passage = self.field(fields, "passage", label, owner=node)
        passage_role = self.passage_role(fields.get("passage_role"), label)
        leans = self.leaning(fields.get("leans"), label)
        evidence = self.evidence(fields.get("evidence"), label)
        tags = self.tags(fields.get("tags"), label)
        if passage is not None and passages is not None:
            self.find_passage(passage, fields["passage"], label, passages)
        if len(self.problems) > before or not (qid and statement and answer and explanation and passage):
            return None
        note = evidence.note if evidence else None
        original = {"statement": statement, "explanation": explanation, "passage": passage, "note": note}
        translations = self.question_translations(
            fields.get("translations"), owner=node, question=label, original=original
        )
        if len(self.problems) > before:
            return None
        return Question(
            qid, statement, answer, explanation, passage, evidence, tags, passage_role, leans, translations=translations
        )

    def find_passage(self, passage: str, node: yaml.Node, question: str, passages: Passages) -> None:
        wanted = normalise(passage)
        found = passages.find(wanted)
        if found:
            return
        if found is None:
            message = (
                "the passage is too short, or its words too common, to be looked for in a source this long; "
                "quote more of the sentence"
            )
            self.report(node, message, question)
            return
        message = "the passage is not in the source text; copy it from the source word for word"
        self.problems.append(Problem(message, node.start_mark.line + 1, question, passages.closest(wanted)))

    def passage_role(self, node: yaml.Node | None, question: str) -> PassageRole | None:
        return self.one_of(
            PassageRole,
            node,
            question,
            "'passage_role' must be supports (the passage backs the verdict) or overclaim (the passage claims "
            "more than the evidence, and the statement corrects it)",
        )

    def leaning(self, node: yaml.Node | None, question: str) -> Leaning | None:
        return self.one_of(
            Leaning,
            node,
            question,
            "'leans' must be favourable (the statement makes the subject sound safer, more effective or better "
            "established), unfavourable (riskier, less effective or less established) or neutral",
        )

    def one_of(self, choices: type[Choice], node: yaml.Node | None, question: str, rule: str) -> Choice | None:
        """An optional word from a fixed list, in any case; `rule` says what the words are when it is not one."""
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == STR:
            try:
                return choices(node.value.strip().lower())
            except ValueError:
                pass
        self.report(node, f"{rule}, found {kind(node)}", question)
        return None

    def question_id(self, fields: dict[str, yaml.Node], node: yaml.Node, number: int) -> str | None:
        qid = self.field(fields, "id", f"#{number}", owner=node)
        if qid is None:
            return None
        if len(qid) > MAX_ID_CHARS:
            self.report(
                fields["id"],
                f"the id is {len(qid)} characters long; Moodle cuts question names after {MAX_ID_CHARS}, "
                "so keep it shorter",
                f"#{number}",
            )
            return None
        if not _ID_PATTERN.fullmatch(qid):
            self.report(
                fields["id"],
                f"the id '{shown(qid)}' must be lowercase letters, digits and single hyphens; {_suggested_name(qid)}",
                f"#{number}",
            )
            return None
        return qid

    def answer(self, fields: dict[str, yaml.Node], node: yaml.Node, question: str) -> Answer | None:
        value = fields.get("answer")
        if value is None:
            self.missing(node, "answer", "'answer' is missing; write myth or fact", question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag == BOOL:
            self.report(value, f"'answer: {value.value}' is read by YAML as true/false; write myth or fact", question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag != NULL:
            try:
                return Answer(value.value.strip().lower())
            except ValueError:
                pass
        self.report(value, f"'answer' must be myth or fact, found {kind(value)}", question)
        return None

    def evidence(self, node: yaml.Node | None, question: str) -> Evidence | None:
        if node is None:
            return None
        fields = self.mapping(
            node, EVIDENCE_KEYS, what="'evidence'", question=question, shape="a mapping with a note and its sources"
        )
        if fields is None:
            return None
        note = self.field(fields, "note", question, owner=node)
        sources = self.text_list(fields.get("sources"), "sources", question)
        if not sources:
            self.report(node, "'evidence' needs at least one entry in 'sources'", question)
        return Evidence(note, sources) if note else None

    def tags(self, node: yaml.Node | None, question: str) -> tuple[str, ...]:
        if node is None:
            return ()
        tags = self.text_list(node, "tags", question)
        for tag in tags:
            self.tag_rule(node, tag, question)
        return tags

    def tag_rule(self, node: yaml.Node, tag: str, question: str | None) -> bool:
        """Whether `tag` is a tag Moodle keeps whole; reported at `node` when it is not."""
        if len(tag) > MAX_TAG_CHARS:
            self.report(
                node,
                f"the tag '{shown(tag)}' is {len(tag)} characters long; Moodle cuts tags after "
                f"{MAX_TAG_CHARS}, so keep it shorter",
                question,
            )
            return False
        if not _ID_PATTERN.fullmatch(tag):
            self.report(
                node,
                f"the tag '{shown(tag)}' must be lowercase letters, digits and hyphens; {_suggested_name(tag)}",
                question,
            )
            return False
        return True

    def text_list(self, node: yaml.Node | None, key: str, question: str) -> tuple[str, ...]:
        """A list of texts; problems are reported and the bad entries left out."""
        if node is None:
            return ()
        items = self.sequence(node, f"'{key}' must be a list, like [a, b]", question)
        values = [self.text(item, f"item {index} of '{key}'", question) for index, item in enumerate(items or (), 1)]
        return tuple(value for value in values if value is not None)


def _is_prose(text: str) -> bool:
    """Text that YAML cannot read and that is not a bank gone wrong: it starts with a word, and no line
    starts with a key a bank has, at any depth (an article given where a bank was wanted, say)."""
    keys = "|".join(sorted(set(TOP_KEYS + SOURCE_KEYS + QUESTION_KEYS + EVIDENCE_KEYS + RESOURCE_KEYS)))
    if re.search(rf"^[ \t]*(?:- )?(?:{keys})[ \t]*:", text, re.MULTILINE):
        return False
    return re.match(r"(?:[ \t]*(?:#.*)?\n)*[ \t]*\w", text.lstrip("\ufeff")) is not None


def _not_a_bank(path: str) -> Problem:
    import shlex  # only for a file that is not a bank

    return Problem(
        "this does not look like a bank: no line starts with one of a bank's keys. A bank is YAML that starts with "
        f"title:, source: and questions:; to start one from this text, run: ketaquiz new {shlex.quote(path)} "
        "-o BANK.yaml"
    )


def _runs_together(node: yaml.MappingNode) -> bool:
    keys = [key.value for key, _ in node.value]
    return any(keys.count(key) > 1 for key in _STARTS_A_QUESTION)


def _mapping_of(pairs: list[tuple[yaml.Node, yaml.Node]], whole: yaml.MappingNode) -> yaml.MappingNode:
    start = pairs[0][0].start_mark if pairs else whole.start_mark
    return yaml.MappingNode(whole.tag, pairs, start, pairs[-1][1].end_mark if pairs else whole.end_mark)


def _valid_id(node: yaml.Node) -> str | None:
    """The id a question gives itself, when it is a valid one: to name the question in every problem."""
    value = peek(node, "id")
    if value is None or len(value.value) > MAX_ID_CHARS or not _ID_PATTERN.fullmatch(value.value):
        return None
    return str(value.value)


def _suggested_name(text: str) -> str:
    """How to fix an id or tag: its nearest valid form (`Safety` -> `safety`, `Long Term` ->
    `long-term`); for one with no letter or digit a-z 0-9 at all, what to write instead."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        return "write it with the letters a-z and digits, such as 'history-2'"
    return f"did you mean '{'-'.join(words)[:MAX_TAG_CHARS]}'?"
