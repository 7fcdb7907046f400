"""The portfolio dashboard of a body (projects.views_portfolio, projects.selectors_portfolio) and the track record
beside later applications (projects.templatetags.track_record)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from projects.enums import OutcomeClass, ProjectStatus
from projects.selectors_portfolio import portfolio, track_record, track_summaries
from tests import factories as f
from tests.projects.portfolio_world import add_outcome, add_reporting, make_project, portfolio_world

pytestmark = pytest.mark.django_db
D = Decimal


def _body(user):
    return user.official_memberships.get().body


def test_portfolio_counts_and_money(official):
    today = timezone.localdate()
    body = _body(official)
    competition, projects = portfolio_world(body, 3, today=today)
    other = make_project(f.CompetitionFactory(), amount="5000000")  # another body's: never counted
    add_reporting(other, today=today)
    data = portfolio(body, today=today)
    assert data["counts"] == {"overdue": 3, "due": 3, "tranches": 3}
    assert data["totals"]["count"] == 3 and data["totals"]["awarded"] == D("3000000.00")
    assert data["totals"]["disbursed"] == D("1500000.00")
    assert [(r["count"], r["awarded"], r["disbursed"]) for r in data["by_area"]] == [(3, D("3000000.00"),
                                                                                       D("1500000.00"))]
    assert sum(r["awarded"] for r in data["by_region"]) == D("3000000.00")
    assert dict((str(label), n) for label, n in data["outcomes"]) == {"Successful": 2, "Satisfactory": 0,
                                                                     "Unsatisfactory": 0}
    assert portfolio(body, year=2031, today=today)["totals"]["count"] == 0
    assert portfolio(body, year=2026, today=today)["totals"]["count"] == 3


def test_a_lower_funded_amount_is_what_counts_as_awarded(official):
    today = timezone.localdate()
    body = _body(official)
    competition = f.CompetitionFactory(body=body)
    make_project(competition, amount="1000000", funded_amount=D("800000"), funding_reason="Lower")
    make_project(competition, amount="1000000", status=ProjectStatus.DECLINED)
    assert portfolio(body, today=today)["totals"]["awarded"] == D("800000.00")


@pytest.mark.parametrize("count", [1, 4])
def test_portfolio_page_query_count_does_not_grow(official, client, django_assert_num_queries, count):
    today = timezone.localdate()
    portfolio_world(_body(official), count, today=today)
    client.force_login(official)
    with django_assert_num_queries(22):
        response = client.get("/projects/portfolio/")
    assert response.status_code == 200
    assert len(response.context["data"]["overdue"]) == count
    assert b"<svg" in response.content


def test_observers_read_the_portfolio_others_do_not(official, observer, client):
    body = _body(official)
    portfolio_world(body, 1, today=timezone.localdate())
    observer.observer_memberships.update(body=body)
    client.force_login(observer)
    assert client.get("/projects/portfolio/").status_code == 200
    client.force_login(f.MembershipFactory().user)
    assert client.get("/projects/portfolio/").status_code == 403
    client.force_login(official)
    assert client.get("/projects/portfolio/?body=999999").status_code == 404
    assert client.get("/projects/portfolio/?year=abc").status_code == 200
    client.logout()
    assert client.get("/projects/portfolio/").status_code == 302


# -------------------------------------------------------------------------------------------- track record

def _record_world(today):
    organization = f.OrganizationFactory()
    old = f.CompetitionFactory()
    good = make_project(old, organization=organization, status=ProjectStatus.CLOSED)
    add_outcome(good, OutcomeClass.SUCCESSFUL)
    late = make_project(old, organization=organization)
    add_reporting(late, today=today, late=True)  # one late (flagged) and one overdue report... the latter is open
    make_project(old, organization=organization, status=ProjectStatus.TERMINATED)
    make_project(old, organization=organization, status=ProjectStatus.DECLINED)  # never shown
    return organization, good, late


def test_track_record_lists_earlier_projects_with_outcomes_and_late_reports():
    today = timezone.localdate()
    organization, good, late = _record_world(today)
    record = track_record(organization, today=today)
    assert len(record["projects"]) == 3
    assert record["terminated"] == 1 and record["late_reports"] == 1
    by_pk = {p.pk: p for p in record["projects"]}
    assert by_pk[good.pk].outcome == OutcomeClass.SUCCESSFUL and by_pk[late.pk].late_reports == 1
    summaries = track_summaries([late.application, f.ApplicationFactory()], today=today)
    assert summaries == {organization.pk: {"projects": 2, "late_reports": 0, "terminated": 1,
                                           "unsatisfactory": 0}}


def test_the_official_sees_the_track_record_beside_a_later_application(official, client):
    today = timezone.localdate()
    organization, good, _late = _record_world(today)
    competition = f.CompetitionFactory(body=_body(official), status="closed",
                                       closes_at=timezone.now() - timedelta(days=1))
    application = f.ApplicationFactory(competition=competition, organization=organization,
                                       status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(official)
    page = client.get(f"/manage/applications/application/{application.pk}/").content.decode()
    assert "Track record of the organisation" in page and good.reference in page
    assert "never changes a score" in page
    admission = client.get(f"/manage/applications/{competition.reference}/admission/").content.decode()
    assert "3 earlier projects" in admission


def test_the_track_record_is_hidden_in_a_blind_review():
    from projects.templatetags.track_record import track_record as tag

    assert tag(f.ApplicationFactory(), hidden=True) == {"hidden": True}
    assert tag(f.ApplicationFactory(submitted_at=timezone.now()))["record"]["projects"] == []


