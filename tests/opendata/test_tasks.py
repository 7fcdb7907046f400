import hashlib
import json

import pytest
from django.conf import settings

from applications.enums import ApplicationStatus
from applications.models import Application
from opendata.models import DataFile
from opendata.services import build_files
from opendata.tasks import regenerate
from tests.demo.conftest import demo, seeded  # noqa: F401 - the demo seeded once for this module

from .helpers import awarded, results_competition


def test_the_beat_schedule_runs_the_regeneration():
    entry = settings.CELERY_BEAT_SCHEDULE["regenerate-open-data"]
    assert entry["task"] == "opendata.regenerate" == regenerate.name
    assert entry["schedule"] == settings.OPENDATA_REGENERATE_SECONDS


@pytest.mark.django_db
def test_the_task_regenerates_and_a_second_run_changes_nothing():
    awarded(results_competition())
    assert regenerate.delay().get() == ["360giving-grants.json", "360giving-grants.csv", "ocds-releases.json",
                                        "ocds-records.json"]
    assert regenerate.delay().get() == []


def test_seed_demo_leaves_the_files_on_the_page(demo):  # noqa: F811
    rows = {row.name: row for row in DataFile.objects.all()}
    winners = Application.objects.filter(status=ApplicationStatus.WINNER).count()
    assert winners and rows["360giving-grants.json"].records == winners
    # What is stored is what a build gives now (the build validates every file against its schema).
    for name, (content, _count) in build_files().items():
        assert rows[name].sha256 == hashlib.sha256(content).hexdigest()
        assert json.loads(content) if name.endswith(".json") else content
