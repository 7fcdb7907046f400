"""Performance as an option of the automatic assignment and of the observed draw (services and API), and the
public council members invited to observe the draw."""

import json
from collections import Counter

import pytest
from django.core.management import call_command

from portal.audit.models import AuditEvent
from portal.councils.models import CouncilMember
from portal.notifications.models import Notification
from scoring.assignment import services
from scoring.assignment.draw import draw_commit, draw_public_file, draw_run, draw_verify
from scoring.calc.performance import Performance
from scoring.calc.solver import PERFORMANCE_MAX
from tests import factories as f

pytestmark = pytest.mark.django_db

WORST = Performance(evaluations=3, timeliness=0.0, divergence=0.5, bias=2.5, short_comments=1.0, upheld_appeals=1)


@pytest.fixture
def poor_expert(review, monkeypatch):
    """The first pool expert has the worst track record; the others none (so no penalty)."""
    poor = review[3][0]

    def figures(expert_ids):
        return {pk: WORST if pk == poor.pk else Performance() for pk in expert_ids}

    monkeypatch.setattr(services, "performance_by_expert", figures)
    return poor


def test_weight_off_is_todays_proposal_and_on_gives_the_poor_expert_fewer(review, official, poor_expert):
    competition = review[0]
    plain = services.assignment_propose(competition=competition, actor=official, seed=3)
    assert Counter(e for e, _a in plain.pairs) == {e.pk: 2 for e in review[3]}  # 8 slots, 4 experts: even
    assert "weigh_performance" not in plain.stats
    weighed = services.assignment_propose(competition=competition, actor=official, seed=3, weigh_performance=True)
    loads = Counter(e for e, _a in weighed.pairs)
    assert loads[poor_expert.pk] < 2 and sum(loads.values()) == 8
    assert weighed.stats["weigh_performance"] is True
    assert weighed.stats["penalties"] == {str(poor_expert.pk): PERFORMANCE_MAX}
    event = AuditEvent.objects.filter(action="assignment.proposed").order_by("-id").first()
    assert event.after["weigh_performance"] is True


def test_weighed_draw_publishes_the_penalties_and_verifies(review, official, poor_expert, tmp_path, capsys):
    competition = review[0]
    draw = draw_commit(competition=competition, actor=official, seed="a-weighed-draw-seed-text",
                       weigh_performance=True)
    assert draw.inputs["weigh_performance"] is True
    numbers = {pk: n for n, pk in enumerate(sorted(e.pk for e in review[3]), start=1)}
    assert {row["number"]: row["penalty"] for row in draw.inputs["experts"]} == {
        n: (PERFORMANCE_MAX if pk == poor_expert.pk else 0) for pk, n in numbers.items()}
    draw = draw_run(draw=draw, actor=official)
    assert Counter(e for e, _a in draw.pairs)[numbers[poor_expert.pk]] < 2
    published = draw_public_file(draw)
    assert draw_verify(published) == []
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    call_command("verify_assignment", file=str(path))
    assert "OK 8 pairs reproduced" in capsys.readouterr().out
    # the same file without the weights does not reproduce the pairs: the weights are part of the inputs
    stripped = json.loads(json.dumps(published))
    stripped["inputs"].pop("weigh_performance")
    assert draw_verify(stripped)


def test_council_members_are_invited_to_observe_the_draw(review, official):
    competition = review[0]
    council = f.CouncilFactory(body=competition.body)
    member = f.UserFactory(full_name="Данияр Оспанов")
    CouncilMember.objects.create(council=council, user=member)
    draw = draw_commit(competition=competition, actor=official, seed="observers-are-invited-now")
    assert draw.invited_observers == [{"name": "Данияр Оспанов", "council_kk": council.name_kk,
                                       "council_ru": council.name_ru, "council_en": council.name_en}]
    assert Notification.objects.filter(user=member, url=f"/competitions/{competition.reference}/draw/").exists()
    event = AuditEvent.objects.get(action="draw.observers_invited")
    assert event.after == {"observers": 1}


def test_api_weighs_performance_on_request(review, official, poor_expert, client):
    competition = review[0]
    client.force_login(official)
    url = f"/api/v1/competitions/{competition.pk}/assignments/auto/"
    response = client.post(url, {"seed": 3, "weigh_performance": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["stats"]["weigh_performance"] is True
    response = client.post(url, {"seed": 3, "weigh_performance": 7}, content_type="application/json")
    assert response.status_code == 400 and "weigh_performance" in response.content.decode()
