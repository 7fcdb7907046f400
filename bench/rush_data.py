"""Data for the deadline rush (bench/rush.py) and the fault tests (tests/integration/test_faults.py).

Run in its own process against the database of ``DATABASE_URL``; prints one JSON object.

``seed --drafts N --late L --competitions K --closes-in S``
    K open competitions closing in S seconds, N + L complete drafts (each from its own NGO, whose owner has a
    confirmed e-mail and an API token), spread evenly; the L "late" ones are listed apart.
``seed-due --competitions K --closes-in S``
    K published competitions with one submitted application each, closing in S seconds (for the beat test).
``seed-mail --drafts N``
    N people notified once each (N e-mails waiting in the outbox).
``check --competitions ID,ID``
    What happened: applications by status, half-written drafts, duplicate numbers, submit events per
    application, in-app and e-mail rows per application, outbox by status, closing events, audit chain.
"""

import argparse
import hashlib
import itertools
import json
import os
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.enums import ApplicationStatus  # noqa: E402
from applications.models import Activity, Application, Attachment, BudgetLine, Indicator  # noqa: E402
from applications.services import application_submit  # noqa: E402
from competitions.enums import CompetitionKind, CompetitionStatus  # noqa: E402
from competitions.models import Competition, RequiredDocument  # noqa: E402
from portal.accounts.models import (  # noqa: E402
    ApiToken,
    GovernmentBody,
    Membership,
    OfficialMembership,
    Organization,
    User,
)
from portal.accounts.validators import bin_check_digit  # noqa: E402
from portal.audit.models import AuditEvent  # noqa: E402
from portal.audit.services import verify_chain  # noqa: E402
from portal.notifications.models import Notification, OutboxMessage  # noqa: E402
from portal.notifications.services import notify  # noqa: E402
from portal.reference.models import PriorityArea, Region  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_bins = itertools.count(1)


def make_bin(prefix):
    while True:
        first = f"{prefix}4{next(_bins):06d}"[:11]
        digit = bin_check_digit(first)
        if digit is not None:
            return first + str(digit)


def _body():
    body = GovernmentBody.objects.create(name_ru="Управление внутренней политики (нагрузка)",
                                         name_kk="Ішкі саясат басқармасы (жүктеме)", short_code="rush",
                                         bin=make_bin("0902"), region=Region.objects.get(code="kostanay"))
    official = User.objects.create(email="rush-official@example.kz", full_name="Rush official",
                                   password=make_password(None), email_confirmed_at=timezone.now())
    OfficialMembership.objects.create(user=official, body=body, role="manager")
    return body


def _competitions(body, count, closes_at, tag):
    now = timezone.now()
    created = []
    for index in range(count):
        competition = Competition.objects.create(
            reference=f"SZ-2026-{tag}{index:03d}", kind=CompetitionKind.STATE_GRANT, body=body,
            status=CompetitionStatus.PUBLISHED, title_ru=f"Конкурс (нагрузка) № {index}",
            title_kk=f"Конкурс (жүктеме) № {index}", description_ru="Нагрузочный тест.",
            priority_area=PriorityArea.objects.get(code="youth"), total_budget=Decimal("300000000.00"),
            min_amount=Decimal("1000000.00"), max_amount=Decimal("5000000.00"), planned_grants=50,
            opens_at=now - timedelta(days=10), closes_at=closes_at, published_at=now - timedelta(days=11))
        competition.regions.set([Region.objects.get(code="kostanay")])
        RequiredDocument.objects.create(competition=competition, document_type="charter", mandatory=True)
        created.append(competition)
    return created


def _applicants(count, tag):
    now = timezone.now()
    password = make_password(None)
    users = User.objects.bulk_create([
        User(email=f"rush-{tag}-{i}@example.kz", full_name=f"NGO head {i}", password=password,
             preferred_language=("kk", "ru")[i % 2], email_confirmed_at=now) for i in range(count)])
    region = Region.objects.get(code="kostanay")
    organizations = Organization.objects.bulk_create([
        Organization(name=f"Общественное объединение «Нагрузка {tag}-{i}»", bin=make_bin("1001"),
                     legal_form="public_association", region=region, registered_on=date.today() - timedelta(days=1100),
                     in_ngo_database=True, ngo_database_registered_on=date.today() - timedelta(days=700))
        for i in range(count)])
    Membership.objects.bulk_create([Membership(user=u, organization=o, role="owner")
                                    for u, o in zip(users, organizations, strict=True)])
    # knox stores only a digest: each token is created (and its key kept for the clients) one by one.
    tokens = [ApiToken.objects.create(user=u)[1] for u in users]
    return users, organizations, tokens


def _drafts(competitions, users, organizations, tokens):
    applications = Application.objects.bulk_create([
        Application(competition=competitions[i % len(competitions)], organization=org, created_by=user,
                    title=f"Молодёжный медиацентр {i} — Жастар медиа орталығы", summary="Медиацентр для молодёжи.",
                    problem="Молодёжи не хватает навыков.", goals="Обучить 200 человек.",
                    target_group="Молодёжь 14-29 лет.", beneficiaries_count=200, team="Руководитель и два тренера.",
                    sustainability="Центр продолжит работу с волонтёрами.", requested_amount=Decimal("2000000.00"))
        for i, (user, org) in enumerate(zip(users, organizations, strict=True))])
    Activity.objects.bulk_create([Activity(application=a, title="Тренинги", order=0) for a in applications])
    Indicator.objects.bulk_create([Indicator(application=a, name="Обучено", unit="человек", baseline=Decimal("0"),
                                             target=Decimal("200"), order=0) for a in applications])
    BudgetLine.objects.bulk_create(
        [BudgetLine(application=a, category="services", description="Тренеры", quantity=Decimal("10"),
                    unit_cost=Decimal("150000.00")) for a in applications]
        + [BudgetLine(application=a, category="administrative", description="Аренда", quantity=Decimal("5"),
                      unit_cost=Decimal("100000.00")) for a in applications])
    digest = hashlib.sha256(PDF).hexdigest()
    for application in applications:
        attachment = Attachment(application=application, document_type="charter", original_name="charter.pdf",
                                content_type="application/pdf", size=len(PDF), sha256=digest)
        attachment.file.save("charter.pdf", ContentFile(PDF), save=False)
        attachment.save()
    return [{"id": a.pk, "token": t, "email": u.email, "competition": a.competition_id}
            for a, t, u in zip(applications, tokens, users, strict=True)]


