"""The code's shape as rules that fail: import direction, no pipeline import of tests or bench,
no long functions in pipeline/, and a non-editable wheel that holds every subpackage."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_FUNCTION_LINES = 50


def _modules(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_import_contracts_hold():
    """pyproject's [tool.importlinter]: the layers of pipeline/ and no pipeline -> spiders/demo."""
    proc = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "BROKEN" not in proc.stdout and proc.stdout.count("KEPT") >= 2


def test_pipeline_never_imports_tests_or_bench():
    """tests/ and bench/ are not packages, so import-linter cannot see them: read the imports."""
    bad = [(path.relative_to(ROOT), name) for path, tree in _modules("pipeline") for name in _imported(tree)
           if name.split(".")[0] in ("tests", "bench", "spiders", "demo", "conftest")]
    assert not bad, bad


def test_no_long_functions_in_pipeline():
    long = [f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for path, tree in _modules("pipeline") for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, long


def test_wheel_holds_every_subpackage(tmp_path):
    """A non-editable build: every package folder in the source is in the wheel and imports."""
    wheel_dir, target, source = tmp_path / "wheel", tmp_path / "site", tmp_path / "source"
    # from a copy: setuptools leaves build/ in the tree it builds, and a stale build/lib would
    # hand old modules to the next wheel
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "data", "build", "*.egg-info",
                                                                 "__pycache__", ".pytest_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(wheel_dir), str(source)], check=True, capture_output=True)
    wheels = list(wheel_dir.glob("newsarchive-*.whl"))
    assert len(wheels) == 1
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheels[0])], check=True, capture_output=True)
    packages = sorted(".".join(p.relative_to(ROOT).parts[:-1]) for top in ("pipeline", "spiders", "demo")
                      for p in (ROOT / top).rglob("__init__.py"))
    assert "pipeline.eval.calibration" in packages and "pipeline.stages" in packages
    script = ("import importlib, sys\n"
              f"for name in {packages!r}:\n"
              "    mod = importlib.import_module(name)\n"
              f"    assert mod.__file__.startswith({str(target)!r}), (name, mod.__file__)\n"
              "print(len(sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_no_import_cycle():
    """Not even through a late import inside a function (grimp reads those too)."""
    import grimp

    graph = grimp.build_graph("pipeline", "spiders", "demo")
    cycles = sorted({tuple(sorted((a, b))) for a in graph.modules for b in graph.find_modules_directly_imported_by(a)
                     if graph.chain_exists(importer=b, imported=a)})
    assert not cycles, cycles
