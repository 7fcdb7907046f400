"""Officials' application pages: the table (filters, sorting, pinned queries), exports, the read-only page,
admission through the browser, and the officials' dashboard panel."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import services
from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from competitions.models import Clarification
from tests import factories as f
from tests.applications.helpers import add_attachment, fill_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition():
    now = timezone.now()
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED, opens_at=now - timedelta(days=30),
                                       closes_at=now - timedelta(days=1))
    f.RequiredDocumentFactory(competition=competition, document_type="charter", mandatory=True)
    return competition


@pytest.fixture
def official_client(client, competition):
    client.force_login(f.OfficialMembershipFactory(body=competition.body).user)
    return client


def make(competition, *, amount="2000000.00", region="kostanay", status=ApplicationStatus.SUBMITTED, charter=True,
         name=None):
    organization = f.OrganizationFactory(region=f.region(region), **({"name": name} if name else {}))
    application = f.ApplicationFactory(competition=competition, organization=organization, status=status,
                                       requested_amount=Decimal(amount), submitted_at=timezone.now())
    if charter:
        add_attachment(application, "charter")
    return application


def table(client, competition, **params):
    return client.get(reverse("manage_applications:list", kwargs={"reference": competition.reference}), params)


# ------------------------------------------------------------------------------------------------------ table

@pytest.mark.parametrize("count", [1, 30])
def test_table_query_count_is_the_same_for_one_and_many(official_client, competition, django_assert_num_queries,
                                                         count):
    for _ in range(count):
        make(competition)
    table(official_client, competition)  # warm the session
    with django_assert_num_queries(11):  # 12 while reads closed overdue competitions
        response = table(official_client, competition, sort="-amount")
    assert response.status_code == 200
    assert len(response.context["applications"]) == min(count, 25)


def test_table_never_shows_drafts_and_filters(official_client, competition):
    small = make(competition, amount="1000000.00", region="kostanay")
    big = make(competition, amount="5000000.00", region="almaty", charter=False)
    admitted = make(competition, amount="3000000.00", status=ApplicationStatus.ADMITTED)
    make(competition, status=ApplicationStatus.DRAFT)

    def numbers(**params):
        response = table(official_client, competition, **params)
        assert response.status_code == 200
        return [a.pk for a in response.context["applications"]]

    assert sorted(numbers()) == sorted([small.pk, big.pk, admitted.pk])
    assert numbers(status="admitted") == [admitted.pk]
    assert numbers(region=f.region("almaty").pk) == [big.pk]
    assert numbers(amount_from="2000000", amount_to="4000000") == [admitted.pk]
    assert numbers(documents="missing") == [big.pk]
    assert sorted(numbers(documents="complete")) == sorted([small.pk, admitted.pk])
    assert numbers(sort="-amount") == [big.pk, admitted.pk, small.pk]
    assert numbers(sort="amount") == [small.pk, admitted.pk, big.pk]


def test_invalid_filter_is_a_400(official_client, competition):
    assert table(official_client, competition, amount_from="lots").status_code == 400


def test_csv_export_has_the_filtered_rows(official_client, competition):
    a = make(competition, amount="1234567.80", name="=HYPERLINK(evil)")
    make(competition, amount="5000000.00")
    response = official_client.get(reverse("manage_applications:export_csv",
                                           kwargs={"reference": competition.reference}), {"amount_to": "2000000"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{competition.reference}-applications')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert row[0] == a.registration_number
    assert "1234567.80" in row
    assert "'=HYPERLINK(evil)" in row  # formula injection neutralised
    assert len(values) == 11


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_csv_export_in_kazakh_and_russian_has_semicolons_and_a_decimal_comma(official_client, competition, language):
    make(competition, amount="1234567.80")
    official_client.cookies["django_language"] = language
    response = official_client.get(reverse("manage_applications:export_csv",
                                           kwargs={"reference": competition.reference}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "1234567,80" in rows[1] and len(rows[1]) == 11


def test_xlsx_export_numbers_are_numbers_with_two_decimals(official_client, competition):
    a = make(competition, amount="1234567.80")
    response = official_client.get(reverse("manage_applications:export_xlsx",
                                           kwargs={"reference": competition.reference}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = [c for c in sheet[2]]
    amount = row[5]
    assert row[0].value == a.registration_number
    assert isinstance(amount.value, int | float) and amount.value == pytest.approx(1234567.80)
    assert amount.number_format == "#,##0.00"
    assert sheet.max_row == 2 and len(header) == 11


# ------------------------------------------------------------------------------------------ application page

def test_application_page_shows_the_frozen_snapshot_hash_and_downloads(official_client, competition):
    membership = f.MembershipFactory()
    application = f.ApplicationFactory(competition=competition, organization=membership.organization,
                                       status=ApplicationStatus.SUBMITTED)
    fill_application(application)
    application.snapshot = services.application_snapshot(application, submitted_at=timezone.now())
    application.snapshot_sha256 = services.snapshot_hash(application.snapshot)
    application.save()
    application.title = "Changed after submission (must not show)"
    application.save()
    page = official_client.get(reverse("manage_applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert application.snapshot_sha256 in page
    assert application.registration_number in page
    assert "Молодёжный медиацентр" in page
    assert "Changed after submission" not in page.split("<h2", 3)[-1]
    attachment = application.attachments.get()
    assert reverse("applications:attachment", kwargs={"pk": application.pk, "attachment_pk": attachment.pk}) in page
    assert membership.user.email not in page


def test_return_through_the_browser_reaches_the_applicant(official_client, competition, client):
    application = make(competition, charter=False)
    url = reverse("manage_applications:return", kwargs={"pk": application.pk})
    form = official_client.get(url).context["form"]
    assert form.initial["item_1"] == "documents"  # prefilled from the failing check
    response = official_client.post(url, {"item_1": "documents", "reason_1": "Attach the charter.",
                                          "working_days": "3"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    assert application.return_reasons[0]["reason"] == "Attach the charter."


def test_return_without_reason_is_a_400(official_client, competition):
    application = make(competition)
    response = official_client.post(reverse("manage_applications:return", kwargs={"pk": application.pk}),
                                    {"item_1": "documents", "reason_1": "", "working_days": "3"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_official_of_another_body_gets_404(client, competition):
    application = make(competition)
    client.force_login(f.OfficialMembershipFactory().user)
    assert client.get(reverse("manage_applications:detail", kwargs={"pk": application.pk})).status_code == 404
    assert table(client, competition).status_code == 404


# ------------------------------------------------------------------------------------------------- dashboard

def populate(body, index):
    now = timezone.now()
    draft = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    open_one = f.CompetitionFactory(body=body)
    Clarification.objects.create(competition=open_one, question=f"Q{index}?")
    closed = f.CompetitionFactory(body=body, status=CompetitionStatus.CLOSED, closes_at=now - timedelta(days=1),
                                  opens_at=now - timedelta(days=9))
    f.ApplicationFactory(competition=closed, status=ApplicationStatus.SUBMITTED)
    review = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW,
                                  closes_at=now - timedelta(days=1), opens_at=now - timedelta(days=9))
    admitted = f.ApplicationFactory(competition=review, status=ApplicationStatus.ADMITTED)
    done = f.AssignmentFactory(application=admitted, status="submitted")
    f.AssignmentFactory(application=admitted)
    return draft, open_one, closed, review, done


@pytest.mark.parametrize("count", [1, 6])
def test_dashboard_panel_query_count_is_pinned(client, django_assert_num_queries, count):
    body = f.GovernmentBodyFactory()
    for index in range(count):
        populate(body, index)
    client.force_login(f.OfficialMembershipFactory(body=body).user)
    client.get(reverse("dashboard"))
    with django_assert_num_queries(12):  # 9, plus one each for the plans, council documents and late reports panels
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_dashboard_panel_counts_and_next_actions(client):
    body = f.GovernmentBodyFactory()
    draft, open_one, closed, review, _done = populate(body, 1)
    client.force_login(f.OfficialMembershipFactory(body=body).user)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    [panel] = [p for p in response.context["panels"] if p["key"] == "official_competitions"]
    by_ref = {c.reference: c for group in panel["groups"] for c in group["competitions"]}
    assert [g["status"] for g in panel["groups"]] == ["draft", "published", "closed", "under_review"]
    assert by_ref[draft.reference].next_action_url == "manage:publish"
    assert by_ref[open_one.reference].next_action_url == "manage:questions"
    assert by_ref[open_one.reference].n_questions == 1
    assert (by_ref[closed.reference].n_received, by_ref[closed.reference].n_undecided) == (1, 1)
    assert by_ref[closed.reference].next_action_url == "manage_applications:admission"
    row = by_ref[review.reference]
    assert (row.n_admitted, row.n_evaluations_done, row.n_evaluations_due) == (1, 1, 2)


def test_observer_panel_is_read_only(client):
    body = f.GovernmentBodyFactory()
    populate(body, 1)
    client.force_login(f.ObserverMembershipFactory(body=body).user)
    response = client.get(reverse("dashboard"))
    [panel] = [p for p in response.context["panels"] if p["key"] == "observer_competitions"]
    assert panel["read_only"] is True
    assert reverse("manage:create") not in response.content.decode()
