"""The house's own rules that no linter checks (issue 14): no production function over 80 lines,
and no setting read with a default of its own (each is declared in settings.py)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kernel", "astana_migration", "quotas", "settlements", "registration", "monitoring", "proposals")
MAX_FUNCTION_LINES = 80


def _production_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
                continue
            yield path


def test_the_walk_sees_every_app():
    names = {path.relative_to(ROOT).parts[0] for path in _production_modules()}
    assert names == set(PACKAGES)


def test_no_production_function_is_over_80_lines():
    long = []
    for path in _production_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_settings_are_read_as_declared_never_with_a_default_of_their_own():
    found = []
    for path in _production_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
