"""The published schemas of the two standards (unchanged copies; see README.md here) and validation against them.

360Giving 1.4.3 (draft 2020-12) and OCDS 1.1.5 (draft-04). The package schemas refer to the record schemas by
their public URLs; those are resolved to the local copies through a ``referencing.Registry``, so validation never
reaches the network. Dates are checked with the format checker where the schema uses ``format: date-time``.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

HERE = Path(__file__).resolve().parent

GIVING_GRANT = "360-giving-schema.json"
GIVING_PACKAGE = "360-giving-package-schema.json"
OCDS_RELEASE = "ocds-release-schema.json"
OCDS_RELEASE_PACKAGE = "ocds-release-package-schema.json"

# The 360Giving package schema 1.4.3 still names the 1.4.2 grant schema; the two are one document here.
GIVING_GRANT_URLS = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
)
OCDS_RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


@cache
def load(name):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@cache
def _registry():
    grant = Resource.from_contents(load(GIVING_GRANT), default_specification=DRAFT202012)
    release = Resource.from_contents(load(OCDS_RELEASE), default_specification=DRAFT4)
    return Registry().with_resources([*((url, grant) for url in GIVING_GRANT_URLS), (OCDS_RELEASE_URL, release)])


@cache
def validator(name):
    schema = load(name)
    cls = Draft4Validator if name.startswith("ocds") else Draft202012Validator
    return cls(schema, registry=_registry(), format_checker=cls.FORMAT_CHECKER)


def problems(name, document):
    """Every validation error of ``document`` against schema ``name``, as "path: message" lines (empty: valid)."""
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in errors]
