"""Data for the page benchmark (bench/pages.py): bulk rows on the database of ``DATABASE_URL``; prints one JSON object.

``seed --competitions 1000 --applications 50000 --experts 500``
    Ten bodies, ``competitions`` published competitions spread over them, regions and priority areas; 5,000 NGOs
    and ``applications`` submitted applications spread over the competitions, of which one competition (the
    official's) holds 1,000; ``experts`` experts, the first of whom has 100 assignments; one competition with
    published results (40 scored applications, ranked and published through the portal's own services). The
    signed-in clients get a session cookie (pages) and an API token each: the official, the NGO, the expert.
Rows are written with ``bulk_create`` (no audit, no services) except the published results, which need a real
ranking snapshot.
"""

import argparse
import itertools
import json
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.enums import ApplicationStatus  # noqa: E402
from applications.models import Application  # noqa: E402
from competitions.enums import CompetitionKind, CompetitionStatus  # noqa: E402
from competitions.models import Competition  # noqa: E402
from portal.accounts import sessions  # noqa: E402
from portal.accounts.models import (  # noqa: E402
    ApiToken,
    ExpertProfile,
    GovernmentBody,
    Membership,
    OfficialMembership,
    Organization,
    User,
)
from portal.accounts.validators import bin_check_digit  # noqa: E402
from portal.reference.models import PriorityArea, Region  # noqa: E402
from scoring.enums import AssignmentStatus  # noqa: E402
from scoring.models import Assignment  # noqa: E402

TOPICS = ["молодёжь", "экология", "спорт", "культура", "волонтёрство", "здоровье", "образование", "цифровизация"]
_bins = itertools.count(1)
BATCH = 2000


def make_bin(prefix):
    while True:
        first = f"{prefix}4{next(_bins):06d}"[:11]
        digit = bin_check_digit(first)
        if digit is not None:
            return first + str(digit)


def session_for(user):
    """A signed-in session as the sign-in page leaves it (portal/accounts/sessions.py's limits included)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = int(time.time())
    session.update({sessions.STARTED: now, sessions.SEEN: now, sessions.IDLE: 8 * 3600})
    session.create()
    return session.session_key


def _users(prefix, count, password):
    now = timezone.now()
    return User.objects.bulk_create([User(email=f"{prefix}-{i}@bench.kz", full_name=f"{prefix} {i}", password=password,
                                          email_confirmed_at=now) for i in range(count)], batch_size=BATCH)


def _competitions(bodies, count, regions, areas):
    now = timezone.now()
    rows = []
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        rows.append(Competition(
            reference=f"BP-2026-{i:04d}", kind=CompetitionKind.STATE_GRANT, body=bodies[i % len(bodies)],
            status=CompetitionStatus.PUBLISHED, title_ru=f"Конкурс № {i}: {topic}", title_kk=f"Конкурс № {i}: {topic}",
            description_ru=f"Социальные проекты: {topic}.", description_kk=f"Әлеуметтік жобалар: {topic}.",
            priority_area=areas[i % len(areas)], total_budget=Decimal("300000000.00"),
            min_amount=Decimal("1000000.00"), max_amount=Decimal("5000000.00") + i, planned_grants=50,
            opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=20 + i % 30),
            published_at=now - timedelta(days=11)))
    created = Competition.objects.bulk_create(rows, batch_size=BATCH)
    through = Competition.regions.through
    through.objects.bulk_create([through(competition_id=c.pk, region_id=regions[i % len(regions)].pk)
                                 for i, c in enumerate(created)], batch_size=BATCH)
    return created


def _applications(competitions, organizations, users, total, official_competition):
    """1,000 in the official's competition, the rest spread; each NGO at most once per competition."""
    now = timezone.now()
    rows = []
    plan = [(official_competition, k) for k in range(1000)]
    others = [c for c in competitions if c.pk != official_competition.pk]
    for k in range(total - len(plan)):  # (k mod 999, k mod 4000) repeats only after 3,996,000 rows
        plan.append((others[k % len(others)], 1000 + k % (len(organizations) - 1000)))
    for n, (competition, org_index) in enumerate(plan):
        org_index %= len(organizations)
        rows.append(Application(
            competition=competition, organization=organizations[org_index], created_by=users[org_index],
            status=ApplicationStatus.SUBMITTED, registration_number=f"BP-{n:06d}",
            submitted_at=now - timedelta(hours=n % 90),
            title=f"Проект {n}: {TOPICS[n % len(TOPICS)]}", summary="Краткое описание.",
            requested_amount=Decimal("2000000.00") + n % 1000, snapshot_sha256=f"{n:064x}"))
    return Application.objects.bulk_create(rows, batch_size=BATCH)


