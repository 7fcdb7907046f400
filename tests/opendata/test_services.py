import hashlib
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import TestCase

from competitions.services import competition_transition
from opendata import services
from opendata.models import DataFile
from opendata.services import OpenDataInvalid, opendata_regenerate
from portal.audit.models import AuditEvent
from portal.notifications.models import OutboxMessage
from tests import factories as f
from tests.scoring.results_world import published_competition

from .helpers import at, awarded, results_competition

pytestmark = pytest.mark.django_db
NAMES = ["360giving-grants.json", "360giving-grants.csv", "ocds-releases.json", "ocds-records.json"]


def _stored(name):
    row = DataFile.objects.get(name=name)
    with row.file.open("rb") as handle:
        return row, handle.read()


def test_every_file_is_stored_with_its_sha256_and_content_type():
    awarded(results_competition())
    changed = opendata_regenerate(now=at(date(2026, 5, 1)))
    assert changed == NAMES
    rows = {row.name: row for row in DataFile.objects.all()}
    assert {name: (row.content_type, row.records) for name, row in rows.items()} == {
        "360giving-grants.json": ("application/json", 1), "360giving-grants.csv": ("text/csv; charset=utf-8", 1),
        "ocds-releases.json": ("application/json", 2), "ocds-records.json": ("application/json", 1)}
    for name in NAMES:
        row, content = _stored(name)
        assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size == len(content)
        assert row.file.name == f"opendata/{row.sha256}/{name}"
        assert row.generated_at == row.checked_at == at(date(2026, 5, 1))
    assert AuditEvent.objects.filter(action="opendata.regenerated").count() == 4


def test_regeneration_is_idempotent_and_replaces_only_what_changed():
    competition = results_competition()
    awarded(competition)
    opendata_regenerate(now=at(date(2026, 5, 1)))
    before = {row.name: (row.sha256, row.file.name) for row in DataFile.objects.all()}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert opendata_regenerate(now=at(date(2026, 5, 2))) == []
    assert {row.name: (row.sha256, row.file.name) for row in DataFile.objects.all()} == before
    assert set(DataFile.objects.values_list("generated_at", flat=True)) == {at(date(2026, 5, 1))}
    assert set(DataFile.objects.values_list("checked_at", flat=True)) == {at(date(2026, 5, 2))}
    assert AuditEvent.objects.filter(action="opendata.regenerated").count() == 4

    awarded(competition, amount="900000")  # a second winner: every file changes
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert opendata_regenerate(now=at(date(2026, 5, 3))) == NAMES
    for name, (_sha, old_file) in before.items():
        assert not default_storage.exists(old_file)  # the old content is removed after the commit
        assert default_storage.exists(DataFile.objects.get(name=name).file.name)
    assert DataFile.objects.get(name="360giving-grants.json").records == 2


def test_without_a_grant_there_is_no_360giving_package_yet():
    f.CompetitionFactory()
    opendata_regenerate()
    rows = {row.name: row for row in DataFile.objects.all()}
    assert (rows["360giving-grants.json"].file.name, rows["360giving-grants.json"].sha256) == ("", "")
    assert rows["ocds-records.json"].records == 1 and rows["ocds-records.json"].file


def test_an_invalid_file_is_refused_and_the_previous_files_stay(monkeypatch):
    awarded(results_competition())
    opendata_regenerate()
    before = sorted(DataFile.objects.values_list("name", "sha256"))
    awarded(results_competition())
    broken = services.grants360.grant_record

    def without_funder(application, **kwargs):
        record = broken(application, **kwargs)
        del record["fundingOrganization"]
        return record

    monkeypatch.setattr(services.grants360, "grant_record", without_funder)
    with pytest.raises(OpenDataInvalid) as refused:
        opendata_regenerate()
    assert refused.value.code == "opendata_invalid"
    assert refused.value.problems[0].startswith("grants/0: ")
    assert sorted(DataFile.objects.values_list("name", "sha256")) == before


def test_publishing_results_regenerates_the_files_through_the_outbox(official):
    competition, winner, reserve, _a, _b = published_competition(official)
    job = OutboxMessage.objects.get(channel="task", address="opendata.regenerate")
    assert job.status == "sent"
    grants = DataFile.objects.get(name="360giving-grants.json")
    assert grants.records == 1
    _row, content = _stored("360giving-grants.json")
    assert f'"360G-kzsz-{winner.registration_number}"'.encode() in content
    assert reserve.registration_number.encode() not in content


def test_publishing_a_competition_queues_a_regeneration_in_the_same_transaction(official):
    competition = f.CompetitionFactory(status="draft", published_at=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        competition_transition(competition=competition, to="published", actor=official)
        assert OutboxMessage.objects.filter(channel="task", address="opendata.regenerate").count() == 1
        raise RuntimeError("the publication fails later in its transaction")
    assert not OutboxMessage.objects.filter(address="opendata.regenerate").exists()  # nothing without it
    competition.refresh_from_db()
    competition_transition(competition=competition, to="published", actor=official)
    assert OutboxMessage.objects.filter(channel="task", address="opendata.regenerate").count() == 1
    competition_transition(competition=competition, to="closed", actor=None)  # not a publication
    assert OutboxMessage.objects.filter(channel="task", address="opendata.regenerate").count() == 1
