"""The package's layering rules, checked on the source with ``ast`` (nothing is imported).

    flows/      storywire.flows      top: Prefect flows and the CLI
    tasks/      storywire.tasks      middle: pure functions, no Prefect
    warehouse/  storywire.warehouse  bottom: storage

Imports may only point down. Each rule is a function over a scanned tree, run once on the
real tree and once on a small fake tree that breaks it, so a checker that silently finds
nothing cannot pass.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT

#: Top-level source folder -> installed package (``[tool.setuptools.package-dir]``).
PACKAGE_DIRS = {
    "flows": "storywire.flows",
    "tasks": "storywire.tasks",
    "warehouse": "storywire.warehouse",
}
FLOWS, TASKS, WAREHOUSE = PACKAGE_DIRS.values()
#: The one module of ``tasks`` the warehouse may use: the record types both layers share.
SHARED_RECORDS = "storywire.tasks.records"

MAX_LINES = 600
#: Files allowed over MAX_LINES, relative to the repo root, each with the reason.
LONG_FILES_ALLOWED: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Import:
    """One imported module, already resolved to an absolute dotted name."""

    target: str
    line: int
    module_level: bool  # False inside a function: a deliberate lazy import
    type_only: bool = False  # under ``if TYPE_CHECKING:``: never runs


@dataclass(slots=True)
class Module:
    name: str
    path: Path  # relative to the scanned root
    lines: int
    imports: list[Import] = field(default_factory=list)


def module_name(rel: Path) -> str | None:
    """``tasks/a/b.py`` -> ``storywire.tasks.a.b``; a package's ``__init__.py`` -> the package."""
    package = PACKAGE_DIRS.get(rel.parts[0])
    if package is None:
        return None
    parts = [*rel.parts[1:-1], rel.stem]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def scan(root: Path) -> dict[str, Module]:
    """Parse every ``.py`` file under the three package folders of ``root``."""
    modules: dict[str, Module] = {}
    trees: dict[str, ast.Module] = {}
    for top in PACKAGE_DIRS:
        for path in sorted((root / top).rglob("*.py")):
            rel = path.relative_to(root)
            name = module_name(rel)
            assert name is not None
            text = path.read_text(encoding="utf-8")
            trees[name] = ast.parse(text, filename=str(rel))
            modules[name] = Module(name, rel, len(text.splitlines()))
    for name, tree in trees.items():
        is_package = modules[name].path.name == "__init__.py"
        modules[name].imports = list(_imports(tree, name, is_package, set(modules)))
    return modules


def _imports(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> Iterator[Import]:
    package = name if is_package else name.rpartition(".")[0]

    def visit(nodes: Iterable[ast.AST], module_level: bool, type_only: bool) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(alias.name, node.lineno, module_level, type_only)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node.module, node.level, package)
                for alias in node.names:
                    # ``from pkg import sub`` depends on the module pkg.sub if there is one.
                    sub = f"{base}.{alias.name}"
                    target = sub if alias.name != "*" and sub in known else base
                    yield Import(target, node.lineno, module_level, type_only)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from visit(ast.iter_child_nodes(node), False, type_only)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from visit(node.body, module_level, True)
                yield from visit(node.orelse, module_level, type_only)
            else:
                yield from visit(ast.iter_child_nodes(node), module_level, type_only)

    return visit(tree.body, True, False)


def _absolute(module: str | None, level: int, package: str) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _is_prefect(name: str) -> bool:
    top = name.split(".")[0]
    return top == "prefect" or top.startswith("prefect_")


def _where(mod: Module, imp: Import) -> str:
    return f"{mod.path}:{imp.line} imports {imp.target}"


# --------------------------------------------------------------------------- the rules


def prefect_violations(modules: dict[str, Module]) -> list[str]:
    """Prefect (and prefect_* integrations) belong to flows/ alone."""
    return [
        _where(mod, imp)
        for mod in modules.values()
        if not _in(mod.name, FLOWS)
        for imp in mod.imports
        if _is_prefect(imp.target)
    ]


def upward_violations(modules: dict[str, Module]) -> list[str]:
    """tasks/ never imports flows/; warehouse/ imports neither flows/ nor tasks/ (but records)."""
    return [
        _where(mod, imp)
        for mod in modules.values()
        for imp in mod.imports
        if _points_up(mod.name, imp.target)
    ]


