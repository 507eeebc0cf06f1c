"""The bank's rules, checked over composed YAML nodes in one pass.

Every problem is collected, never only the first: an author fixes a whole bank
from one run of `ketaquiz validate`. The problems come back in line order.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.i18n import _
from ketaquiz.model import (
    Bank,
    Problem,
    Question,
    Resource,
    Source,
)
from ketaquiz.passages import Passages
from ketaquiz.question_rules import EVIDENCE_KEYS, QUESTION_KEYS, QuestionRules, valid_id
from ketaquiz.suggest import closest
from ketaquiz.translations import item_of
from ketaquiz.yaml_errors import forgotten_dash
from ketaquiz.yamlnodes import NULL, SEQ, Unreadable, compose, shown

_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

TOP_KEYS = ("title", "reviewed", "focus", "languages", "translations", "source", "resources", "questions")
SOURCE_KEYS = ("title", "url", "text")
RESOURCE_KEYS = ("name", "region", "contact", "details", "translations")


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


class _BankRules(QuestionRules):
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
            qid = valid_id(item)
            if qid is not None and qid in first_line:
                self.report(item, _("duplicate id; first used on line {line}").format(line=first_line[qid]), qid)
            elif qid is not None:
                first_line[qid] = item.start_mark.line + 1
                if question is not None:
                    questions.append(question)
        return tuple(questions)


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
