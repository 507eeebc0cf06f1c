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
    for line, function, message, comments in found:
        # A marked pair is read as ngettext's: singular, then plural.
        yield line, "ngettext" if function == PLURAL_MARK else function, message, comments
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(_is_command(decorator) for decorator in node.decorator_list):
            help_text = ast.get_docstring(node, clean=True)
            if help_text:
                yield node.body[0].lineno, None, help_text, [_HELP_NOTE]


def _is_command(decorator: ast.expr) -> bool:
    """`@cli.command()`, `@click.group(...)` and their like."""
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(called, ast.Attribute):
        return called.attr in _COMMAND_DECORATORS
    return isinstance(called, ast.Name) and called.id in _COMMAND_DECORATORS
