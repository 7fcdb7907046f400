"""The deploy check and the OpenAPI schema need no database: both pass against an empty, unmigrated one
(as CI runs them, before ``migrate``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database, **env):
    # The process's own environment without Django's variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update({"DATABASE_URL": f"sqlite:///{database}", **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def empty_database(tmp_path):
    return tmp_path / "empty.sqlite3"  # created empty by the first connection; never migrated


def test_schema_generation_validates_without_a_database(empty_database, tmp_path):
    result = manage("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"),
                    database=empty_database, DJANGO_ENV="development")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W001" not in result.stderr
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi:")


def test_the_deploy_check_passes_without_a_database(empty_database):
    result = manage("check", "--deploy", "--fail-level", "WARNING", database=empty_database,
                    DJANGO_ENV="production", ALLOWED_HOSTS="grants.example.kz",
                    SECRET_KEY="test-" + "k" * 60 + "-not-a-real-secret",
                    AUDIT_HMAC_KEY="test-" + "h" * 60 + "-not-a-real-audit-key")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
