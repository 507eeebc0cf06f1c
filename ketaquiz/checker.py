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
from ketaquiz.i18n import _
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
from ketaquiz.suggest import closest
from ketaquiz.translations import TranslationRules, item_of
from ketaquiz.yamlnodes import (
    BOOL,
    NULL,
    SEQ,
    STR,
    Unreadable,
    compose,
    forgotten_dash,
    found_instead,
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
        top = self.mapping(root, TOP_KEYS, what=_("the bank"), question=None)
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
            self.missing(owner, key, _("'{key}' is missing").format(key=key), question)
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
            self.report(
                node, _("'reviewed' must be a date like 2026-11-28, found '{value}'").format(value=shown(value))
            )
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
            meant = closest(tag, known)
            message = (
                _(
                    "'focus' is '{tag}', but no statement has that tag; did you mean '{meant}'? "
                    "tags in this bank: {tags}"
                )
                if meant
                else _("'focus' is '{tag}', but no statement has that tag; tags in this bank: {tags}")
            )
            self.report(node, message.format(tag=shown(tag), meant=meant, tags=", ".join(known) or _("none")))
            return None
        return tag

    def resources(self, node: yaml.Node | None) -> tuple[Resource, ...]:
        if node is None:
            return ()
        items = self.sequence(node, _("'resources' must be a list of places to get help"))
        found = []
        for number, item in enumerate(items or (), 1):
            fields = self.mapping(item, RESOURCE_KEYS, what=item_of("resources", number), question=None)
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
            self.report(root, _("'source' is missing: add the title and text the statements are drawn from"))
            return None
        shape = _("a mapping with title and text")
        fields = self.mapping(node, SOURCE_KEYS, what="'source'", question=None, shape=shape)
        if fields is None:
            return None
        title = self.field(fields, "title", None, owner=node)
        text_node = fields.get("text")
        if text_node is None:
            self.missing(node, "text", _("'text' is missing: paste the article the passages are quoted from"), None)
            text = None
        else:
            text = self.text_value(text_node, "'text'", None, limit=None, refused=CONTROL_CHARS)
        url = self.optional_text(fields, "url", None)
        if title is None or text is None:
            return None
        return Source(title=title, text=text, url=url)

    def questions(self, node: yaml.Node | None, root: yaml.Node, source: Source | None) -> tuple[Question, ...] | None:
        if node is None:
            self.report(root, _("'questions' is missing: add a list of questions"))
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            self.report(node, _("'questions' has no questions yet; add one, starting with '- id:'"))
            return None
        if isinstance(node, yaml.MappingNode) and any(key.value in QUESTION_KEYS for key, _ in node.value):
            line = node.value[0][0].start_mark.line + 1
            self.report(node, forgotten_dash(line))
            node = yaml.SequenceNode(SEQ, [node], node.start_mark, node.end_mark)
        items = self.sequence(node, _("'questions' must be a list"))
        if items is None:
            return None
        if not items:
            self.report(node, _("'questions' is empty; add at least one question"))
            return None
        passages = Passages(source.text) if source is not None else None
        questions: list[Question] = []
        first_line: dict[str, int] = {}
        for number, item in enumerate(self.split_run_together(items), 1):
            question = self.question(item, number, passages)
            qid = _valid_id(item)
            if qid is not None and qid in first_line:
                self.report(item, _("duplicate id; first used on line {line}").format(line=first_line[qid]), qid)
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
        fields = self.mapping(node, QUESTION_KEYS, what=_("question {number}").format(number=number), question=qid)
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
            message = _(
                "the passage is too short, or its words too common, to be looked for in a source this long; "
                "quote more of the sentence"
            )
            self.report(node, message, question)
            return
        message = _("the passage is not in the source text; copy it from the source word for word")
        self.problems.append(Problem(message, node.start_mark.line + 1, question, passages.closest(wanted)))

    def passage_role(self, node: yaml.Node | None, question: str) -> PassageRole | None:
        return self.one_of(
            PassageRole,
            node,
            question,
            _(
                "'passage_role' must be supports (the passage backs the verdict) or overclaim (the passage claims "
                "more than the evidence, and the statement corrects it)"
            ),
        )

    def leaning(self, node: yaml.Node | None, question: str) -> Leaning | None:
        return self.one_of(
            Leaning,
            node,
            question,
            _(
                "'leans' must be favourable (the statement makes the subject sound safer, more effective or better "
                "established), unfavourable (riskier, less effective or less established) or neutral"
            ),
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
        self.report(node, found_instead(rule, node), question)
        return None

    def question_id(self, fields: dict[str, yaml.Node], node: yaml.Node, number: int) -> str | None:
        qid = self.field(fields, "id", f"#{number}", owner=node)
        if qid is None:
            return None
        if len(qid) > MAX_ID_CHARS:
            message = _(
                "the id is {count} characters long; Moodle cuts question names after {limit}, so keep it shorter"
            )
            self.report(fields["id"], message.format(count=len(qid), limit=MAX_ID_CHARS), f"#{number}")
            return None
        if not _ID_PATTERN.fullmatch(qid):
            meant = _suggested_name(qid)
            message = (
                _("the id '{id}' must be lowercase letters, digits and single hyphens; did you mean '{meant}'?")
                if meant
                else _(
                    "the id '{id}' must be lowercase letters, digits and single hyphens; write it with the letters "
                    "a-z and digits, such as 'history-2'"
                )
            )
            self.report(fields["id"], message.format(id=shown(qid), meant=meant), f"#{number}")
            return None
        return qid

    def answer(self, fields: dict[str, yaml.Node], node: yaml.Node, question: str) -> Answer | None:
        value = fields.get("answer")
        if value is None:
            self.missing(node, "answer", _("'answer' is missing; write myth or fact"), question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag == BOOL:
            message = _("'answer: {value}' is read by YAML as true/false; write myth or fact")
            self.report(value, message.format(value=value.value), question)
            return None
        if isinstance(value, yaml.ScalarNode) and value.tag != NULL:
            try:
                return Answer(value.value.strip().lower())
            except ValueError:
                pass
        self.report(value, found_instead(_("'answer' must be myth or fact"), value), question)
        return None

    def evidence(self, node: yaml.Node | None, question: str) -> Evidence | None:
        if node is None:
            return None
        shape = _("a mapping with a note and its sources")
        fields = self.mapping(node, EVIDENCE_KEYS, what="'evidence'", question=question, shape=shape)
        if fields is None:
            return None
        note = self.field(fields, "note", question, owner=node)
        sources = self.text_list(fields.get("sources"), "sources", question)
        if not sources:
            self.report(node, _("'evidence' needs at least one entry in 'sources'"), question)
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
            message = _(
                "the tag '{tag}' is {count} characters long; Moodle cuts tags after {limit}, so keep it shorter"
            )
            self.report(node, message.format(tag=shown(tag), count=len(tag), limit=MAX_TAG_CHARS), question)
            return False
        if not _ID_PATTERN.fullmatch(tag):
            meant = _suggested_name(tag)
            message = (
                _("the tag '{tag}' must be lowercase letters, digits and hyphens; did you mean '{meant}'?")
                if meant
                else _(
                    "the tag '{tag}' must be lowercase letters, digits and hyphens; write it with the letters a-z "
                    "and digits, such as 'history-2'"
                )
            )
            self.report(node, message.format(tag=shown(tag), meant=meant), question)
            return False
        return True

    def text_list(self, node: yaml.Node | None, key: str, question: str) -> tuple[str, ...]:
        """A list of texts; problems are reported and the bad entries left out."""
        if node is None:
            return ()
        items = self.sequence(node, _("'{key}' must be a list, like [a, b]").format(key=key), question)
        values = [self.text(item, item_of(key, index), question) for index, item in enumerate(items or (), 1)]
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

    message = _(
        "this does not look like a bank: no line starts with one of a bank's keys. A bank is YAML that starts with "
        "title:, source: and questions:; to start one from this text, run: ketaquiz new {path} -o BANK.yaml"
    )
    return Problem(message.format(path=shlex.quote(path)))


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


def _suggested_name(text: str) -> str | None:
    """The nearest valid form of an id or tag (`Safety` -> `safety`, `Long Term` -> `long-term`); None
    for one with no letter or digit a-z 0-9 at all."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:MAX_TAG_CHARS] if words else None
