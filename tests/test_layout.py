"""The parts of the program and the one direction data flows between them.

pyproject.toml's [tool.importlinter] contracts say which part may import which
(screening/__init__.py draws the picture); these tests keep the picture true, and keep the
0.1 module paths working for one release.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("sources", "engine", "workflow", "redact", "reports", "sweeps", "service", "cli")


def _lint_imports(folder: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    # import-linter reads the imports statically (function-level ones too) and reports each
    # broken contract with the chain of imports that breaks it. In its own process: it leaves
    # the logging of this one altered (the service's access-log test then captures nothing).
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='pyproject.toml'))"],
        cwd=folder, capture_output=True, text=True, env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
    )


def test_no_part_imports_a_part_above_it():
    run = _lint_imports(ROOT, ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


def test_a_broken_direction_is_caught(tmp_path):
    # The contract is not vacuous: the same layers, on a copy of the package where the engine
    # reaches up into the ledger, fail.
    copy = tmp_path / "screening"
    skip = shutil.ignore_patterns("models", "__pycache__")  # the name model's weights: 23 MB no import reads
    shutil.copytree(ROOT / "screening", copy, ignore=skip)
    for extra in ("recognizers", "policies"):
        shutil.copytree(ROOT / extra, tmp_path / extra, ignore=skip)
    with (copy / "engine" / "preview.py").open("a", encoding="utf-8") as preview:
        preview.write("\nfrom screening.workflow import ledger as _upward\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    run = _lint_imports(tmp_path, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "screening.engine.preview -> screening.workflow.ledger" in run.stdout


@pytest.mark.parametrize("part", PARTS)
def test_each_part_says_what_it_does_may_import_and_offers(part):
    doc = importlib.import_module(f"screening.{part}").__doc__ or ""
    assert "May import" in doc, f"screening/{part}/__init__.py must say what it may import"
    assert "Entry point" in doc, f"screening/{part}/__init__.py must name its entry points"


@pytest.mark.parametrize(("old", "new", "name"), [
    ("screening.ledger", "screening.workflow.ledger", "Ledger"),
    ("screening.sweep", "screening.sweeps.runner", "sweep"),
    ("screening.serve", "screening.service.app", "create_app"),
    ("screening.reports.sweep_report", "screening.sweeps.report", "write_sweep_table"),
    ("screening.cli_workflow", "screening.cli.workflow", "gate"),
])
def test_old_module_paths_still_work_with_a_deprecation_warning(old, new, name):
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)  # one module: patching either path patches both
    assert hasattr(module, name)
    assert any(issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in caught)


def test_old_entry_points_from_packages_that_were_modules():
    from screening.cli import main
    from screening.engine import Screener
    from screening.sweeps import SweepOptions, sweep
    from screening.workflow import Ledger, gate_result

    assert callable(main) and callable(sweep) and callable(gate_result)
    assert Screener.__module__ == "screening.engine.screener"
    assert Ledger.__module__ == "screening.workflow.ledger"
    assert SweepOptions.__module__ == "screening.sweeps.runner"


def test_the_package_root_shows_the_parts_not_a_flat_list():
    modules = sorted(p.name for p in (ROOT / "screening").glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "_compat.py", "_lazy.py", "api.py", "model.py"]
    for part in PARTS:
        assert (ROOT / "screening" / part / "__init__.py").is_file()
