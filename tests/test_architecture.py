"""Imports follow ARCHITECTURE.md: one direction, layers in shared/, no circles, lazy adapters."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"shared", "hardware", "kiosk", "staff_console", "smartbranch"}
MAY_IMPORT = {
    "shared": {"shared"},
    "hardware": {"hardware", "shared"},
    "kiosk": {"kiosk", "shared", "hardware"},
    "staff_console": {"staff_console", "shared"},
    "smartbranch": OURS,  # the composition root: command line and app factory
}
# shared/ from the bottom up. A package may import itself and the layers below its own,
# never a package beside it or above it.
SHARED_LAYERS: tuple[tuple[str, ...], ...] = (
    ("settings", "process_logging"),
    ("db", "events", "i18n"),
    ("models",),
    ("audit",),
    ("money", "staff", "devices", "speech", "analytics", "openbanking"),
    ("queue", "biometrics", "insights", "fraud"),
    ("floor", "desk"),
    ("customers", "cluster"),  # cluster: edges to the centre over NATS (ingest uses floor)
    ("evaluation", "web"),  # evaluation measures the domains; web attaches them to Flask
    ("demo",),
)
# Kiosk flows run on a station; the agent that drives them sits on top and is never imported
# by a flow (it would bring back the circle agent -> flows -> agent).
KIOSK_FLOWS = "kiosk.flows"
KIOSK_RUNNERS = ("kiosk.agent", "kiosk.agents", "kiosk.runner", "kiosk.agent_pool",
                 "kiosk.station.agent", "kiosk.station.agents")
HEAVY = {
    "dlib", "face_recognition", "face_recognition_models", "vosk", "cv2",
    "torch", "resemblyzer", "pocketsphinx", "sounddevice",
}
# The adapters that may touch a heavy library, and only inside functions.
ADAPTERS = {
    "shared/biometrics/face/dlib_engine.py": {
        "dlib",
        "face_recognition",
        "face_recognition_models",
        "cv2",
    },
    "shared/biometrics/face/images.py": {"cv2"},
    "shared/biometrics/face/quality.py": {"cv2"},
    "hardware/camera/opencv_camera.py": {"cv2"},
    "shared/speech/vosk_engine.py": {"vosk"},
    "shared/speech/pocketsphinx_engine.py": {"pocketsphinx"},
    "shared/biometrics/voice/resemblyzer_engine.py": {"torch", "resemblyzer"},
    "hardware/microphone/sounddevice_microphone.py": {"sounddevice"},
}


def _python_files():
    for package in sorted(MAY_IMPORT):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(tree: ast.AST, module: str, is_package: bool):
    """Yield (dotted module, is at module level) for every import, resolving relative ones.

    `from a.b import c` yields a.b.c when that is one of our modules (see `_resolve`), else
    a.b; imports inside functions count too, so a deferred import cannot hide a circle.
    """
    package = module if is_package else module.rpartition(".")[0]

    def visit(node, top_level):
        for child in ast.iter_child_nodes(node):
            nested = top_level and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, top_level
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in child.names:
                    yield f"{base}.{alias.name}", top_level
            yield from visit(child, nested)

    yield from visit(tree, True)


def _graph() -> dict[str, set[str]]:
    """Our modules and the modules of ours each one imports (a from-import of a name counts
    as an import of the module that defines it, or of the package that re-exports it)."""
    modules = {_module_name(p): p for p in _python_files()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        edges = set()
        for target, _top in _imported_modules(tree, name, path.name == "__init__.py"):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "shared" or len(parts) < 2:
        return None
    for number, layer in enumerate(SHARED_LAYERS):
        if parts[1] in layer:
            return number
    return None


def _layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        here = _layer_of(module)
        if module.startswith("shared.") and here is None:
            found.append(f"{module} is in no layer of SHARED_LAYERS")
            continue
        for target in sorted(targets):
            there = _layer_of(target)
            if here is None or there is None:
                continue
            same_package = module.split(".")[1] == target.split(".")[1]
            if not same_package and there >= here:
                found.append(f"{module} (layer {here}) imports {target} (layer {there})")
    return found


def _flow_violations(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if module == KIOSK_FLOWS or module.startswith(KIOSK_FLOWS + ".")
        for target in sorted(targets)
        if target in KIOSK_RUNNERS
    ]


def _violations():
    found = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        package = rel.split("/")[0]
        tree = ast.parse(path.read_text(), filename=rel)
        for dotted, top_level in _imported_modules(tree, _module_name(path),
                                                   path.name == "__init__.py"):
            module = dotted.split(".")[0]
            if module in OURS and module not in MAY_IMPORT[package]:
                found.append(f"{rel} imports {module}")
            if module in HEAVY:
                allowed = ADAPTERS.get(rel, set())
                if module not in allowed:
                    found.append(f"{rel} imports heavy library {module} outside an adapter")
                elif top_level:
                    found.append(f"{rel} imports {module} at import time (do it lazily)")
    return found


def test_import_direction_and_heavy_libraries():
    assert _violations() == []


@pytest.mark.parametrize("package", sorted(OURS))
def test_no_import_circle_in_a_package(package):
    graph = {m: t for m, t in _graph().items() if m.split(".")[0] == package}
    assert _cycles(graph) == []


def test_shared_layers_only_import_downwards():
    assert _layer_violations(_graph()) == []


def test_kiosk_flows_never_import_the_agent():
    assert _flow_violations(_graph()) == []


def test_every_shared_package_is_in_a_layer():
    packages = {p.name.removesuffix(".py") for p in (ROOT / "shared").iterdir()
                if p.name != "__init__.py" and (p.suffix == ".py" or (p / "__init__.py").exists())}
    layered = {name for layer in SHARED_LAYERS for name in layer}
    assert packages - layered == set()


# -- the checkers catch what they are for -------------------------------------------------
def test_the_checker_catches_a_wrong_import(tmp_path):
    tree = ast.parse("import staff_console\ndef f():\n    import cv2\n")
    assert list(_imported_modules(tree, "kiosk.x", False)) == [
        ("staff_console", True), ("cv2", False)]


def test_the_checker_resolves_relative_imports():
    tree = ast.parse("from . import a\nfrom ..b import c\n")
    assert [m for m, _ in _imported_modules(tree, "kiosk.flows.x", False)] == [
        "kiosk.flows.a", "kiosk.b.c"]


def test_the_cycle_finder_catches_a_circle_even_through_a_function_import():
    graph = {"kiosk.agent": {"kiosk.flows.session"}, "kiosk.flows.session": {"kiosk.agent"},
             "kiosk.flows.cash": set()}
    assert _cycles(graph) == [["kiosk.agent", "kiosk.flows.session"]]
    tree = ast.parse("def run():\n    from kiosk.agent import KioskAgent\n")
    assert [m for m, _ in _imported_modules(tree, "kiosk.flows.session", False)] == [
        "kiosk.agent.KioskAgent"]


def test_the_layer_checker_catches_an_upward_import():
    graph = {"shared.money.ledger": {"shared.demo.catalog", "shared.audit.trail"},
             "shared.money.cash.deposit": {"shared.money.ledger"},
             "shared.queue.tickets": {"shared.money.format"},
             "shared.money.bills": {"shared.staff.accounts"}}
    assert _layer_violations(graph) == [
        "shared.money.bills (layer 4) imports shared.staff.accounts (layer 4)",
        "shared.money.ledger (layer 4) imports shared.demo.catalog (layer 9)",
    ]


def test_the_flow_checker_catches_a_flow_importing_the_agent():
    graph = {"kiosk.flows.cash_out": {"kiosk.agent", "kiosk.station"},
             "kiosk.agent": {"kiosk.flows.cash_out"}}
    assert _flow_violations(graph) == ["kiosk.flows.cash_out imports kiosk.agent"]


@pytest.mark.parametrize(
    "module",
    ["smartbranch.cli", "smartbranch.app", "shared.models", "kiosk", "staff_console", "hardware"],
)
def test_importing_our_code_loads_no_heavy_library(module):
    code = (
        f"import sys, {module}; heavy = {sorted(HEAVY)!r}; "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
