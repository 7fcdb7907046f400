"""Freezing and reopening the ranking (scoring.ranking.services)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.canonical import canonical_sha256
from portal.errors import DomainError
from portal.notifications.models import Notification
from scoring.errors import RankingBlocked
from scoring.models import RankingSnapshot
from scoring.ranking.compute import compute_ranking
from scoring.ranking.selectors import earlier_published_snapshots, published_snapshot
from scoring.ranking.services import ranking_freeze, ranking_reopen
from scoring.ranking.snapshot import snapshot_data
from tests.scoring.results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db

D = Decimal

def order(ranking):
    return [r.registration_number for r in ranking.rows]


def test_missing_and_pending_evaluations_block_freezing(official):
    competition = ranked_competition(weights=("1",), experts=2)
    scored_application(competition, [[5], [6]])
    short = scored_application(competition, [[5]])
    busy = scored_application(competition, [[5], [6]], pending=1)
    ranking = compute_ranking(competition)
    assert [(b["code"], b["registration_number"]) for b in ranking.blockers] == sorted([
        ("missing_evaluations", short.registration_number), ("evaluation_pending", busy.registration_number)],
        key=lambda b: b[1])
    with pytest.raises(RankingBlocked) as refused:
        ranking_freeze(competition=competition, actor=official)
    assert len(refused.value.blockers) == 2
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.UNDER_REVIEW
    assert not RankingSnapshot.objects.exists()


def test_freeze_stores_a_canonical_snapshot_and_moves_to_ranked(official):
    competition = ranked_competition(weights=("1", "2"))
    scored_application(competition, [[5, 5], [6, 6]], title="Жобаның атауы «ұлттық»")
    snapshot = ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RANKED
    assert (snapshot.number, snapshot.is_current) == (1, True)
    text, sha = canonical_sha256(snapshot.data)
    assert (text, sha) == (snapshot.canonical, snapshot.sha256)
    assert "Жобаның атауы «ұлттық»" in snapshot.canonical  # ensure_ascii=False
    assert snapshot.canonical.startswith('{"competition":')  # sorted keys, no spaces
    assert ", " not in snapshot.canonical[:200]
    assert snapshot.data["rows"][0]["final_score"] == "16.500"  # Decimals as strings
    event = AuditEvent.objects.get(action="ranking.frozen")
    assert event.after["sha256"] == snapshot.sha256


def test_same_input_gives_the_same_hash(official):
    competition = ranked_competition(weights=("1.5", "1"), aggregation="median")
    for scores in ([[5, 5], [6, 7], [9, 1]], [[3, 3], [3, 4]], [[8, 8], [8, 8]]):
        scored_application(competition, scores)
    first = canonical_sha256(snapshot_data(compute_ranking(competition)))
    second = canonical_sha256(snapshot_data(compute_ranking(competition)))
    assert first == second
    snapshot = ranking_freeze(competition=competition, actor=official)
    assert snapshot.sha256 == first[1]


def test_refreezing_after_reopen_keeps_the_old_snapshot(official):
    competition = ranked_competition(weights=("1",))
    scored_application(competition, [[5], [6]])
    first = ranking_freeze(competition=competition, actor=official)
    with pytest.raises(DomainError):
        ranking_reopen(competition=competition, actor=official, reason="  ")
    ranking_reopen(competition=competition, actor=official, reason="an error was found")
    scored_application(competition, [[9], [9]])
    second = ranking_freeze(competition=competition, actor=official)
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.number) == (False, True, 2)
    assert first.sha256 != second.sha256


def test_divergence_without_extra_expert_needs_a_note(official):
    competition = ranked_competition(weights=("1",), divergence="10")
    scored_application(competition, [[2], [9]])
    with pytest.raises(DomainError) as refused:
        ranking_freeze(competition=competition, actor=official)
    assert refused.value.code == "divergence_note_required"
    snapshot = ranking_freeze(competition=competition, actor=official, divergence_note="Discussed by the panel")
    assert snapshot.data["divergence"][0]["resolution"] == "accepted_by_official"
    assert snapshot.data["divergence_note"] == "Discussed by the panel"


def test_publication_gives_outcomes_amounts_and_notifies(published):
    competition, a, b, user_a, user_b = published
    assert competition.status == CompetitionStatus.RESULTS_PUBLISHED
    assert (a.status, a.awarded_amount) == (ApplicationStatus.WINNER, 1500000)
    assert (b.status, b.awarded_amount) == (ApplicationStatus.RESERVE, None)
    assert Notification.objects.filter(user=user_a, url=f"/applications/{a.pk}/results/").exists()
    assert {m.to[0] for m in mail.outbox} >= {user_a.email, user_b.email}
    event = AuditEvent.objects.get(action="results.published")
    assert event.after["sha256"] == RankingSnapshot.objects.get(competition=competition).sha256


def test_publication_is_stored_on_the_snapshot_and_read_from_it(published):
    competition, _a, _b, _user_a, _user_b = published
    snapshot = RankingSnapshot.objects.get(competition=competition)
    assert snapshot.published_at == competition.results_published_at
    event = AuditEvent.objects.get(action="results.published")
    assert event.target_id == str(snapshot.pk)  # the audit trail records it ...
    with CaptureQueriesContext(connection) as queries:  # ... but current state is never read back from it
        assert published_snapshot(competition) == snapshot
        assert list(earlier_published_snapshots(competition, snapshot)) == []
    assert not any("audit" in query["sql"] for query in queries.captured_queries)


def test_the_migration_fills_published_at_from_the_publication_events(published):
    competition, _a, _b, _user_a, _user_b = published
    snapshot = RankingSnapshot.objects.get(competition=competition)
    unpublished = RankingSnapshot.objects.create(competition=competition, number=2, data={}, canonical="{}",
                                                 sha256="0" * 64, is_current=False)
    RankingSnapshot.objects.filter(pk=snapshot.pk).update(published_at=None)
    event = AuditEvent.objects.get(action="results.published")
    migration = importlib.import_module("scoring.migrations.0006_snapshot_published_at")
    migration.fill_published_at(django_apps, None)
    snapshot.refresh_from_db()
    unpublished.refresh_from_db()
    assert (snapshot.published_at, unpublished.published_at) == (event.created_at, None)
