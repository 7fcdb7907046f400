"""The layering of DESIGN.md §2 holds, and an upward import breaks it with a message naming the import.

``lint-imports`` reads the contracts in pyproject.toml. The broken cases run on a copy of the project in a
temporary directory, with one upward import written into it; the project itself is never touched.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed (dev extra)")


def lint_imports(cwd):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy_of_the_project(tmp_path_factory):
    target = tmp_path_factory.mktemp("project")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def with_import(project, module, line):
    """Append ``line`` to ``module`` (a path in the copy) and return a function that restores it."""
    path = project / module
    original = path.read_text()
    path.write_text(original + f"\n{line}  # deliberately upward\n")
    return lambda: path.write_text(original)


def test_the_project_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "named"), [
    # An app importing a higher app.
    ("competitions/selectors.py", "from scoring.models import Rubric", "competitions.selectors -> scoring.models"),
    # Inside scoring: rubrics (low) importing the ranking (higher).
    ("scoring/rubrics/selectors.py", "from scoring.ranking import services",
     "scoring.rubrics.selectors -> scoring.ranking.services"),
    # The pure arithmetic importing the ORM.
    ("scoring/calc/totals.py", "from django.db import models", "scoring.calc.totals -> django (l."),
])
def test_an_upward_import_breaks_the_contract_and_is_named(copy_of_the_project, module, line, named):
    restore = with_import(copy_of_the_project, module, line)
    try:
        result = lint_imports(copy_of_the_project)
    finally:
        restore()
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert named in result.stdout, result.stdout
