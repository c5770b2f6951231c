"""The package's import graph: no cycles, and no arrow from a lower layer up to a higher one.

Layers, from the bottom (a module may import its own layer and the ones below it):

  base        items, processors, exceptions, run, compat, schema,      plain data and pure helpers
              settings (imports nothing from jpcrawl), config
  pages       pages/                                                    (url, html) -> data; no Scrapy engine
  services    state/, feeds, browser, session, replica/                 stores, files, the browser, the login
  components  middlewares/, pipelines/, extensions/, distributed/       Scrapy components
  spiders     spiders/
  tools       commands/, bench/, tools/                                 what a person runs

Imports under `if TYPE_CHECKING:` are left out: they never run. Function-level imports count: hiding an
import inside a function does not remove the arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "jpcrawl"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        ("items", "processors", "exceptions", "run", "compat", "schema", "settings", "config", "__init__"),
    ),
    ("pages", ("pages",)),
    ("services", ("state", "feeds", "browser", "session", "replica")),
    ("components", ("middlewares", "pipelines", "extensions", "distributed")),
    ("spiders", ("spiders",)),
    ("tools", ("commands", "bench", "tools", "contracts")),
]
RANK = {top: rank for rank, (_, tops) in enumerate(LAYERS) for top in tops}

# What the page objects must never depend on: they are pure code over (url, html).
PAGES_FORBIDDEN_THIRD_PARTY = ("scrapy", "scrapy_playwright", "playwright", "twisted")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not path.is_relative_to(ROOT):
        package = ""
    elif path.name == "__init__.py":
        package = module_name(path)
    else:
        package = module_name(path).rpartition(".")[0]
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                out.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    mod = ".".join([*base, child.module] if child.module else base)
                else:
                    mod = child.module or ""
                out.add(mod)
                # `from jpcrawl.pkg import module` imports a module, not a name
                out.update(f"{mod}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return out


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PKG.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imports_of(path):
            if imported in modules and imported != name:
                # A submodule importing its own package's __init__ is how Python imports work, not an arrow.
                if name.startswith(imported + "."):
                    continue
                targets.add(imported)
        edges[name] = targets
    return edges


def layer_of(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    assert top in RANK, f"{module}: not in any layer of tests/test_layout.py; add it to LAYERS"
    return RANK[top]


def test_every_module_has_a_layer() -> None:
    for module in graph():
        layer_of(module)


def test_no_import_cycles() -> None:
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strongconnect(w)
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
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    assert cycles == [], f"import cycles: {cycles}"


def test_no_arrow_up_the_layers() -> None:
    bad = [
        f"{src} ({LAYERS[layer_of(src)][0]}) imports {dst} ({LAYERS[layer_of(dst)][0]})"
        for src, targets in graph().items()
        for dst in targets
        if layer_of(dst) > layer_of(src)
    ]
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize(
    ("lower", "forbidden"),
    [
        ("pages", ("middlewares", "spiders", "pipelines", "extensions", "distributed", "commands")),
        ("pipelines", ("middlewares", "spiders", "commands")),
        ("replica", ("pages", "spiders", "middlewares", "pipelines", "extensions")),  # an independent server
    ],
)
def test_named_rules(lower: str, forbidden: tuple[str, ...]) -> None:
    bad = [
        (src, dst)
        for src, targets in graph().items()
        if src.split(".")[1:2] == [lower]
        for dst in targets
        if dst.split(".")[1:2] and dst.split(".")[1] in forbidden
    ]
    assert bad == []


def test_pages_never_import_the_engine_or_the_browser() -> None:
    bad = []
    for path in (PKG / "pages").rglob("*.py"):
        for imported in imports_of(path):
            if imported.split(".")[0] in PAGES_FORBIDDEN_THIRD_PARTY:
                bad.append((module_name(path), imported))
    assert bad == []


def test_the_checker_reads_real_imports(tmp_path: Path) -> None:
    """The checks above would pass on an empty graph: show they read real imports."""
    edges = graph()
    assert "jpcrawl.pages.base" in edges["jpcrawl.pages.jakartapost"]
    assert "jpcrawl.extensions.rejects" in edges["jpcrawl.middlewares.interstitial"]
    # a function-level import counts
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from jpcrawl.spiders import base\n", encoding="utf-8")
    assert "jpcrawl.spiders.base" in imports_of(probe) or "jpcrawl.spiders" in imports_of(probe)
    probe.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import jpcrawl.spiders\n")
    assert "jpcrawl.spiders" not in imports_of(probe)
