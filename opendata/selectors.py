"""Reads of the open data: only public, published facts.

* a competition is in the open data once it was published (``published_at`` set), cancelled or not;
* a grant is an application whose published outcome is ``winner`` with an awarded amount, in a competition whose
  results were published and that was not cancelled afterwards. Outcomes and amounts are written only by the
  results publication, so the live rows are what was published.

Each function returns a queryset with everything the builders read already joined or prefetched, so a file or an
API page costs a fixed number of queries whatever the number of rows.
"""

from django.db.models import Prefetch

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.reference.models import Region

from .models import DataFile

_REGIONS = Prefetch("regions", queryset=Region.objects.order_by("order", "code"))


def awarded_grants():
    return (Application.objects
            .filter(status=ApplicationStatus.WINNER, awarded_amount__isnull=False,
                    competition__results_published_at__isnull=False)
            .exclude(competition__status=CompetitionStatus.CANCELLED)
            .select_related("competition__body", "competition__priority_area", "organization__region")
            .prefetch_related(Prefetch("competition__regions", queryset=Region.objects.order_by("order", "code")))
            .order_by("competition__reference", "registration_number"))


def open_competitions():
    """Competitions as contracting processes: every one ever published, with its plan item and winners."""
    winners = (Application.objects.filter(status=ApplicationStatus.WINNER, awarded_amount__isnull=False)
               .select_related("organization__region").order_by("registration_number"))
    return (Competition.objects.filter(published_at__isnull=False)
            .select_related("body__region", "priority_area", "plan_item__plan")
            .prefetch_related(_REGIONS, Prefetch("applications", queryset=winners, to_attr="open_winners"))
            .order_by("reference"))


def data_files():
    return DataFile.objects.order_by("order", "name")


def data_file_named(name):
    """A queryset holding the file called ``name`` (the view answers 404 when it is empty)."""
    return DataFile.objects.filter(name=name).exclude(file="")
