"""The shape of the package: dependencies point one way, modules and functions stay small.

Read from the source (the AST of every module), not by importing it, so a cycle
hidden behind a function-level import counts as much as one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

#: What was already over the limits when the limits were written down (owned by other
#: work: generated data, the tables stage). New code must not join this list.
KNOWN_LONG_MODULES: set[str] = set()
KNOWN_LONG_FUNCTIONS: set[str] = set()
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name → file, for every module under `root` (a package folder)."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported(node: ast.AST, here: str, is_package: bool) -> Iterator[tuple[str, str | None]]:
    """(module, name imported from it or None) for one import statement."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, None
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = here.split(".")
            keep = len(parts) - node.level + (1 if is_package else 0)
            base = ".".join(parts[:keep] + ([base] if base else []))
        for alias in node.names:
            yield base, alias.name


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports, anywhere in its body.

    ``from a.b import c`` points at ``a.b.c`` when that is a module, else at ``a.b``.
    Parent packages a dotted import initialises on the way are not counted: that
    is how Python packages work, and a real cycle through an ``__init__`` still
    shows as an import of the package by one of its own modules.
    """
    modules = module_names(root)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            for mod, item in _imported(node, name, is_package):
                target = f"{mod}.{item}" if item and f"{mod}.{item}" in modules else mod
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_structure_no_import_cycle_in_pipeline() -> None:
    assert cycles(import_graph(PACKAGE)) == []


def test_structure_dependencies_point_one_way() -> None:
    graph = import_graph(PACKAGE)
    # The stages the brief names, lowest first: none may import one above it.
    assert not {m for m in graph["pipeline.load"] if m.startswith("pipeline.research")}
    assert "pipeline.query" not in graph["pipeline.load"]
    assert not any(
        m.startswith(("pipeline.research", "pipeline.cli"))
        for t, deps in graph.items()
        if t.startswith("pipeline.tables")
        for m in deps
    )


def test_structure_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "sub" / "b.py").write_text("def thing():\n    from ..a import x\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    graph = import_graph(pkg)
    assert graph["pkg.sub"] == {"pkg.sub.b"}  # relative, from a package's __init__
    assert graph["pkg.sub.b"] == {"pkg.a"}  # relative, inside a function: it counts too
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]


#: The docx fixture generator and the tools (the second table generator, the reference-data
#: and register builders) are held to the same sizes: they are code a reader must follow.
DOCX_PAPERS = PACKAGE.parent / "tests" / "docx_papers"
TOOLS = PACKAGE.parent / "tools"
SIZED = {**module_names(PACKAGE), **module_names(DOCX_PAPERS), **module_names(TOOLS)}


def test_structure_sizes_cover_the_tools() -> None:
    assert {"tools.gen_tables", "tools.tablegen.plan", "tools.build_reference_data"} <= set(SIZED)


def test_structure_table_generator_has_no_import_cycle() -> None:
    graph = import_graph(TOOLS / "tablegen")
    assert cycles(graph) == []
    # layout choice never depends on how a producer renders it
    assert not any(m.startswith("tablegen.render") for m in graph["tablegen.plan"])


@pytest.mark.parametrize("name", sorted(SIZED))
def test_structure_module_and_function_sizes(name: str) -> None:
    path = SIZED[name]
    text = path.read_text(encoding="utf-8")
    if name not in KNOWN_LONG_MODULES:
        assert text.count("\n") <= MAX_MODULE_LINES, f"{path} is over {MAX_MODULE_LINES} lines"
    long = [
        f"{name}.{f.name} ({(f.end_lineno or f.lineno) - f.lineno + 1} lines)"
        for f in ast.walk(ast.parse(text))
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        and (f.end_lineno or f.lineno) - f.lineno + 1 > MAX_FUNCTION_LINES
        and f"{name}.{f.name}" not in KNOWN_LONG_FUNCTIONS
    ]
    assert long == []


def test_structure_every_view_sql_file_is_installed_and_named_after_its_view() -> None:
    from pipeline.research import derived, views

    on_disk = {p.stem for p in (PACKAGE / "research" / "sql").glob("*.sql")}
    assert on_disk == set(views.SQL_FILES) | set(derived.DERIVED)
    for name in views.SQL_FILES:
        text = views.sql_text(name)
        assert f"create or replace view {name} as" in text or name.startswith("_"), name
    assert set(views.RESEARCH_VIEWS) <= set(views.SQL_FILES)
    statements = views.view_sql([]) + views.derived_sql([])[1]
    assert not any("{" in s for s in statements)  # every placeholder filled