def _points_up(source: str, target: str) -> bool:
    if _in(source, TASKS):
        return _in(target, FLOWS)
    if _in(source, WAREHOUSE):
        return _in(target, FLOWS) or (_in(target, TASKS) and not _in(target, SHARED_RECORDS))
    return False


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    """storywire module -> the storywire modules it imports, at module level or inside a
    function (a lazy import still ties the two modules together); ``TYPE_CHECKING`` imports,
    which never run, are left out."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for mod in modules.values():
        for imp in mod.imports:
            if imp.type_only:
                continue
            target = imp.target
            while target and target not in modules:  # an attribute path -> its module
                target = target.rpartition(".")[0]
            if target:
                graph[mod.name].add(target)
    return graph


def import_cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Each cycle of imports, as a path that ends where it starts."""
    graph = import_graph(modules)
    return sorted(
        _cycle_in(graph, scc) for scc in _strongly_connected(graph) if _cyclic(graph, scc)
    )


def long_modules(modules: dict[str, Module], allowed: dict[str, str]) -> list[str]:
    return [
        f"{mod.path}: {mod.lines} lines"
        for mod in modules.values()
        if mod.lines > MAX_LINES and mod.path.as_posix() not in allowed
    ]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so deep import chains cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    scc = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        scc.append(top)
                        if top == node:
                            break
                    found.append(sorted(scc))
    return found


def _cyclic(graph: dict[str, set[str]], scc: list[str]) -> bool:
    return len(scc) > 1 or scc[0] in graph[scc[0]]


def _cycle_in(graph: dict[str, set[str]], scc: list[str]) -> list[str]:
    """One concrete cycle through the component's first module (breadth-first: a short one)."""
    start, members = scc[0], set(scc)
    came_from: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle in {scc}")  # unreachable for a cyclic component


# --------------------------------------------------------------------------- the real tree


@pytest.fixture(scope="module")
def tree() -> dict[str, Module]:
    return scan(ROOT)


def test_the_scan_sees_the_whole_package(tree: dict[str, Module]) -> None:
    # Guards the other tests against passing on an empty or misread tree.
    for expected in (FLOWS, TASKS, WAREHOUSE, SHARED_RECORDS, "storywire.tasks.clean.stories"):
        assert expected in tree
    assert any(_is_prefect(i.target) for m in tree.values() for i in m.imports)


def test_only_flows_import_prefect(tree: dict[str, Module]) -> None:
    assert prefect_violations(tree) == []


def test_no_upward_imports(tree: dict[str, Module]) -> None:
    assert upward_violations(tree) == []


def test_no_import_cycles(tree: dict[str, Module]) -> None:
    cycles = import_cycles(tree)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_long_modules(tree: dict[str, Module]) -> None:
    assert long_modules(tree, LONG_FILES_ALLOWED) == []


def test_long_file_allow_list_is_current(tree: dict[str, Module]) -> None:
    # An entry for a file that was split or removed would silently allow its successor.
    by_path = {m.path.as_posix(): m for m in tree.values()}
    for path, reason in LONG_FILES_ALLOWED.items():
        assert reason
        assert path in by_path, f"{path} no longer exists: drop it from LONG_FILES_ALLOWED"
        assert by_path[path].lines > MAX_LINES, f"{path} is short now: drop it from the list"


# --------------------------------------------------------------------------- fake trees


