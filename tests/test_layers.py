"""The package's imports flow one way: model <- checker <- bank <- quiz <- render <- features <- cli, with no circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ketaquiz"


def imports_of(path: Path) -> set[str]:
    """Every ketaquiz module a module imports, at the top, inside functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ketaquiz"):
            if node.module == "ketaquiz":
                found.update(f"ketaquiz.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("ketaquiz."))
    return found


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {target for target in imports_of(path) if target in modules and target != name}
        for name, path in modules.items()
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


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_another_in_a_circle() -> None:
    assert cycle_in(graph()) is None


def test_the_model_and_the_engine_sit_at_the_bottom() -> None:
    edges = graph()
    assert edges["ketaquiz.model"] == set()
    assert edges["ketaquiz.yamlnodes"] <= {"ketaquiz.model"}
    assert edges["ketaquiz.checker"] <= {"ketaquiz.model", "ketaquiz.yamlnodes"}
    assert edges["ketaquiz.bank"] <= {"ketaquiz.files", "ketaquiz.model", "ketaquiz.checker"}
    assert edges["ketaquiz.quiz"] <= {"ketaquiz.bank"}
    assert "ketaquiz.render" not in edges["ketaquiz.terminal"]


def test_nothing_imports_the_command_line() -> None:
    for name, targets in graph().items():
        if name not in ("ketaquiz.cli", "ketaquiz.__main__"):
            assert "ketaquiz.cli" not in targets, name


def test_features_do_not_import_each_other() -> None:
    features = {"ketaquiz.play", "ketaquiz.present", "ketaquiz.export", "ketaquiz.history"}
    edges = graph()
    for feature in features & edges.keys():
        assert not edges[feature] & (features - {feature}), feature


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
