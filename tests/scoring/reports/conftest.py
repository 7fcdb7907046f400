import pytest

from tests.scoring.reports.world import frozen_snapshot


@pytest.fixture
def snapshot(official):
    return frozen_snapshot(official)
