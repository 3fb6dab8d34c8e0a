"""Imports follow ARCHITECTURE.md: one direction, heavy libraries only inside adapters."""

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
        yield from sorted((ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST):
    """Yield (top-level module name, is at module level) for every import in the tree."""

    def visit(node, top_level):
        for child in ast.iter_child_nodes(node):
            nested = top_level and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name.split(".")[0], top_level
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module.split(".")[0], top_level
            yield from visit(child, nested)

    yield from visit(tree, True)


def _violations():
    found = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        package = rel.split("/")[0]
        tree = ast.parse(path.read_text(), filename=rel)
        for module, top_level in _imports(tree):
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


def test_the_checker_catches_a_wrong_import(tmp_path):
    tree = ast.parse("import staff_console\ndef f():\n    import cv2\n")
    assert list(_imports(tree)) == [("staff_console", True), ("cv2", False)]


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
