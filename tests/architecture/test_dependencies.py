"""Every third-party module the running portal imports comes from a main dependency of pyproject.toml (or an
extra a main dependency asks for, e.g. ``celery[redis]``), never from the ``dev`` extra: the Docker image and a
production install (``pip install .``) have no extras. ``.ci/run`` also proves it for real: a fresh virtual
environment without extras renders a ranking report and a receipt (``manage.py render_sample_pdfs``).
"""

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME_PACKAGES = PROJECT["tool"]["importlinter"]["root_packages"]
# Modules loaded by name from settings or by the process manager rather than by an import statement.
LOADED_BY_NAME = {
    "psycopg2": "DATABASE_URL=postgres://... (the PostgreSQL engine)",
    "redis": "the Redis cache and broker",
    "argon2": "PASSWORD_HASHERS (Argon2PasswordHasher)",
    "storages": "STORAGES on S3 when AWS_STORAGE_BUCKET_NAME is set",
    "boto3": "django-storages' S3 backend",
    "gunicorn": "the Dockerfile's CMD",
}


def imported_modules():
    """Top-level names of the absolute imports in the portal's own packages (tests and bench excluded)."""
    names = {}
    for package in RUNTIME_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    found = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found = [node.module]
                else:
                    continue
                for name in found:
                    names.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        names.setdefault(dotted.split(".")[0], "settings")
    for name, why in LOADED_BY_NAME.items():
        names.setdefault(name, why)
    return {name: where for name, where in names.items()
            if name not in sys.stdlib_module_names and name not in RUNTIME_PACKAGES}


def allowed_distributions():
    """The main dependencies, with what the extras they name pull in."""
    allowed = set()
    for line in PROJECT["project"]["dependencies"]:
        requirement = Requirement(line)
        allowed.add(canonicalize_name(requirement.name))
        for sub in importlib.metadata.requires(requirement.name) or []:
            sub = Requirement(sub)
            if sub.marker and any(sub.marker.evaluate({"extra": extra}) for extra in requirement.extras):
                allowed.add(canonicalize_name(sub.name))
    return allowed


def test_every_runtime_import_is_a_main_dependency():
    providers = importlib.metadata.packages_distributions()
    allowed = allowed_distributions()
    missing = {}
    for module, where in sorted(imported_modules().items()):
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        assert distributions, f"{module} (imported by {where}) is not installed"
        if not distributions & allowed:
            missing[module] = (sorted(distributions), where)
    assert not missing, f"imported at run time but not a main dependency in pyproject.toml: {missing}"


def test_the_dev_extra_holds_only_tools():
    dev = {canonicalize_name(Requirement(line).name) for line in PROJECT["project"]["optional-dependencies"]["dev"]}
    assert not dev & {canonicalize_name(Requirement(line).name) for line in PROJECT["project"]["dependencies"]}
    assert "pypdf" not in dev  # scoring/reports renders with it in the worker
