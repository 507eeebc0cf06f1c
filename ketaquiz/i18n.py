"""The interface's own words in the user's language: gettext, from the standard library.

Every sentence ketaquiz writes goes through `_()` (or `ngettext()` when it counts something, so
that each language's plural forms apply, and `pgettext()` for a short word that could be read
two ways). A string defined when a module is imported is marked with `N_()` and translated
where it is used, once the language is known.

The language comes from `--lang` (its first language), else `KETAQUIZ_LANG`, else the user's
locale as gettext reads it (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`: `fr_CA.UTF-8` is French),
else English. A language ketaquiz has no catalog for is English, silently. The command line
chooses it with `interface()` before click parses anything, so click's own words (`Usage:`,
`Error:`), which go through the standard library's `gettext` with the default text domain, come
from the same catalog. A catalog is read the first time a word is translated: a command that
translates nothing, `--version`, reads none.

An export speaks the language of the bank it is written in (`speaking()`), whatever the
interface's, and a thread or task may do the same without changing any other's.

The catalogs are `locale/<language>/LC_MESSAGES/ketaquiz.mo` beside this module, compiled from
the `.po` files by the build (`KETAQUIZ_LOCALEDIR` points elsewhere, for a test's catalog). This
module imports nothing of ketaquiz, so that everything else can use it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

DOMAIN = "ketaquiz"
SOURCE_LANGUAGE = "en"
# The locale variables gettext reads, in its order; the first one set names the languages.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# A language as --lang, KETAQUIZ_LANG or a locale names it: fr, fr-ca, fr_CA.UTF-8, sr_RS@latin. Anything
# else is no language (gettext would take "french" for French: --lang refuses it, and so does this).
# Compiled on first use, by re's own cache: a run that names no language never compiles it.
_LANGUAGE = r"(?i)[a-z]{2,3}(?:[-_][a-z0-9]{2,3})?(?:\.[\w-]+)?(?:@\w+)?"


class Catalog:
    """The words of one language; as written (English), with no catalog to read."""

    language = SOURCE_LANGUAGE  # the code of the language it speaks: en, fr

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


ENGLISH = Catalog()

_asked: tuple[str, ...] = ()  # the interface's languages, most wanted first
_interface: Catalog | None = None  # read on the first word translated
_catalogs: dict[str, Catalog] = {}  # by catalog file
_speaking: ContextVar[Catalog | None] = ContextVar("ketaquiz_speaking", default=None)


def _(message: str) -> str:
    """`message` in the language in use."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that counts `n` things, by the plural rules of the language in use."""
    return _current().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A short `message` in the sense `context` says ("typed reply", "verdict")."""
    return _current().pgettext(context, message)


def number(count: int) -> str:
    """A whole number as the language in use writes it: 10,000 in English, 10 000 in French."""
    # TRANSLATORS: what separates the thousands in a number (10,000): in French, a narrow no-break space.
    return f"{count:,}".replace(",", pgettext("thousands separator", ","))


def decimal(value: float, places: int | None = 1) -> str:
    """A number with `places` decimals (None: as few as it needs, 2 or 2.5) as the language in use writes
    it: 9.7 in English, 9,7 in French."""
    written = f"{value:g}" if places is None else f"{value:.{places}f}"
    # TRANSLATORS: what separates a number's whole part from its decimals (9.7): in French, a comma.
    return written.replace(".", pgettext("decimal separator", "."))


def listed(items: Sequence[str]) -> str:
    """Items in a sentence: "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    # TRANSLATORS: the end of a list in a sentence: "statement, explanation and note".
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def either(items: Sequence[str]) -> str:
    """Choices in a sentence: "a", "a or b", "a, b or c"."""
    if len(items) < 2:
        return "".join(items)
    # TRANSLATORS: the end of a list of choices in a sentence: "'safety' or 'addiction'".
    return _("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; `_()` translates it where it is shown."""
    return message


def localedir() -> str:
    return os.environ.get("KETAQUIZ_LOCALEDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def catalog_file(languages: Sequence[str]) -> str | None:
    """The catalog of the first of `languages` that has one (fr-ca and fr_CA.UTF-8 find fr_CA's, else
    fr's); None when that is English, or when none has one."""
    for language in languages:
        form = language.strip().replace("-", "_")
        if not re.fullmatch(_LANGUAGE, form):
            continue
        code, _, region = form.split(".")[0].split("@")[0].partition("_")
        if code.lower() == SOURCE_LANGUAGE:
            return None
        # As gettext looks: the language with its region first, then alone (fr_CA, then fr).
        for folder in ([f"{code.lower()}_{region.upper()}"] if region else []) + [code.lower()]:
            found = os.path.join(localedir(), folder, "LC_MESSAGES", f"{DOMAIN}.mo")
            if os.path.exists(found):
                return found
    return None


class _Translated(Catalog):
    """A catalog read from its file."""

    def __init__(self, path: str) -> None:
        import gettext

        self.language = _folder_language(path)
        # The standard library keeps the catalogs it reads; click's words, looked up through it, find
        # this one there, so that it is read once.
        self._read = gettext.translation(
            DOMAIN, os.path.dirname(os.path.dirname(os.path.dirname(path))), [self.language]
        )

    def gettext(self, message: str) -> str:
        return self._read.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._read.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._read.pgettext(context, message)


def catalog(languages: Sequence[str]) -> Catalog:
    """The catalog of the first of `languages` that has one, English otherwise; each read once."""
    found = catalog_file(languages)
    if found is None:
        return ENGLISH
    if found not in _catalogs:
        try:
            _catalogs[found] = _Translated(found)
        except (OSError, ValueError):
            _catalogs[found] = ENGLISH  # a damaged catalog costs its words, never the command
    return _catalogs[found]


def _folder_language(path: str) -> str:
    """The language a catalog is for, named by its folder: locale/fr/LC_MESSAGES/ketaquiz.mo is French."""
    return os.path.basename(os.path.dirname(os.path.dirname(path)))


def spoken() -> str:
    """The code of the language in use: the interface's, or the one `speaking()` asks for."""
    return _current().language


def from_environment() -> tuple[str, ...]:
    """The languages the environment asks for: KETAQUIZ_LANG's first, else the locale's, as gettext reads them."""
    asked = os.environ.get("KETAQUIZ_LANG", "").split(",")[0].strip()
    if asked:
        return (asked,)
    for name in LOCALE_VARIABLES:
        value = os.environ.get(name)
        if value:
            return tuple(part for part in value.split(":") if part)
    return ()


def use(languages: Sequence[str]) -> None:
    """Speak the first of `languages` that has a catalog (English when none has one) from now on."""
    global _asked, _interface
    _asked = tuple(languages)
    _interface = None


def in_use() -> tuple[str, ...]:
    return _asked


def _current() -> Catalog:
    global _interface
    speaking = _speaking.get()
    if speaking is not None:
        return speaking
    if _interface is None:
        _interface = catalog(_asked)
    return _interface


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Within the block, and only in this thread or task, speak `language` (None: the interface's)."""
    token = _speaking.set(catalog((language,)) if language else None)
    try:
        yield
    finally:
        _speaking.reset(token)


@contextmanager
def interface(languages: Sequence[str]) -> Iterator[None]:
    """Within the block, the interface speaks the first of `languages` with a catalog, and so do the
    words of click and of any library that asks the standard library's gettext with the default
    text domain; as it was before, after."""
    import gettext  # click has imported it already: this costs nothing

    before = (_asked, os.environ.get("LANGUAGE"), gettext.textdomain(), gettext.bindtextdomain(DOMAIN))
    found = catalog_file(languages)
    use(languages)
    if found is not None:
        # gettext takes its languages from the environment only: LANGUAGE comes first, and names the
        # catalog's own folder (fr), which a child process (the pager) reads too.
        os.environ["LANGUAGE"] = _folder_language(found)
        gettext.bindtextdomain(DOMAIN, localedir())
        gettext.textdomain(DOMAIN)
    try:
        yield
    finally:
        asked, language, domain, bound = before
        use(asked)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
        gettext.textdomain(domain)
        gettext.bindtextdomain(DOMAIN, bound)
