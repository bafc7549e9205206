"""Contracts of the code's shape, checked over its import graph and its syntax:

- the import graph has no circle (imports inside functions count);
- the setup domain (`recruiting`) never imports `candidates`;
- nothing imports a tasks module: tasks are published by their registered names;
- the outbox depends only on the models (and the kernel's statement builder);
- the rule language imports neither Django nor Celery, nor anything of ours outside it;
- only the pipeline engine assigns an application's stage, status or version.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("recruiting", "candidates")
TASKS = {"candidates.tasks", "candidates.notifications.tasks"}
ENGINE = "candidates.pipeline.engine"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def sources() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def _under_type_checking(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        test = getattr(node, "test", None)
        if isinstance(node, ast.If) and (
            (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
        ):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    return skip


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every module `module` imports, ours or not, by full dotted name."""
    path = sources()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _under_type_checking(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in sources() else base)
    return frozenset(found)


def ours(name: str) -> str | None:
    """The module of ours that an imported name belongs to."""
    while name:
        if name in sources():
            return name
        name = name.rpartition(".")[0]
    return None


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in sources():
        targets = {ours(name) for name in imports_of(module)}
        graph[module] = {t for t in targets if t and t != module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def importers_of(targets: set[str]) -> Iterator[tuple[str, str]]:
    for module, imported in edges().items():
        for target in imported & targets:
            yield module, target


def test_the_import_graph_has_no_circle() -> None:
    assert circles(edges()) == []


def test_the_checker_finds_a_circle_when_there_is_one() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_setup_domain_never_imports_candidates() -> None:
    crossing = [
        (module, name)
        for module in sources()
        if module.split(".")[0] == "recruiting"
        for name in imports_of(module)
        if name.split(".")[0] == "candidates"
    ]
    assert crossing == []


def test_nothing_imports_a_tasks_module() -> None:
    assert set(sources()) >= TASKS
    assert list(importers_of(TASKS)) == []


def test_the_outbox_imports_only_the_models_and_the_statement_builder() -> None:
    allowed = {"candidates.models", "recruiting.rows"}
    mine = {ours(name) for name in imports_of("candidates.outbox")} - {None}
    assert {m for m in mine if not any(m.startswith(a) for a in allowed)} == set()


def test_the_rule_language_imports_neither_django_nor_celery_nor_our_other_modules() -> None:
    rules = [m for m in sources() if m.startswith("recruiting.rules")]
    outside = {
        (module, name)
        for module in rules
        for name in imports_of(module)
        if name.split(".")[0] in ("django", "celery", "kombu", "rest_framework")
        or (ours(name) and not ours(name).startswith("recruiting.rules"))  # type: ignore[union-attr]
    }
    assert rules
    assert outside == set()


def test_importing_the_rule_language_loads_neither_django_nor_celery() -> None:
    probe = (
        "import sys, recruiting.rules; "
        "print(sorted(m for m in ('django', 'celery') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# One writer: only the engine assigns an application's stage, status or version.

WRITTEN = {"stage", "stage_id", "status", "version"}
APPLICATION_NAMES = {"application", "app", "applications"}


def _is_application_chain(node: ast.AST) -> bool:
    """`Application`, `Application.objects`, `Application.objects.filter(...)...`"""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return isinstance(node, ast.Name) and node.id == "Application"


def application_writes(tree: ast.AST) -> list[str]:
    """Where a module assigns an application's stage, status or version: attribute
    assignments on a variable named for an application, `setattr` on one, and creates,
    updates or constructions of `Application` naming those fields."""
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if (
                    isinstance(element, ast.Attribute)
                    and element.attr in WRITTEN
                    and isinstance(element.value, ast.Name)
                    and element.value.id in APPLICATION_NAMES
                ):
                    found.append(f"line {node.lineno}: {element.value.id}.{element.attr} =")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id == "setattr"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in APPLICATION_NAMES
        ):
            found.append(f"line {node.lineno}: setattr({node.args[0].id}, ...)")
        keywords = {k.arg for k in node.keywords}
        creating = isinstance(func, ast.Name) and func.id == "Application"
        writing = (
            isinstance(func, ast.Attribute)
            and func.attr
            in ("create", "update", "get_or_create", "update_or_create", "bulk_create")
            and _is_application_chain(func.value)
        )
        # Any creation is the engine's; an update only when it names those fields.
        if creating or (writing and (func.attr != "update" or keywords & WRITTEN)):  # type: ignore[union-attr]
            found.append(f"line {node.lineno}: {ast.unparse(func)}(...)")
    return found


def test_only_the_engine_assigns_an_applications_stage_status_or_version() -> None:
    offenders = {
        module: writes
        for module, path in sources().items()
        if module != ENGINE
        and (writes := application_writes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}
    assert application_writes(ast.parse(sources()[ENGINE].read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "code",
    [
        "application.status = 'hired'",
        "app.stage, x = stage, 1",
        "setattr(application, 'version', 3)",
        "Application.objects.filter(pk=1).update(status='active')",
        "Application.objects.create(candidate=c, job=j)",
        "Application(candidate=c)",
    ],
)
def test_the_writer_check_catches_each_kind_of_write(code: str) -> None:
    assert application_writes(ast.parse(code))


def test_the_writer_check_leaves_other_models_alone() -> None:
    code = "assessment.status = 'decided'\nDelivery.objects.filter(pk=1).update(status='sent')"
    assert application_writes(ast.parse(code)) == []
