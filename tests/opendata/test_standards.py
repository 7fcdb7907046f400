import json
from pathlib import Path

import pytest

from opendata import standards

ROOT = Path(__file__).resolve().parents[2]
# ../shared/standards beside the repository (CI's layout), or beside the folder of work trees.
SHARED = next((p / "shared" / "standards" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "standards").is_dir()), ROOT.parent / "shared" / "standards")
NAMES = [standards.GIVING_GRANT, standards.GIVING_PACKAGE, standards.OCDS_RELEASE, standards.OCDS_RELEASE_PACKAGE]


@pytest.mark.parametrize("name", NAMES)
def test_the_kept_schemas_are_the_reference_copies(name):
    shared = SHARED / name
    if not shared.exists():
        pytest.skip("no ../shared/standards beside the repository")
    assert json.loads(shared.read_text()) == standards.load(name)


def test_the_package_schemas_resolve_the_record_schemas_locally():
    grant = {"id": "360G-x-1", "title": "t", "description": "d", "currency": "KZT", "amountAwarded": 1,
             "awardDate": "2026-04-30T12:00:00+05:00", "recipientOrganization": [{"id": "KZ-BIN-1", "name": "r"}],
             "fundingOrganization": [{"id": "KZ-BIN-2", "name": "f"}]}
    assert standards.problems(standards.GIVING_PACKAGE, {"grants": [grant]}) == []
    del grant["fundingOrganization"]
    assert standards.problems(standards.GIVING_PACKAGE, {"grants": [grant]}) != []
    release = {"ocid": "ocds-x-1", "id": "1", "date": "2026-04-30T12:00:00+05:00", "tag": ["tender"],
               "initiationType": "tender"}
    assert standards.problems(standards.OCDS_RELEASE_PACKAGE, {"version": "1.1", "releases": [release]}) == []
    release["tag"] = []
    assert standards.problems(standards.OCDS_RELEASE_PACKAGE, {"version": "1.1", "releases": [release]}) == [
        "releases/0/tag: [] should be non-empty"]
