"""The tranches and reporting periods of a project, made once when its agreement enters into force, from the
agreement version's content (so what was signed is what is paid)."""

from datetime import date
from decimal import Decimal

from portal import audit

from ..enums import TrancheCondition
from ..models import ProgressReport, ReportingPeriod, Tranche
from .money import tranche_make_due


def schedule_create(*, project, content, actor):
    if project.tranches.exists():
        return
    periods = {}
    for row in content["reporting"]:
        period = ReportingPeriod.objects.create(
            project=project, kind=row["kind"], number=row["number"], year=row["year"],
            starts_on=date.fromisoformat(row["starts_on"]), ends_on=date.fromisoformat(row["ends_on"]),
            due_on=date.fromisoformat(row["due_on"]))
        ProgressReport.objects.create(period=period)
        periods[row["number"]] = period
    tranches = Tranche.objects.bulk_create([
        Tranche(project=project, number=row["number"], year=row["year"], amount=Decimal(row["amount"]),
                condition=row["condition"], condition_period=periods.get(row["period"]),
                planned_on=date.fromisoformat(row["planned_on"]) if row["planned_on"] else None)
        for row in content["tranches"]])
    audit.record(actor=actor, action="project.schedule_created", target=project,
                 competition_id=project.competition_id,
                 after={"tranches": [[t.number, t.amount] for t in tranches], "periods": len(periods)})
    # The first tranche is due as soon as the agreement is in force.
    for tranche in tranches:
        if tranche.condition == TrancheCondition.AGREEMENT_IN_FORCE:
            tranche_make_due(tranche=tranche, actor=actor)
