"""Dependencies point one way (DESIGN §2): planning sits below competitions and above portal; councils live in
portal and import no domain app. Checked on the import statements themselves, lazy imports included."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

HIGHER_THAN_PLANNING = ("competitions", "applications", "scoring", "projects", "opendata", "demo")
DOMAIN_APPS = ("planning", *HIGHER_THAN_PLANNING)


def imported_modules(package):
    root = Path(settings.BASE_DIR) / package
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, [node.module]


@pytest.mark.parametrize(("package", "forbidden"), [("planning", HIGHER_THAN_PLANNING),
                                                    ("portal/councils", DOMAIN_APPS)])
def test_no_import_points_upwards(package, forbidden):
    wrong = [f"{path.relative_to(settings.BASE_DIR)}: {name}" for path, names in imported_modules(package)
             for name in names if name.split(".")[0] in forbidden]
    assert wrong == []