def _fake(root: Path, files: dict[str, str]) -> dict[str, Module]:
    for top in PACKAGE_DIRS:
        (root / top).mkdir(exist_ok=True)
        (root / top / "__init__.py").touch()
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(root).parents[:-1]:  # every package on the way down
            (root / folder / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return scan(root)


def test_module_names_follow_the_package_dirs() -> None:
    assert module_name(Path("flows/cli.py")) == "storywire.flows.cli"
    assert module_name(Path("tasks/clean/stories.py")) == "storywire.tasks.clean.stories"
    assert module_name(Path("tasks/enrich/__init__.py")) == "storywire.tasks.enrich"
    assert module_name(Path("warehouse/__init__.py")) == "storywire.warehouse"
    assert module_name(Path("tests/conftest.py")) is None


@pytest.mark.parametrize(
    "source",
    [
        "import prefect\n",
        "from prefect import task\n",
        "import prefect.artifacts as artifacts\n",
        "from prefect_dask import DaskTaskRunner\n",
        "def run():\n    from prefect import get_run_logger\n",
        "class Step:\n    def go(self):\n        import prefect\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import prefect\n",
    ],
)
def test_prefect_in_tasks_is_caught(tmp_path: Path, source: str) -> None:
    modules = _fake(tmp_path, {"tasks/clean/step.py": source})
    [violation] = prefect_violations(modules)
    assert violation.startswith("tasks/clean/step.py:")


def test_prefect_is_for_flows_alone(tmp_path: Path) -> None:
    modules = _fake(
        tmp_path,
        {
            "flows/ingest.py": "from prefect import flow\nfrom prefect_dask import DaskTaskRunner\n",
            "warehouse/store.py": "import prefect\n",
            "tasks/clean/step.py": "import prefect_aws  # noqa\nimport prefecture\n",
        },
    )
    assert sorted(v.split(":")[0] for v in prefect_violations(modules)) == [
        "tasks/clean/step.py",
        "warehouse/store.py",
    ]


@pytest.mark.parametrize(
    ("rel", "source", "caught"),
    [
        ("tasks/clean/step.py", "from storywire.flows import settings\n", True),
        ("tasks/clean/step.py", "import storywire.flows.cli\n", True),
        ("tasks/clean/step.py", "def f():\n    from storywire.flows.cli import app\n", True),
        ("tasks/clean/step.py", "from ...flows import cli\n", True),  # relative, 3 levels up
        ("tasks/clean/step.py", "from storywire import flows\n", True),
        ("tasks/clean/step.py", "from storywire.warehouse import store\n", False),  # down
        ("tasks/clean/step.py", "from .. import records\n", False),
        ("warehouse/store.py", "from storywire.flows.settings import DEFAULT_MODEL\n", True),
        ("warehouse/store.py", "from storywire.tasks.clean import step\n", True),
        ("warehouse/store.py", "def f():\n    import storywire.tasks.dedup\n", True),
        ("warehouse/store.py", "from ..tasks.clean.step import x\n", True),
        ("warehouse/store.py", "from storywire.tasks import dedup\n", True),
        ("warehouse/store.py", "from storywire.tasks.records import StoryRecord\n", False),
        ("warehouse/store.py", "from storywire.tasks import records\n", False),
        ("warehouse/store.py", "import storywire.tasks.records\n", False),
        (
            "flows/cli.py",
            "from storywire.tasks.clean import step\nimport storywire.warehouse\n",
            False,
        ),
    ],
)
def test_upward_imports_are_caught(tmp_path: Path, rel: str, source: str, caught: bool) -> None:
    modules = _fake(
        tmp_path,
        {
            "flows/cli.py": "",
            "flows/settings.py": "",
            "tasks/records.py": "",
            "tasks/dedup.py": "",
            "tasks/clean/step.py": "",
            "warehouse/store.py": "",
            rel: source,
        },
    )
    violations = upward_violations(modules)
    assert bool(violations) is caught, violations
    assert all(v.startswith(rel + ":") for v in violations)


def test_import_cycle_is_caught_and_named(tmp_path: Path) -> None:
    modules = _fake(
        tmp_path,
        {
            "warehouse/store.py": "from storywire.warehouse import objectstore\n",
            "warehouse/objectstore.py": "from storywire.warehouse.views import ViewSource\n",
            "warehouse/views.py": "import storywire.warehouse.store\n",
            "warehouse/schemas.py": "from storywire.warehouse import store\n",  # into, not around
        },
    )
    assert import_cycles(modules) == [
        [
            "storywire.warehouse.objectstore",
            "storywire.warehouse.views",
            "storywire.warehouse.store",
            "storywire.warehouse.objectstore",
        ]
    ]


def test_relative_and_package_imports_make_cycles_too(tmp_path: Path) -> None:
    modules = _fake(
        tmp_path,
        {
            "tasks/enrich/entities/__init__.py": "from .repair import repair\n",
            "tasks/enrich/entities/repair.py": "from storywire.tasks.enrich.entities import X\n",
            "tasks/enrich/solo.py": "from storywire.tasks.enrich import solo\n",
        },
    )
    assert import_cycles(modules) == [
        [
            "storywire.tasks.enrich.entities",
            "storywire.tasks.enrich.entities.repair",
            "storywire.tasks.enrich.entities",
        ],
        ["storywire.tasks.enrich.solo", "storywire.tasks.enrich.solo"],
    ]


@pytest.mark.parametrize(
    ("back", "cyclic"),
    [
        ("def load():\n    from storywire.warehouse import store\n", True),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from storywire.warehouse import store\n", False),
    ],
)
def test_a_lazy_import_back_is_a_cycle_a_type_only_one_is_not(tmp_path: Path, back: str, cyclic: bool) -> None:
    modules = _fake(
        tmp_path,
        {
            "warehouse/store.py": "from storywire.warehouse import views\n",
            "warehouse/views.py": back,
        },
    )
    assert bool(import_cycles(modules)) is cyclic


def test_long_module_is_caught_unless_allowed(tmp_path: Path) -> None:
    modules = _fake(
        tmp_path,
        {
            "tasks/clean/big.py": "x = 1\n" * (MAX_LINES + 1),
            "tasks/clean/limit.py": "x = 1\n" * MAX_LINES,
        },
    )
    assert long_modules(modules, {}) == [f"tasks/clean/big.py: {MAX_LINES + 1} lines"]
    assert long_modules(modules, {"tasks/clean/big.py": "a table"}) == []
