"""The rules of a bank's texts and of their translations, over composed YAML nodes.

A bank may name its languages (`languages: [en, fr]`, the first being its fields' own) and give
each text a learner reads in the others, under `translations`. Every declared language must be
translated in full, so that a reader of it never meets a text in another language except the
quoted passage; a translation the same as its original, under a language the bank does not
declare, or with no `languages` at all, is a mistake, each reported where it is.
"""

from __future__ import annotations

import re

import yaml

from ketaquiz.files import CONTROL_CHARS
from ketaquiz.i18n import N_, _, listed
from ketaquiz.languages import CODE_RULE, base, code_form
from ketaquiz.model import BIDI_CONTROLS, Problem, QuestionTranslation, Resource
from ketaquiz.suggest import closest
from ketaquiz.yamlnodes import NodeReader, found_instead, shown

# Longer than any statement or explanation a person reads at a terminal; the
# source text is bounded only by the file size.
MAX_FIELD_CHARS = 10_000
# Besides control characters, bidirectional controls (the source's text may hold them; what is
# shown of a bank may not), and Moodle's own placeholders (&&058; and the like): its GIFT
# importer turns them into other characters, silently.
REFUSED = re.compile(CONTROL_CHARS.pattern + f"|[{BIDI_CONTROLS}]" + r"|&&\d+;")

# A name, a region, a contact or a title may be the same in two languages (Canada, a number, a
# service's own name); a sentence translated the same is one left untranslated.
_SAME_ALLOWED = ("name", "region", "contact", "title")


