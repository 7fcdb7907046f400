"""The offline twin of the registers: answers from a JSON fixture (``REGISTER_FIXTURE_FILE``).

The file has ``{"legal_entities": {"<BIN>": {...}}, "ngo_database": {"<BIN>": {...}}}`` in the shapes the
register gateway answers; a BIN missing from ``legal_entities`` is "not found".
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .base import Register, record_from_answers


@lru_cache(maxsize=4)
def _load(path, mtime):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def fixture_data():
    path = Path(settings.REGISTER_FIXTURE_FILE)
    return _load(str(path), path.stat().st_mtime)


class FixtureRegister(Register):
    name = "fixture"

    def lookup(self, bin_):
        data = fixture_data()
        return record_from_answers(bin_, data.get("legal_entities", {}).get(bin_),
                                   data.get("ngo_database", {}).get(bin_))
