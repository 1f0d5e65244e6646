"""The package's import graph: no cycles, and the pipeline's direction.

Every ``import`` and ``from ... import`` in ``lib/standpoint`` counts, including those inside
functions (an import hidden in a function is still a dependency). A module importing its own
package's ``__init__`` is not an edge (the package exists before its modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "standpoint"

#: the pipeline's stages, upstream first: a stage may import from stages before it, never after
STAGES = ["errors", "text", "corpus", "segment", "topics", "tagger", "terms", "stance",
          "comparison", "quotations", "explore", "render", "publish", "cli"]


def module_graph(package_dir: Path = PACKAGE) -> dict[str, set[str]]:
    """``module -> modules of the package it imports`` (dotted names, ``standpoint.x.y``).

    Example:
        >>> graph = module_graph()
        >>> "standpoint.errors" in graph["standpoint.corpus.documents"]
        True
    """
    root = package_dir.parent
    modules = {}
    for path in package_dir.rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{a.name}" for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rsplit(".", 1)[0] if "." in target else ""
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan's algorithm).

    Example:
        >>> cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}})
        [['a', 'b']]
    """
    index, low, on_stack, stack, out = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycles():
    found = cycles(module_graph())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_imports_follow_the_pipeline():
    """No stage imports a later one (e.g. the corpus readers never import the report)."""
    backwards = []
    for module, targets in module_graph().items():
        for target in targets:
            a, b = stage(module), stage(target)
            if a is not None and b is not None and b > a:
                backwards.append(f"{module} -> {target}")
    assert backwards == []


def test_the_cycle_finder_finds_a_hidden_import(tmp_path):
    """A cycle made by an import inside a function is found (the graph reads every import)."""
    pkg = tmp_path / "standpoint"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from standpoint.b import g\n")
    (pkg / "b.py").write_text("def g():\n    from standpoint.a import x\n")
    assert cycles(module_graph(pkg)) == [["standpoint.a", "standpoint.b"]]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_short(path):
    """One job per module: none over 400 lines (about a screenful of functions)."""
    n = sum(1 for _ in path.open(encoding="utf-8"))
    assert n <= 400, f"{path.relative_to(PACKAGE)} has {n} lines"