class TranslationRules(NodeReader):
    """Reading a bank's texts, its languages and their translations; what is missing is reported
    only for a language something is translated into (one that nothing is, is reported once)."""

    def __init__(self) -> None:
        super().__init__()
        self.languages: tuple[str, ...] = ()
        self._used: set[str] = set()
        self._missing: list[tuple[str, Problem]] = []
        self._asked_for_languages = False
        self._declared: dict[str, yaml.Node] = {}

    def text(
        self, node: yaml.Node, name: str, question: str | None, *, limit: int | None = MAX_FIELD_CHARS
    ) -> str | None:
        return self.text_value(node, name, question, limit=limit, refused=REFUSED)

    def declared_languages(self, node: yaml.Node | None) -> tuple[str, ...]:
        """The codes under `languages`, each a valid code named once; the bank's first language first."""
        if node is None:
            return ()
        self._asked_for_languages = True  # wrong as they may be, they are there: no translation asks for them
        items = self.sequence(node, _("'languages' must be a list of language codes, like [en, fr]"))
        if items is None:
            return ()
        if not items:
            self.report(node, _("'languages' is empty; name the language the bank is written in first, like [en, fr]"))
        found: dict[str, yaml.Node] = {}
        for number, item in enumerate(items, 1):
            code = self.text(item, item_of("languages", number), None)
            if code is None:
                continue
            meant = code_form(code)
            if meant != code:
                self.report(item, _not_a_code(code, meant))
            if meant is None:
                continue
            code = meant  # what it was meant to be, so that its translations are read as such
            if code in found:
                first = found[code].start_mark.line + 1
                message = _("'{code}' is listed twice in 'languages' (first on line {line}); delete one")
                self.report(item, message.format(code=code, line=first))
            else:
                found[code] = item
        self.languages = tuple(found)
        self._declared = found
        return self.languages

    def translated(self, node: yaml.Node | None, question: str | None) -> dict[str, yaml.Node] | None:
        """The translations under `node` (a `translations` key) by language, each one the bank declares;
        None when they cannot be read as such (what is missing then is not told as well)."""
        if node is None:
            return {}
        if not self.languages:
            if not self._asked_for_languages:
                self._asked_for_languages = True
                self.report(
                    node,
                    _(
                        "translations need the bank's languages: add 'languages:' at the top of the bank, the "
                        "language it is written in first, then the others (languages: [en, fr], say)"
                    ),
                    question,
                )
            return None
        if not isinstance(node, yaml.MappingNode):
            rule = _("'translations' must be a mapping of languages to texts, like fr: {{...}}").format()
            self.report(node, found_instead(rule, node), question)
            return None
        entries: dict[str, yaml.Node] = {}
        for key, value in node.value:
            language = key.value if isinstance(key, yaml.ScalarNode) else None
            if self._translatable(key, language, question) and isinstance(language, str):
                if language in entries:
                    first = entries[language].start_mark.line + 1
                    message = _("'{key}' appears twice in {what} (first on line {line}); delete one")
                    self.report(key, message.format(key=language, what="'translations'", line=first), question)
                    continue
                entries[language] = value
                self._used.add(language)
        return entries

    def _translatable(self, key: yaml.Node, language: object, question: str | None) -> bool:
        if not isinstance(language, str):
            self.report(key, found_instead(_("a language in 'translations' must be text, like fr"), key), question)
            return False
        if language == self.languages[0]:
            message = _(
                "'{language}' is the bank's first language, the one its fields are written in; translations "
                "are for the other languages"
            )
            self.report(key, message.format(language=language), question)
            return False
        if language not in self.languages:
            form = code_form(language) or language
            meant = next((code for code in (form, base(form)) if code in self.languages[1:]), None)
            meant = meant or closest(language, self.languages[1:])
            values = {"language": shown(language), "languages": ", ".join(self.languages), "meant": meant}
            message = (
                _(
                    "'{language}' is not one of the bank's languages ({languages}); did you mean '{meant}'? "
                    "add it to 'languages', or translate into one of those"
                )
                if meant
                else _(
                    "'{language}' is not one of the bank's languages ({languages}); "
                    "add it to 'languages', or translate into one of those"
                )
            )
            self.report(key, message.format(**values), question)
            return False
        return True

    def translations_of(
        self,
        node: yaml.Node | None,
        *,
        owner: yaml.Node,
        question: str | None,
        of: str | None,
        original: dict[str, str | None],
        optional: tuple[str, ...] = (),
    ) -> list[tuple[str, dict[str, str]]]:
        """The texts of each translation under `node` that gives every text of `original` it must.

        `original` holds the texts that may be translated, None where the original has none; those in
        `optional` may be left out. `of` names what is translated in messages ("the bank"), None for a
        question (whose messages name it already).
        """
        given = self.translated(node, question)
        if given is None:
            return []
        required = [key for key, text in original.items() if text is not None and key not in optional]
        complete = []
        for language in self.languages[1:]:
            entry = given.get(language)
            if entry is None:
                if required:
                    message = _said(
                        of,
                        N_("no {language} translation; add translations: {language}: with its {keys}"),
                        N_("no {language} translation of {of}; add translations: {language}: with its {keys}"),
                        language=language,
                        keys=listed(required),
                    )
                    self._missing.append((language, Problem(message, owner.start_mark.line + 1, question)))
                continue
            texts = self.texts_of(entry, tuple(original), language=language, of=of, question=question)
            if texts is None:
                continue
            for key, text in texts.items():
                self.compare(entry, key, text, original[key], language=language, of=of, question=question)
            for key in required:
                if key not in _keys(entry):
                    missing = _said(
                        of,
                        N_("'{key}' is missing from the {language} translation"),
                        N_("'{key}' is missing from the {language} translation of {of}"),
                        key=key,
                        language=language,
                    )
                    self.missing(entry, key, missing, question)
            if all(key in texts for key in required) and all(original[key] is not None for key in texts):
                complete.append((language, texts))
        return complete

    def texts_of(
        self, node: yaml.Node, keys: tuple[str, ...], *, language: str, of: str | None, question: str | None
    ) -> dict[str, str] | None:
        """The texts of one translation, each checked as any text of a bank is."""
        what = _said(of, N_("the {language} translation"), N_("the {language} translation of {of}"), language=language)
        fields = self.mapping(node, keys, what=what, question=question)
        if fields is None:
            return None
        texts = {
            key: self.text(
                value,
                _said(
                    of,
                    N_("'{key}' in the {language} translation"),
                    N_("'{key}' in the {language} translation of {of}"),
                    key=key,
                    language=language,
                ),
                question,
            )
            for key, value in fields.items()
        }
        return {key: text for key, text in texts.items() if text is not None}

    def compare(
        self,
        entry: yaml.Node,
        key: str,
        text: str,
        original: str | None,
        *,
        language: str,
        of: str | None,
        question: str | None,
    ) -> None:
        """A translated text with nothing to translate, or one the same as its original, word for word."""
        if original is None:
            message = _said(
                of,
                N_(
                    "the {language} translation has '{key}', but the original has none; give it in {first} too, "
                    "or leave it out"
                ),
                N_(
                    "the {language} translation of {of} has '{key}', but the original has none; give it in "
                    "{first} too, or leave it out"
                ),
                language=language,
                key=key,
                first=self.languages[0],
            )
            self.report(_value_of(entry, key), message, question)
        elif key not in _SAME_ALLOWED and " ".join(text.split()) == " ".join(original.split()):
            message = _said(
                of,
                N_("'{key}' in the {language} translation is the same as the original; translate it"),
                N_("'{key}' in the {language} translation of {of} is the same as the original; translate it"),
                key=key,
                language=language,
            )
            self.report(_value_of(entry, key), message, question)

    def translation_problems(self) -> list[Problem]:
        """Translations found missing, for the languages in use, and each declared language never used."""
        problems = [problem for language, problem in self._missing if language in self._used]
        for language in self.languages[1:]:
            if language not in self._used:
                message = _(
                    "'{language}' is in 'languages', but nothing in the bank is translated into it; add its "
                    "translations, or take it out of 'languages'"
                )
                problems.append(
                    Problem(message.format(language=language), self._declared[language].start_mark.line + 1)
                )
        return problems

    def question_translations(
        self, node: yaml.Node | None, *, owner: yaml.Node, question: str, original: dict[str, str | None]
    ) -> tuple[tuple[str, QuestionTranslation], ...]:
        """A question's translations; `original` holds its statement, explanation, passage and evidence note."""
        found = self.translations_of(
            node, owner=owner, question=question, of=None, original=original, optional=("passage",)
        )
        return tuple(
            (language, QuestionTranslation(t["statement"], t["explanation"], t.get("passage"), t.get("note")))
            for language, t in found
        )

    def resource_translations(
        self, node: yaml.Node | None, owner: yaml.Node, resource: Resource
    ) -> tuple[tuple[str, Resource], ...]:
        original = {
            "name": resource.name,
            "region": resource.region,
            "contact": resource.contact,
            "details": resource.details,
        }
        of = _("resource '{name}'").format(name=shown(resource.name))
        found = self.translations_of(node, owner=owner, question=None, of=of, original=original)
        return tuple(
            (language, Resource(t["name"], t["contact"], t.get("region"), t.get("details"))) for language, t in found
        )

    def title_translations(
        self, node: yaml.Node | None, owner: yaml.Node, title: str | None
    ) -> tuple[tuple[str, str], ...]:
        found = self.translations_of(node, owner=owner, question=None, of=_("the bank"), original={"title": title})
        return tuple((language, texts["title"]) for language, texts in found if "title" in texts)


def item_of(key: str, number: int) -> str:
    """An item of a list, as messages name it: "item 2 of 'tags'"."""
    return _("item {number} of '{key}'").format(number=number, key=key)


def _said(of: str | None, alone: str, of_something: str, **values: str) -> str:
    """A message about a translation: of a question, named already (`alone`), or `of` something else."""
    if of is None:
        return _(alone).format(**values)
    # TRANSLATORS: {of} names what is translated: "the bank", "resource 'Poison Help'".
    return _(of_something).format(of=of, **values)


def _not_a_code(code: str, meant: str | None) -> str:
    if meant:
        message = _("the language '{code}' must be {rule}; did you mean '{meant}'?")
    else:
        message = _("the language '{code}' must be {rule}")
    return message.format(code=shown(code), rule=_(CODE_RULE), meant=meant)


def _keys(node: yaml.Node) -> set[str]:
    return {key.value for key, _ in node.value} if isinstance(node, yaml.MappingNode) else set()


def _value_of(node: yaml.Node, key: str) -> yaml.Node:
    """The value under `key` in a mapping node, to report a problem on its line; the mapping itself otherwise."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value  # type: ignore[no-any-return]
    return node
