"""The one interface of the state registers and the backend chosen by settings.

``get_register().lookup(bin)`` answers a :class:`RegisterRecord` (``found=False`` when the legal-entity
register does not know the BIN) or raises :class:`RegisterUnavailable` when a register cannot answer now.
Implementations: ``offline.FixtureRegister`` (a JSON file; the embedded default and the tests) and
``http.HttpRegister`` (the register gateway at ``REGISTER_URL``, with timeouts, retries and caching).

Both read the same JSON shapes (see README, "State registers"): a legal entity
``{"bin", "name_kk", "name_ru", "registered_on": "YYYY-MM-DD", "status", "head", "address"}`` and an NGO-database
entry ``{"bin", "registered_on": "YYYY-MM-DD"}``.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string

# Statuses of a legal entity in the register
ACTIVE, IN_LIQUIDATION, LIQUIDATED, BANKRUPT = "active", "in_liquidation", "liquidated", "bankrupt"
STATUSES = (ACTIVE, IN_LIQUIDATION, LIQUIDATED, BANKRUPT)


class RegisterUnavailable(Exception):
    """A register did not answer (timeout, connection refused, 5xx, nonsense) after the allowed retries."""


@dataclass(frozen=True)
class RegisterRecord:
    bin: str
    found: bool
    name_kk: str = ""
    name_ru: str = ""
    registered_on: date | None = None
    status: str = ""
    head_name: str = ""
    address: str = ""
    in_ngo_database: bool = False
    ngo_database_registered_on: date | None = None

    @property
    def is_bankrupt(self):
        return self.status == BANKRUPT

    @property
    def in_liquidation(self):
        return self.status in (IN_LIQUIDATION, LIQUIDATED)

    def as_json(self):
        data = asdict(self)
        for key in ("registered_on", "ngo_database_registered_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _date(value):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise RegisterUnavailable(f"bad date {value!r}") from exc


def record_from_answers(bin_, entity, ngo_entry):
    """A record from the two registers' answers (``entity`` None: not in the legal-entity register)."""
    if entity is None:
        return RegisterRecord(bin=bin_, found=False)
    if not isinstance(entity, dict) or (ngo_entry is not None and not isinstance(ngo_entry, dict)):
        raise RegisterUnavailable("unexpected answer")
    status = str(entity.get("status") or ACTIVE)
    return RegisterRecord(
        bin=bin_, found=True, name_kk=str(entity.get("name_kk") or "")[:500],
        name_ru=str(entity.get("name_ru") or "")[:500], registered_on=_date(entity.get("registered_on")),
        status=status if status in STATUSES else ACTIVE, head_name=str(entity.get("head") or "")[:300],
        address=str(entity.get("address") or "")[:400], in_ngo_database=ngo_entry is not None,
        ngo_database_registered_on=_date((ngo_entry or {}).get("registered_on")),
    )


def record_from_json(data):
    data = dict(data)
    for key in ("registered_on", "ngo_database_registered_on"):
        data[key] = _date(data.get(key))
    return RegisterRecord(**data)


class Register:
    name = "base"

    def lookup(self, bin_: str) -> RegisterRecord:  # pragma: no cover - interface
        raise NotImplementedError


def get_register() -> Register:
    return import_string(settings.REGISTER_BACKEND)()
