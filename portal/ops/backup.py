"""Backups of the whole portal: the database (``pg_dump`` custom format on PostgreSQL, the SQLite backup API on the
embedded default) and every stored file (read through the storage API, so local media and S3 alike), with a
manifest of SHA-256 sums. A restore goes into a fresh (empty) database and storage, then checks the audit chain
and every stored file against the SHA-256 its row records."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone

from portal.audit.services import verify_chain

CHUNK = 1024 * 1024


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stored_names(storage, folder=""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _pg_env_and_url():
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-U", db.get("USER") or "postgres", "-d", db["NAME"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    return env, args


def backup(target: Path) -> dict:
    """Write the database and every stored file under ``target`` (a new folder); returns the manifest."""
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_url()
        database_file = target / "database.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database_file),
                        *args], check=True, env=env, capture_output=True, text=True)
    elif connection.vendor == "sqlite":
        database_file = target / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database_file) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise RuntimeError(f"no backup method for {connection.vendor}")
    files = []
    for name in sorted(_stored_names(default_storage)):
        destination = target / "media" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        files.append({"name": name, "size": destination.stat().st_size, "sha256": _sha256_file(destination)})
    chain = verify_chain()
    manifest = {
        "created_at": timezone.now().isoformat(), "vendor": connection.vendor, "database_file": database_file.name,
        "database_sha256": _sha256_file(database_file), "files": files,
        "audit": {"ok": chain.ok, "events": chain.checked, "head": chain.head},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


class RestoreRefused(Exception):
    pass


def _database_is_empty():
    return "django_migrations" not in connection.introspection.table_names()


def restore(source: Path) -> dict:
    """Restore ``source`` into the configured database and storage, which must be empty."""
    manifest = json.loads((source / "manifest.json").read_text())
    database_file = source / manifest["database_file"]
    if _sha256_file(database_file) != manifest["database_sha256"]:
        raise RestoreRefused(f"{database_file} does not match the SHA-256 in the manifest")
    if manifest["vendor"] != connection.vendor:
        raise RestoreRefused(f"the backup is of {manifest['vendor']}, the database is {connection.vendor}")
    if not _database_is_empty():
        raise RestoreRefused("the target database is not empty: restore into a new, empty database")
    if any(default_storage.exists(entry["name"]) for entry in manifest["files"]):
        raise RestoreRefused("the target storage already holds files of this backup: restore into empty storage")
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_url()
        connection.close()
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(database_file)],
                       check=True, env=env, capture_output=True, text=True)
    else:
        connection.close()
        destination = Path(settings.DATABASES["default"]["NAME"])
        with sqlite3.connect(database_file) as backup_db, sqlite3.connect(destination) as target_db:
            backup_db.backup(target_db)
    for entry in manifest["files"]:
        with open(source / "media" / entry["name"], "rb") as handle:
            saved = default_storage.save(entry["name"], handle)
        if saved != entry["name"]:
            raise RestoreRefused(f"storage renamed {entry['name']} to {saved}")
    return manifest


@dataclass
class FilesCheck:
    checked: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify_files() -> FilesCheck:
    """Every row of a model with a ``FileField`` and a ``sha256`` field: the stored file exists and matches."""
    result = FilesCheck()
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        file_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        if "sha256" not in names or not file_fields:
            continue
        for row in model._default_manager.exclude(**{file_fields[0]: ""}).iterator():
            stored = getattr(row, file_fields[0])
            label = f"{model._meta.label}#{row.pk} ({stored.name})"
            if not default_storage.exists(stored.name):
                result.problems.append(f"{label}: file missing")
                continue
            digest = hashlib.sha256()
            with default_storage.open(stored.name, "rb") as handle:
                for chunk in iter(lambda h=handle: h.read(CHUNK), b""):
                    digest.update(chunk)
            result.checked += 1
            if digest.hexdigest() != row.sha256:
                result.problems.append(f"{label}: SHA-256 differs from the recorded one")
    return result
