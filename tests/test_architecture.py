"""The layers of docs/architecture.md hold: imports go one way, down the flow
data -> analysis -> charts -> report -> run, with no loops (not even inside
functions or under TYPE_CHECKING), and no module is over 300 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT

PACKAGE = ROOT / "perfkit"
#: Lower layers first; the shared basics at the top of the package are layer 0.
LAYERS = ("", "data", "analysis", "charts", "report", "run")
MOST_LINES = 300


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every perfkit module a module imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found |= {target for target in targets if target in known and target != name}
    return found


def _layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 2 or (
        len(parts) == 2 and parts[1] in LAYERS) else 0


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()
             if name != "perfkit"}  # the package's face hands names on lazily
    return {name: {t for t in targets if t != "perfkit"} for name, targets in graph.items()}


def test_imports_go_down_the_layers_only():
    upward = [f"{name} ({LAYERS[_layer(name)] or 'shared'}) imports {target} "
              f"({LAYERS[_layer(target)] or 'shared'})"
              for name, targets in _graph().items() for target in sorted(targets)
              if _layer(target) > _layer(name)]
    assert upward == []


def test_there_are_no_import_loops():
    graph = _graph()
    state: dict[str, int] = {}
    loops = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                loops.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert loops == []


def test_the_checks_see_imports_inside_functions_and_relative_ones(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from perfkit.run import runner\n"
                     "from ..report import page\n", encoding="utf-8")
    found = _imports("perfkit.data.probe", probe, set(_modules()))
    assert {"perfkit.run.runner", "perfkit.report.page"} <= found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text("utf-8").splitlines()) <= MOST_LINES


def test_the_registry_names_every_notebook_and_nothing_else():
    from perfkit.registry import NOTEBOOKS

    assert sorted(NOTEBOOKS) == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
