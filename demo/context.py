"""What every builder shares: the moment the demo is built for, its people, and dates relative to it."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

CENT = Decimal("0.01")


@dataclass
class Context:
    now: object
    users: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    experts: dict = field(default_factory=dict)
    body: object = None
    templates: dict = field(default_factory=dict)

    @property
    def official(self):
        return self.users["official"]

    def days(self, days, hour=10):
        """``now`` shifted by ``days``, at a fixed local hour so the demo reads naturally."""
        return _at_hour(self.now + timedelta(days=days), hour)

    def member(self, organization):
        """The demo owner of ``organization`` (the person who acts for it)."""
        key = next(key for key, org in self.organizations.items() if org.pk == organization.pk)
        return self.users[key]


@dataclass
class Timeline:
    """A competition's own calendar: moments counted in days from its deadline."""

    opens_at: object
    closes_at: object

    def at(self, days, hour=10):
        return _at_hour(self.closes_at + timedelta(days=days), hour)


def _at_hour(moment, hour):
    return timezone.localtime(moment).replace(hour=hour, minute=0, second=0, microsecond=0)


def money(value):
    return Decimal(value).quantize(CENT)
