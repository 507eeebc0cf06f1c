"""The package's imports flow one way, with no circle:

    i18n  <-  errors, suggest, files, model, cells  <-  languages, yaml_errors, yamlnodes, passages, translations,
    question_rules, checker, bank
    <-  quiz  <-  votes  <-  history  <-  progress  <-  wording (and its room)  <-  saveformat  <-  screens
    <-  features (play, present, export, live, starter, audit, report)  <-  cli

The save file's format sits below `present`, which writes it, and `report`, which reads it.

Rich is drawn only by the screens and the workshop's drivers; `terminal` and `i18n` import nothing of
the package. The maintainers' tools for the catalog (`babel_extract`, `cli.clickwords`) are never imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ketaquiz"
FOUNDATIONS = {
    "ketaquiz.i18n",
    "ketaquiz.errors",
    "ketaquiz.suggest",
    "ketaquiz.files",
    "ketaquiz.model",
    "ketaquiz.cells",
}
BANK = FOUNDATIONS | {
    "ketaquiz.languages",
    "ketaquiz.yaml_errors",
    "ketaquiz.yamlnodes",
    "ketaquiz.passages",
    "ketaquiz.translations",
    "ketaquiz.question_rules",
    "ketaquiz.checker",
    "ketaquiz.bank",
}
FEATURES = (
    "ketaquiz.play",
    "ketaquiz.present",
    "ketaquiz.export",
    "ketaquiz.live",
    "ketaquiz.starter",
    "ketaquiz.audit",
    "ketaquiz.report",
)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imported(path: Path, *, at_run_time: bool = False) -> set[str]:
    """Every module a module imports, at the top or inside functions; with `at_run_time`, not
    those imported only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if at_run_time:
        skipped = {id(inner) for node in ast.walk(tree) if _type_checking_only(node) for inner in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            # `from ketaquiz.screens import learner` imports the module `learner`; a name that is
            # not a module of the package is left to the module it comes from.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
            if node.module != "ketaquiz":
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def graph() -> dict[str, set[str]]:
    return {
        name: {target for target in imported(path) if target in MODULES and target != name}
        for name, path in MODULES.items()
    }


def cycle_in(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "open"
        trail.append(name)
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[name] = "done"
        trail.pop()
        return None

    for name in sorted(edges):
        if name not in state and (found := visit(name)):
            return found
    return None


def in_room(name: str, room: str) -> bool:
    return name == room or name.startswith(room + ".")


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_another_in_a_circle() -> None:
    assert cycle_in(graph()) is None


def test_the_model_and_the_engine_sit_at_the_bottom() -> None:
    edges = graph()
    assert edges["ketaquiz.i18n"] == set()
    assert edges["ketaquiz.model"] <= {"ketaquiz.i18n"}
    assert edges["ketaquiz.errors"] == set()
    assert edges["ketaquiz.suggest"] == set()
    assert edges["ketaquiz.cells"] == set()
    assert edges["ketaquiz.files"] <= {"ketaquiz.errors", "ketaquiz.i18n"}
    assert edges["ketaquiz.yaml_errors"] <= FOUNDATIONS
    assert edges["ketaquiz.yamlnodes"] <= FOUNDATIONS | {"ketaquiz.yaml_errors"}
    assert edges["ketaquiz.passages"] <= {"ketaquiz.model", "ketaquiz.i18n"}
    assert edges["ketaquiz.languages"] <= {"ketaquiz.model", "ketaquiz.i18n"}
    assert edges["ketaquiz.translations"] <= FOUNDATIONS | {
        "ketaquiz.yamlnodes",
        "ketaquiz.languages",
        "ketaquiz.yaml_errors",
    }
    assert edges["ketaquiz.question_rules"] <= FOUNDATIONS | {
        "ketaquiz.yaml_errors",
        "ketaquiz.yamlnodes",
        "ketaquiz.passages",
        "ketaquiz.translations",
    }
    assert edges["ketaquiz.checker"] <= FOUNDATIONS | {
        "ketaquiz.yaml_errors",
        "ketaquiz.yamlnodes",
        "ketaquiz.passages",
        "ketaquiz.translations",
        "ketaquiz.question_rules",
        "ketaquiz.languages",
    }
    assert edges["ketaquiz.bank"] <= BANK
    assert edges["ketaquiz.quiz"] <= BANK
    assert edges["ketaquiz.votes"] <= BANK | {"ketaquiz.quiz"}
    assert edges["ketaquiz.history_jsonl"] == set()
    assert edges["ketaquiz.history"] <= BANK | {"ketaquiz.quiz", "ketaquiz.history_jsonl"}
    assert edges["ketaquiz.progress"] <= BANK | {"ketaquiz.quiz", "ketaquiz.history"}
    assert edges["ketaquiz.wording"] <= BANK | {"ketaquiz.quiz"}
    assert edges["ketaquiz.wording.room"] <= BANK | {"ketaquiz.quiz", "ketaquiz.votes", "ketaquiz.wording"}
    assert edges["ketaquiz.saveformat"] <= BANK | {
        "ketaquiz.quiz",
        "ketaquiz.votes",
        "ketaquiz.wording",
        "ketaquiz.wording.room",
    }


def test_the_save_files_format_is_shared_from_below_the_features_that_write_and_read_it() -> None:
    edges = graph()
    assert "ketaquiz.saveformat" in edges["ketaquiz.present.savefile"]
    assert "ketaquiz.saveformat" in edges["ketaquiz.report"]
    below = BANK | {
        "ketaquiz.quiz",
        "ketaquiz.votes",
        "ketaquiz.history",
        "ketaquiz.progress",
        "ketaquiz.wording",
        "ketaquiz.wording.room",
    }
    for name, targets in edges.items():
        if name in below:
            assert "ketaquiz.saveformat" not in targets, name


def test_the_screens_sit_below_every_feature() -> None:
    below = BANK | {"ketaquiz.quiz", "ketaquiz.history", "ketaquiz.progress", "ketaquiz.wording", "ketaquiz.screens"}
    below |= {"ketaquiz.votes", "ketaquiz.wording.room"}
    for name, targets in graph().items():
        if in_room(name, "ketaquiz.screens"):
            assert {target for target in targets if not in_room(target, "ketaquiz.screens")} <= below, name


def test_terminal_imports_nothing_of_the_package() -> None:
    assert graph()["ketaquiz.terminal"] == set()


def test_nothing_imports_the_catalogs_tools() -> None:
    for name, targets in graph().items():
        assert not {"ketaquiz.babel_extract", "ketaquiz.cli.clickwords"} & targets, name
    assert graph()["ketaquiz.babel_extract"] == set()


def test_nothing_imports_the_command_line() -> None:
    for name, targets in graph().items():
        if name not in ("ketaquiz.cli", "ketaquiz.__main__"):
            assert "ketaquiz.cli" not in targets, name


def test_features_do_not_import_each_other() -> None:
    edges = graph()
    for feature in FEATURES:
        for name, targets in edges.items():
            if in_room(name, feature):
                others = {
                    target for target in targets for other in FEATURES if other != feature and in_room(target, other)
                }
                assert not others, f"{name} imports {others}"


def test_only_the_screens_and_the_workshop_drivers_draw_with_rich() -> None:
    drawing = {
        name
        for name, path in MODULES.items()
        if any(in_room(target, "rich") for target in imported(path, at_run_time=True))
    }
    assert drawing
    for name in drawing:
        assert in_room(name, "ketaquiz.screens") or name == "ketaquiz.present.drivers", name


def test_yaml_is_read_only_where_a_bank_is_checked() -> None:
    reading = {name for name, path in MODULES.items() if "yaml" in imported(path, at_run_time=True)}
    assert reading <= {
        "ketaquiz.yaml_errors",
        "ketaquiz.yamlnodes",
        "ketaquiz.translations",
        "ketaquiz.question_rules",
        "ketaquiz.checker",
    }


TESTS = Path(__file__).resolve().parent


def test_test_modules_share_code_through_helpers_only() -> None:
    """What several test modules use lives in tests/helpers.py; conftest.py holds fixtures and nothing else."""
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests."):
                assert node.module == "tests.helpers", f"{path.name} imports from {node.module}"
            elif isinstance(node, ast.Import):
                assert not any(alias.name.startswith("tests.") for alias in node.names), path.name
    conftest = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    not_fixtures = [
        node.lineno
        for node in conftest.body
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.ClassDef))
        or (isinstance(node, ast.FunctionDef) and not node.decorator_list)
    ]
    assert not_fixtures == [], f"conftest.py lines {not_fixtures}: move them to tests/helpers.py"
