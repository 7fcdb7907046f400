"""Identifiers of the open data, in one place.

Organisations: org-id.guide style ``<list prefix>-<identifier>``. Kazakhstan's legal entities (NGOs and state
bodies alike) carry a 12-digit Business Identification Number (BIN / БСН / БИН) issued by the state register of
legal entities, so both the funder (the government body) and the recipient (the NGO) are ``KZ-BIN-<bin>``. The
prefix is a setting (``OPENDATA_ORG_ID_PREFIX``, default ``KZ-BIN``): should org-id.guide list the register under
another code, one setting changes every file. A BIN is unique across the register, so the same organisation gets
the same identifier in every dataset that uses the prefix, ours or another publisher's.

Grants: 360Giving asks each publisher for a registered ``360G-<publisher>`` prefix; ours is
``OPENDATA_GRANT_ID_PREFIX`` (default ``360G-kzsz``) followed by the application's registration number, which
is unique and never reused (``SZ-2026-0007-012``).

Contracting processes: an OCDS ``ocid`` is the publisher's registered prefix (``OCDS_OCID_PREFIX``, default
``ocds-kzsz01``: a deployment registers its own with the Open Contracting Partnership) followed by the
competition's public reference (``ocds-kzsz01-SZ-2026-0007``).
"""

from django.conf import settings


def org_id(bin_number):
    return f"{settings.OPENDATA_ORG_ID_PREFIX}-{bin_number}"


def org_scheme():
    return settings.OPENDATA_ORG_ID_PREFIX


def grant_id(registration_number):
    return f"{settings.OPENDATA_GRANT_ID_PREFIX}-{registration_number}"


def ocid(reference):
    return f"{settings.OCDS_OCID_PREFIX}-{reference}"
