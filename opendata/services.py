"""The one writer of the open data: ``opendata_regenerate`` builds every file from the published facts, validates
it against its standard's schema, and stores what changed.

Idempotent by construction: the files carry no time of their own making (package dates are the latest date in the
data), so the same facts give the same bytes; a file whose sha256 is unchanged is not written again and keeps its
``generated_at``. Stored content is named by its sha256, so a reader never sees a half-written file: the row moves
to the new name in one transaction and the old content is deleted after the commit.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal import audit
from portal.errors import DomainError

from . import grants360, ocds, providers, selectors, standards
from .common import absolute
from .enums import FILES
from .models import DataFile

logger = logging.getLogger("portal.opendata")


class OpenDataInvalid(DomainError):
    """A generated file does not validate against its schema: nothing is stored, the previous files stay."""

    def __init__(self, name, problems):
        super().__init__(f"{name}: " + "; ".join(problems[:5]), code="opendata_invalid")
        self.problems = problems


def _dump(document):
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8") + b"\n"


def _file_url(name):
    return absolute(reverse("opendata:file", kwargs={"name": name}))


def build_grant_records(applications):
    """360Giving records for ``applications`` (a page or all), disbursements from providers included."""
    applications = list(applications)
    disbursed = providers.disbursements([a.pk for a in applications])
    with translation.override(settings.OPENDATA_LANGUAGE):
        return [grants360.grant_record(a, disbursed=disbursed.get(a.pk)) for a in applications]


def build_compiled_records(competitions):
    """OCDS records (releases and compiled release) for ``competitions`` (a page or all)."""
    competitions = list(competitions)
    contracts = providers.contracts([c.pk for c in competitions])
    with translation.override(settings.OPENDATA_LANGUAGE):
        return [ocds.compiled_record(ocds.competition_releases(c, contracts=contracts.get(c.pk, ())))
                for c in competitions]


def build_files():
    """``{name: (bytes, records)}`` of every file, validated; a 360Giving package is made only once a grant
    exists (the standard asks for at least one grant), until then its name maps to ``(None, 0)``."""
    grants = build_grant_records(selectors.awarded_grants())
    records = build_compiled_records(selectors.open_competitions())
    releases = sorted((release for record in records for release in record["releases"]),
                      key=lambda release: (release["ocid"], release["date"], release["id"]))
    release_package = ocds.release_package(releases, uri=_file_url("ocds-releases.json"))
    record_package = ocds.record_package(records, uri=_file_url("ocds-records.json"))
    checks = [(standards.OCDS_RELEASE_PACKAGE, "ocds-releases.json", release_package)]
    checks += [(standards.OCDS_RELEASE, f"ocds-records.json {r['ocid']}", r["compiledRelease"]) for r in records]
    giving = grants360.grants_package(grants) if grants else None
    if giving is not None:
        checks.append((standards.GIVING_PACKAGE, "360giving-grants.json", giving))
    for schema, label, document in checks:
        found = standards.problems(schema, document)
        if found:
            raise OpenDataInvalid(label, found)
    return {
        "360giving-grants.json": (_dump(giving) if giving else None, len(grants)),
        "360giving-grants.csv": (grants360.grants_csv(grants).encode("utf-8") if grants else None, len(grants)),
        "ocds-releases.json": (_dump(release_package), len(releases)),
        "ocds-records.json": (_dump(record_package), len(records)),
    }


def opendata_regenerate(*, actor=None, now=None):
    """Rebuild every file; returns the names whose content changed. Safe to run any number of times, and
    concurrently (the rows are locked before the build, so runs take turns and the later finds its content
    already stored)."""
    now = now or timezone.now()
    changed, stale = [], []
    with transaction.atomic():
        # Runs queue up here, so a run that started later also builds later: older facts never overwrite newer.
        list(DataFile.objects.select_for_update().order_by("name").values_list("pk", flat=True))
        built = build_files()
        for name, (content, count) in built.items():
            kind, content_type, order = FILES[name]
            row, _created = DataFile.objects.select_for_update().get_or_create(
                name=name, defaults={"kind": kind, "content_type": content_type, "order": order})
            sha256 = hashlib.sha256(content).hexdigest() if content is not None else ""
            row.checked_at = now
            if sha256 == row.sha256 and (content is None or row.file):
                row.save(update_fields=["checked_at"])
                continue
            before = {"sha256": row.sha256, "records": row.records}
            if row.file:
                stale.append(row.file.name)
            row.file = (default_storage.save(f"opendata/{sha256}/{name}", ContentFile(content))
                        if content is not None else "")
            row.sha256, row.size, row.records = sha256, len(content or b""), count
            row.kind, row.content_type, row.order, row.generated_at = kind, content_type, order, now
            row.save()
            changed.append(name)
            audit.record(actor=actor, action="opendata.regenerated", target=row, before=before,
                         after={"sha256": sha256, "records": count, "size": row.size})
        transaction.on_commit(lambda: _delete(stale))
    logger.info("opendata.regenerated", extra={"changed": changed})
    return changed


def _delete(names):
    for name in names:
        default_storage.delete(name)
