"""For maintainers: how `pybabel extract` finds ketaquiz's messages (`babel.cfg` names this).

Babel's own Python extractor finds the calls of `_()`, `ngettext()`, `pgettext()` and `N_()`.
Besides them, a command's help is its function's docstring, which click takes as it is written:
this adds the docstring of every function decorated as a command or a group, cleaned as click
shows it. Never imported when ketaquiz runs.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Collection, Iterable, Iterator
from typing import IO, Any

# Marks a singular and plural pair without translating it: click's own messages (cli/clickwords.py).
PLURAL_MARK = "Nn_"
# A comment starting so, on the line above a message, goes into the catalog for the translator.
COMMENT_TAG = "TRANSLATORS:"
_COMMAND_DECORATORS = ("command", "group")
_HELP_NOTE = "The help of a command (ketaquiz COMMAND --help); its first sentence also sums it up in ketaquiz --help."


def messages(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Every message of one Python file: its calls of the translation functions, then its commands' help."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    tags = sorted({*comment_tags, COMMENT_TAG})
    # Babel's annotations give extractors' results the layout of its own extract(); extract_python's
    # are (line, function, message, comments), as an extractor's must be.
    found: Iterable[Any] = extract_python(io.BytesIO(source), [*keywords, PLURAL_MARK], tags, options)  # type: ignore[arg-type]
    yielded = set()
    for line, function, message, comments in found:
        yielded.add((line, message))
        # A marked pair is read as ngettext's: singular, then plural.
        yield line, "ngettext" if function == PLURAL_MARK else function, message, comments
    tree = ast.parse(source)
    for line, function, message in _in_f_strings(tree, keywords):
        if (line, message) not in yielded:
            yield line, function, message, []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(_is_command(decorator) for decorator in node.decorator_list):
            help_text = ast.get_docstring(node, clean=True)
            if help_text:
                yield node.body[0].lineno, None, help_text, [_HELP_NOTE]


def _in_f_strings(tree: ast.AST, keywords: Collection[str]) -> Iterator[tuple[int, str, Any]]:
    """The calls of the translation functions inside f-strings (`f"<h2>{_('What changed')}</h2>"`), which
    Babel's own extractor reads on Python 3.12 and later only: each as Babel gives a call, its string
    arguments (None for any other)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in keywords:
                texts = tuple(arg.value if isinstance(arg, ast.Constant) else None for arg in call.args)
                yield call.lineno, call.func.id, texts[0] if len(texts) == 1 else texts


def _is_command(decorator: ast.expr) -> bool:
    """`@cli.command()`, `@click.group(...)` and their like."""
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(called, ast.Attribute):
        return called.attr in _COMMAND_DECORATORS
    return isinstance(called, ast.Name) and called.id in _COMMAND_DECORATORS
