"""The rules of one question of a bank (its id, answer, passage, evidence, tags and leaning),
and of the fields every part of a bank has, checked over composed YAML nodes."""

from __future__ import annotations

import enum
import re
from typing import TypeVar

import yaml

from ketaquiz.i18n import _
from ketaquiz.model import Answer, Evidence, Leaning, PassageRole, Problem, Question, normalise
from ketaquiz.passages import Passages
from ketaquiz.translations import TranslationRules, item_of
from ketaquiz.yaml_errors import forgotten_dash
from ketaquiz.yamlnodes import BOOL, NULL, STR, found_instead, peek, shown

# Moodle keeps a question's name to 255 characters and a tag to 50, cutting off
# the rest on import: a GIFT export would no longer say what the bank says.
MAX_ID_CHARS = 255
MAX_TAG_CHARS = 50
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
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


class QuestionRules(TranslationRules):
    """A question's rules over its nodes, and the fields of any mapping of a bank."""

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
        qid = valid_id(node)
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


def _runs_together(node: yaml.MappingNode) -> bool:
    keys = [key.value for key, _ in node.value]
    return any(keys.count(key) > 1 for key in _STARTS_A_QUESTION)


def _mapping_of(pairs: list[tuple[yaml.Node, yaml.Node]], whole: yaml.MappingNode) -> yaml.MappingNode:
    start = pairs[0][0].start_mark if pairs else whole.start_mark
    return yaml.MappingNode(whole.tag, pairs, start, pairs[-1][1].end_mark if pairs else whole.end_mark)


def valid_id(node: yaml.Node) -> str | None:
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