def _results(official, body):
    """A competition with published results through the portal's services (tests/scoring/results_world.py)."""
    from unittest import mock

    from scoring.ranking.services import ranking_freeze, results_publish
    from tests import factories as f
    from tests.scoring.results_world import ranked_competition, scored_application

    competition = ranked_competition(weights=("1", "1"), total_budget="40000000", pass_threshold="4", body=body)
    for index in range(40):
        score = 4 + index % 6
        scored_application(competition, [[score, score], [score + 1, score]], requested="1000000",
                           title=f"Жоба {index} / Проект {index}")
    ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    f.approve_ranking(competition, actor=official)
    with mock.patch("django.db.transaction.on_commit"):  # no report render in this process
        results_publish(competition=competition, actor=official)
    return competition


@transaction.atomic
def seed(*, competitions, applications, experts):
    password = make_password(None)
    regions, areas = list(Region.objects.order_by("pk")), list(PriorityArea.objects.order_by("pk"))
    bodies = GovernmentBody.objects.bulk_create([
        GovernmentBody(name_ru=f"Управление № {i}", name_kk=f"Басқарма № {i}", short_code=f"bp{i}",
                       bin=make_bin("0912"), region=regions[i % len(regions)]) for i in range(10)])
    [official] = _users("official", 1, password)
    OfficialMembership.objects.create(user=official, body=bodies[0], role="manager")
    created = _competitions(bodies, competitions, regions, areas)
    official_competition = created[0]  # bodies[0]'s
    ngo_users = _users("ngo", 5000, password)
    organizations = Organization.objects.bulk_create([
        Organization(name=f"Общественное объединение «Бенч {i}»", bin=make_bin("1101"), legal_form="public_association",
                     region=regions[i % len(regions)], registered_on=timezone.localdate() - timedelta(days=1100),
                     in_ngo_database=True) for i in range(5000)], batch_size=BATCH)
    Membership.objects.bulk_create([Membership(user=u, organization=o, role="owner")
                                    for u, o in zip(ngo_users, organizations, strict=True)], batch_size=BATCH)
    apps = _applications(created, organizations, ngo_users, applications, official_competition)
    expert_users = _users("expert", experts, password)
    profiles = ExpertProfile.objects.bulk_create([ExpertProfile(user=u, languages=["kk", "ru"], max_load=200)
                                                  for u in expert_users], batch_size=BATCH)
    # The first expert: 100 assignments in the official's competition; the others 20 each elsewhere.
    assignments = [Assignment(application=a, expert=profiles[0], status=AssignmentStatus.ACCEPTED)
                   for a in apps[:100]]
    rest = apps[1000:]
    for i, profile in enumerate(profiles[1:]):
        assignments += [Assignment(application=rest[(i * 20 + k) % len(rest)], expert=profile,
                                   status=AssignmentStatus.ACCEPTED) for k in range(20)]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH, ignore_conflicts=True)
    results = _results(official, bodies[0])
    ngo = ngo_users[1000]  # an NGO with applications in several competitions
    people = {"official": official, "ngo": ngo, "expert": expert_users[0]}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "competition": official_competition.reference, "competition_id": official_competition.pk,
        "results": results.reference, "results_id": results.pk, "region": regions[0].pk,
        "ngo_organization": organizations[1000].pk, "expert_profile": profiles[0].pk,
        "sessions": {role: session_for(user) for role, user in people.items()},
        "tokens": {role: ApiToken.objects.create(user=user)[1] for role, user in people.items()},
        "counts": {"competitions": Competition.objects.count(), "applications": Application.objects.count(),
                   "experts": ExpertProfile.objects.count(), "assignments": Assignment.objects.count()},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed"])
    parser.add_argument("--competitions", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=50000)
    parser.add_argument("--experts", type=int, default=500)
    args = parser.parse_args()
    print(json.dumps(seed(competitions=args.competitions, applications=args.applications, experts=args.experts)))


if __name__ == "__main__":
    main()
