"""make backup / make restore: a backup restored into a fresh database and storage keeps the audit chain intact
and every stored file matching its SHA-256. Real processes (manage.py) on real files: SQLite always, PostgreSQL
too when DATABASE_URL points at a PostgreSQL server (fresh databases created beside the test database)."""

import json
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench import harness


def _postgres_server():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def _databases(vendor, tmp_path):
    if vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
    server = _postgres_server()
    if server is None:
        pytest.skip("set DATABASE_URL to a PostgreSQL server to back up and restore PostgreSQL")
    names = [f"backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "restored")]
    parts = urlsplit(server)
    urls = [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    admin = urlunsplit(parts._replace(path="/postgres"))
    for name in names:
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    return urls[0], urls[1], (admin, names)


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_restored_backup_keeps_the_audit_chain_and_every_file(tmp_path, vendor):
    source_url, restored_url, cleanup = _databases(vendor, tmp_path)
    try:
        source = harness.portal_env(database_url=source_url, broker_url="memory://", MEDIA_ROOT=tmp_path / "media-a",
                                    CELERY_DATA_DIR=tmp_path / "celery")
        restored = {**source, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(tmp_path / "media-b")}
        harness.manage(source, "migrate", "--noinput", "-v", "0")
        seeded = json.loads(harness.python(source, "bench/rush_data.py", "seed-due", "--competitions", "3",
                                           "--closes-in", "3600"))
        assert len(seeded["competitions"]) == 3
        out = harness.manage(source, "backup", "--to", str(tmp_path / "backup"))
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert "Backup written" in out and len(manifest["files"]) == 3 and manifest["audit"]["ok"]
        assert manifest["audit"]["events"] == 3  # the three submissions

        restored_out = harness.manage(restored, "restore", "--from", str(tmp_path / "backup"))
        assert f"audit chain intact ({manifest['audit']['events']} events, head {manifest['audit']['head']})" \
            in restored_out
        assert "3 stored files match their SHA-256" in restored_out
        assert "Audit chain intact" in harness.manage(restored, "verify_audit")
        assert sorted(p.name for p in Path(tmp_path / "media-b").rglob("*") if p.is_file()) == sorted(
            Path(entry["name"]).name for entry in manifest["files"])

        # A second restore into the now full database is refused, and a damaged file is caught.
        with pytest.raises(RuntimeError, match="not empty"):
            harness.manage(restored, "restore", "--from", str(tmp_path / "backup"))
        damaged = next(p for p in Path(tmp_path / "media-b").rglob("*") if p.is_file())
        damaged.write_bytes(b"%PDF-1.4 altered")
        result = subprocess.run([harness.sys.executable, "manage.py", "shell", "-c",
                                 "from portal.ops.backup import verify_files; r = verify_files(); "
                                 "print(r.checked, r.problems)"],
                                cwd=harness.ROOT, env=restored, capture_output=True, text=True, check=True)
        last = result.stdout.strip().splitlines()[-1]
        assert last.startswith("3 ['applications.Attachment#")
        assert last.endswith("SHA-256 differs from the recorded one']")
    finally:
        if cleanup is not None:
            admin, names = cleanup
            for name in names:
                subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                               capture_output=True)
