"""The open data of the projects app ([2.4]): paid tranches as 360Giving disbursements, agreements as OCDS
contracts with their implementation (tranches and reporting periods as milestones, paid tranches as
transactions). Open data sits above projects in the layers, so it reads projects directly; it is registered as
a provider (``providers.register_provider``) from ``hooks.register``.

Each method answers a whole file or API page in a fixed number of queries (one for disbursements, three for
contracts: agreements with their project, competition, body and organisation joined; tranches; periods with
their reports). An agreement still in draft is not public (it was never sent), so it is left out."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from projects.enums import AgreementStatus, ProjectStatus, ReportStatus, TrancheStatus
from projects.models import Agreement, Project, ReportingPeriod, Tranche

from . import identifiers
from .common import CURRENCY, day_start, in_language, number, stamp
from .providers import Provider

KEY = "projects.agreements"

CLOSED_PROJECT = {ProjectStatus.CLOSED, ProjectStatus.TERMINATED}
NOT_MET_TRANCHE = {TrancheStatus.WITHHELD, TrancheStatus.CANCELLED}


def _moment(day):
    """A payment order's date as the start of that day in Almaty (the providers' contract: aware datetimes)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _value(amount):
    return {"amount": number(amount), "currency": CURRENCY}


def contract_status(agreement, project):
    """OCDS ``contractStatus`` (closed codelist) from the agreement's state and the project's end."""
    if agreement.status == AgreementStatus.CANCELLED:
        return "cancelled"
    if agreement.status != AgreementStatus.IN_FORCE:
        return "pending"
    return "terminated" if project.status in CLOSED_PROJECT else "active"


def _tranche_milestone(tranche):
    milestone = {"id": f"tranche-{tranche.number}", "title": gettext("Tranche %(number)s") % {
        "number": tranche.number}, "type": "financing", "code": "tranche", "value": _value(tranche.amount)}
    if tranche.planned_on:
        milestone["dueDate"] = day_start(tranche.planned_on)
    if tranche.status == TrancheStatus.PAID:
        milestone.update(status="met", dateMet=day_start(tranche.payment_order_date))
    else:
        milestone["status"] = "notMet" if tranche.status in NOT_MET_TRANCHE else "scheduled"
    return milestone


def _report_milestone(period):
    milestone = {"id": f"report-{period.number}", "title": f"{period.get_kind_display()} {period.number}",
                 "type": "reporting", "code": period.kind, "dueDate": day_start(period.due_on)}
    report = getattr(period, "report", None)
    if report is not None and report.status == ReportStatus.ACCEPTED and report.accepted_at:
        milestone.update(status="met", dateMet=stamp(report.accepted_at))
    else:
        milestone["status"] = "scheduled"
    return milestone


def _transaction(tranche, payer, payee):
    return {"id": tranche.payment_order_number, "date": day_start(tranche.payment_order_date),
            "value": _value(tranche.amount), "payer": payer, "payee": payee}


def _paid(tranches):
    return [t for t in tranches if t.status == TrancheStatus.PAID]


def contract(agreement):
    """The OCDS contract of one agreement (from ``ProjectsOpenData.contracts``' queryset), with its ``date``."""
    project = agreement.project
    body, organization = project.competition.body, project.organization
    payer = {"id": identifiers.org_id(body.bin), "name": in_language(body, "name")}
    payee = {"id": identifiers.org_id(organization.bin), "name": organization.name}
    tranches, periods = project.open_tranches, project.open_periods
    paid = _paid(tranches)
    row = {
        "id": agreement.number,
        "awardID": project.application.registration_number,
        "title": project.title,
        "status": contract_status(agreement, project),
        "value": _value(project.amount),
        "implementation": {
            "milestones": [_tranche_milestone(t) for t in tranches] + [_report_milestone(p) for p in periods],
            "transactions": [_transaction(t, payer, payee) for t in paid],
        },
    }
    if project.starts_on and project.ends_on:
        row["period"] = {"startDate": day_start(project.starts_on), "endDate": day_start(project.ends_on)}
    if agreement.status == AgreementStatus.IN_FORCE:
        row["dateSigned"] = stamp(agreement.signed_by_body_at or agreement.in_force_at)
    moments = [agreement.status_changed_at, *(t.status_changed_at for t in paid)]
    if project.status in CLOSED_PROJECT:
        moments.append(project.status_changed_at)
    row["date"] = max(moments)
    return row


class ProjectsOpenData(Provider):
    def disbursements(self, application_ids):
        """Every project of the given applications reports what was paid (0 until the first tranche is paid)."""
        found = {}
        rows = (Project.objects.filter(application_id__in=list(application_ids))
                .values_list("application_id", "tranches__status", "tranches__amount",
                             "tranches__payment_order_number", "tranches__payment_order_date")
                .order_by("application_id", "tranches__number"))
        for application_id, status, amount, order_number, order_date in rows:
            entry = found.setdefault(application_id, {"amount": Decimal("0"), "transactions": []})
            if status == TrancheStatus.PAID:
                entry["amount"] += amount
                entry["transactions"].append({"id": order_number, "date": _moment(order_date), "amount": amount})
        return found

    def contracts(self, competition_ids):
        agreements = (Agreement.objects.filter(project__competition_id__in=list(competition_ids))
                      .exclude(status=AgreementStatus.DRAFT)
                      .select_related("project__application", "project__organization", "project__competition__body")
                      .prefetch_related(
                          Prefetch("project__tranches", queryset=Tranche.objects.order_by("number"),
                                   to_attr="open_tranches"),
                          Prefetch("project__periods", to_attr="open_periods",
                                   queryset=ReportingPeriod.objects.select_related("report").order_by("number")))
                      .order_by("project__competition_id", "number"))
        found = {}
        for agreement in agreements:
            found.setdefault(agreement.project.competition_id, []).append(contract(agreement))
        return found