@transaction.atomic
def seed(*, drafts, late, competitions, closes_in, tag):
    body = _body()
    closes_at = timezone.now() + timedelta(seconds=closes_in)
    created = _competitions(body, competitions, closes_at, tag)
    users, organizations, tokens = _applicants(drafts + late, tag)
    rows = _drafts(created, users, organizations, tokens)
    return {"competitions": [c.pk for c in created], "closes_at": closes_at.isoformat(),
            "drafts": rows[:drafts], "late": rows[drafts:]}


@transaction.atomic
def seed_due(*, competitions, closes_in, tag):
    body = _body()
    closes_at = timezone.now() + timedelta(seconds=closes_in)
    created = _competitions(body, competitions, timezone.now() + timedelta(days=1), tag)
    users, organizations, tokens = _applicants(competitions, tag)
    rows = _drafts(created, users, organizations, tokens)
    for row, user in zip(rows, users, strict=True):
        application_submit(application=Application.objects.get(pk=row["id"]), actor=user)
    Competition.objects.filter(pk__in=[c.pk for c in created]).update(closes_at=closes_at)
    return {"competitions": [c.pk for c in created], "closes_at": closes_at.isoformat()}


@transaction.atomic
def seed_mail(*, users, tag):
    """``users`` people, each notified once (an in-app row and one e-mail in the outbox)."""
    people, _organizations, _tokens = _applicants(users, tag)
    notify(users=people, subject="Notification of the fault test", body="Text.")
    return {"emails": [u.email for u in people]}


def check(*, competitions):
    applications = Application.objects.filter(competition_id__in=competitions)
    ids = list(applications.values_list("pk", flat=True))
    submitted = applications.filter(status=ApplicationStatus.SUBMITTED)
    numbers = Counter(submitted.values_list("registration_number", flat=True))
    events = Counter(AuditEvent.objects.filter(action="application.submitted", target_type="applications.application",
                                               target_id__in=[str(i) for i in ids]).values_list("target_id", flat=True))
    submitted_ids = [str(i) for i in submitted.values_list("pk", flat=True)]
    receipt_urls = [reverse("applications:receipt", kwargs={"pk": int(i)}) for i in submitted_ids]
    receipts = Counter(Notification.objects.filter(url__in=receipt_urls).values_list("url", flat=True))
    mails = Counter(OutboxMessage.objects.filter(channel="email", notification__url__in=receipt_urls)
                    .values_list("notification__url", flat=True))
    late = submitted.filter(submitted_at__gt=F("competition__closes_at"))
    closing = Counter(AuditEvent.objects.filter(action="competition.closed", target_type="competitions.competition",
                                                target_id__in=[str(c) for c in competitions])
                      .values_list("target_id", flat=True))
    chain = verify_chain()
    return {
        "applications": applications.count(),
        "by_status": dict(Counter(applications.values_list("status", flat=True))),
        "half_written": applications.filter(status=ApplicationStatus.DRAFT).exclude(
            registration_number=None, snapshot_sha256="").count(),
        "duplicate_numbers": sum(n - 1 for n in numbers.values() if n > 1),
        "submitted_without_event": sum(1 for i in submitted_ids if events.get(i, 0) == 0),
        "duplicate_submit_events": sum(n - 1 for n in events.values() if n > 1),
        "missing_receipts": sum(1 for url in receipt_urls if receipts.get(url, 0) == 0),
        "duplicate_receipts": sum(n - 1 for n in receipts.values() if n > 1),
        "missing_receipt_mails": sum(1 for url in receipt_urls if mails.get(url, 0) == 0),
        "duplicate_receipt_mails": sum(n - 1 for n in mails.values() if n > 1),
        "submitted_ids": sorted(int(i) for i in submitted_ids),
        "late_accepted": late.count(),
        "outbox": dict(Counter(OutboxMessage.objects.values_list("status", flat=True))),
        "outbox_email_rows": OutboxMessage.objects.filter(channel="email").count(),
        "closed": {c: closing.get(str(c), 0) for c in competitions},
        "competition_status": dict(Competition.objects.filter(pk__in=competitions).values_list("pk", "status")),
        "audit_chain_ok": chain.ok,
        "audit_events": chain.checked,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed", "seed-due", "seed-mail", "check"])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--late", type=int, default=20)
    parser.add_argument("--competitions", default="1")
    parser.add_argument("--closes-in", type=float, default=3600)
    parser.add_argument("--tag", default="R")
    args = parser.parse_args()
    if args.command == "seed":
        out = seed(drafts=args.drafts, late=args.late, competitions=int(args.competitions), closes_in=args.closes_in,
                   tag=args.tag)
    elif args.command == "seed-due":
        out = seed_due(competitions=int(args.competitions), closes_in=args.closes_in, tag=args.tag)
    elif args.command == "seed-mail":
        out = seed_mail(users=args.drafts, tag=args.tag)
    else:
        out = check(competitions=[int(c) for c in args.competitions.split(",")])
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
