from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus
from applications.models import Application, BudgetLine
from tests import factories as f
from tests.applications.helpers import EXE_BYTES, PDF_BYTES, fill_application, ngo_with_application, upload

pytestmark = pytest.mark.django_db


def _section(application, key):
    return reverse("applications:section", kwargs={"pk": application.pk, "section": key})


def _budget_post(version, rows, **extra):
    data = {"version": str(version), "budget_lines-TOTAL_FORMS": str(len(rows)), "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-MIN_NUM_FORMS": "0", "budget_lines-MAX_NUM_FORMS": "300", **extra}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"budget_lines-{index}-{key}"] = value
    return data


@pytest.fixture
def ngo(client):
    user, application = ngo_with_application()
    client.force_login(user)
    return client, user, application


# --- start ----------------------------------------------------------------------------------------------------------


def test_competition_page_offers_apply_to_ngo_members_only(client):
    competition = f.CompetitionFactory()
    url = reverse("competitions:detail", kwargs={"reference": competition.reference})
    start = reverse("applications:start", kwargs={"reference": competition.reference})
    client.force_login(f.MembershipFactory().user)
    assert f'href="{start}"' in client.get(url).content.decode()
    client.force_login(f.OfficialMembershipFactory().user)
    assert start not in client.get(url).content.decode()
    client.logout()
    assert "Sign in to apply" in client.get(url).content.decode()


def test_start_page_explains_why_an_organisation_is_not_eligible(client):
    membership = f.MembershipFactory(organization__in_ngo_database=False)
    competition = f.CompetitionFactory(requires_ngo_database=True)
    client.force_login(membership.user)
    url = reverse("applications:start", kwargs={"reference": competition.reference})
    page = client.get(url).content.decode()
    assert "not entered in the NGO database" in page
    response = client.post(url, {"organization": membership.organization.pk})
    assert response.status_code == 400
    assert "not entered in the NGO database" in response.content.decode()
    assert not Application.objects.exists()


def test_start_creates_the_draft_and_goes_to_the_first_section(client):
    membership = f.MembershipFactory()
    competition = f.CompetitionFactory()
    client.force_login(membership.user)
    response = client.post(reverse("applications:start", kwargs={"reference": competition.reference}),
                           {"organization": membership.organization.pk})
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == _section(application, "project")
    again = client.post(reverse("applications:start", kwargs={"reference": competition.reference}),
                        {"organization": membership.organization.pk})
    assert again.status_code == 400
    assert Application.objects.count() == 1


def test_start_with_someone_elses_organisation_is_refused(client):
    membership, other = f.MembershipFactory(), f.MembershipFactory()
    competition = f.CompetitionFactory()
    client.force_login(membership.user)
    response = client.post(reverse("applications:start", kwargs={"reference": competition.reference}),
                           {"organization": other.organization.pk})
    assert response.status_code == 400
    assert not Application.objects.exists()


# --- sections -------------------------------------------------------------------------------------------------------


def test_every_section_page_renders(ngo):
    client, user, application = ngo
    for key in ("project", "problem", "goals", "target_group", "activities", "indicators", "budget", "team",
                "sustainability"):
        response = client.get(_section(application, key))
        assert response.status_code == 200, key
        assert 'name="version" value="1"' in response.content.decode()
    assert client.get(reverse("applications:documents", kwargs={"pk": application.pk})).status_code == 200
    assert client.get(_section(application, "nonsense")).status_code == 404


def test_draft_save_without_required_fields_and_continue(ngo):
    client, user, application = ngo
    response = client.post(_section(application, "project"),
                           {"version": "1", "title": "", "summary": "", "co_financing": "", "continue": "1"})
    assert response.status_code == 302 and response["Location"] == _section(application, "problem")
    application.refresh_from_db()
    assert application.version == 2


def test_numbers_typed_the_kazakh_way_are_accepted(ngo):
    client, user, application = ngo
    rows = [{"category": "services", "description": "Тренеры", "quantity": "1,5", "unit_cost": "1 000 000,50"}]
    response = client.post(_section(application, "budget"), _budget_post(1, rows))
    assert response.status_code == 302
    line = BudgetLine.objects.get(application=application)
    assert (line.quantity, line.unit_cost) == (Decimal("1.50"), Decimal("1000000.50"))
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1500000.75")


def test_client_total_is_never_trusted(ngo):
    client, user, application = ngo
    rows = [{"category": "services", "description": "x", "quantity": "2", "unit_cost": "100"}]
    client.post(_section(application, "budget"), _budget_post(1, rows, requested_amount="999999999"))
    application.refresh_from_db()
    assert application.requested_amount == Decimal("200.00")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("quantity", "ten", "Enter a number"),
    ("quantity", "-3", "greater than zero"),
    ("quantity", "1000001", "above 1 000 000"),
    ("unit_cost", "-1", "cannot be negative"),
    ("unit_cost", "100000000001", "above 100 000 000 000"),
    ("unit_cost", "1e5", "Enter a number"),
    ("unit_cost", "NaN", "Enter a number"),
])
def test_bad_numbers_get_400_beside_the_field_and_keep_what_was_typed(ngo, field, value, message):
    client, user, application = ngo
    row = {"category": "services", "description": "Keep this description", "quantity": "2", "unit_cost": "100"}
    row[field] = value
    response = client.post(_section(application, "budget"), _budget_post(1, [row]))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_budget_lines-0-{field}_error"' in page  # beside the field
    assert 'href="#id_budget_lines-0-' in page  # and in the error summary
    assert "Keep this description" in page
    assert not BudgetLine.objects.exists()
    application.refresh_from_db()
    assert application.version == 1


def test_absurd_line_amount_is_refused(ngo):
    client, user, application = ngo
    row = {"category": "services", "description": "x", "quantity": "1000000", "unit_cost": "100000000"}
    response = client.post(_section(application, "budget"), _budget_post(1, [row]))
    assert response.status_code == 400
    assert "line amount exceeds" in response.content.decode()


def test_text_in_a_number_field_of_a_plain_section(ngo):
    client, user, application = ngo
    response = client.post(_section(application, "target_group"),
                           {"version": "1", "target_group": "Youth", "beneficiaries_count": "many"})
    assert response.status_code == 400
    assert "Enter a whole number of people" in response.content.decode()
    assert "Youth" in response.content.decode()


def test_incomplete_line_is_flagged_and_a_blank_line_ignored(ngo):
    client, user, application = ngo
    rows = [{"category": "", "description": "", "quantity": "", "unit_cost": ""},
            {"category": "services", "description": "", "quantity": "1", "unit_cost": "5"}]
    response = client.post(_section(application, "budget"), _budget_post(1, rows))
    assert response.status_code == 400
    assert "Describe the cost" in response.content.decode()


def test_deleted_lines_are_removed(ngo):
    client, user, application = ngo
    rows = [{"category": "services", "description": "keep", "quantity": "1", "unit_cost": "5"},
            {"category": "services", "description": "drop", "quantity": "1", "unit_cost": "7", "DELETE": "on"}]
    assert client.post(_section(application, "budget"), _budget_post(1, rows)).status_code == 302
    assert list(BudgetLine.objects.values_list("description", flat=True)) == ["keep"]


def test_multi_year_budget_offers_the_competition_years(client):
    user, application = ngo_with_application(term_type="long", project_years=[2026, 2027, 2028])
    client.force_login(user)
    page = client.get(_section(application, "budget")).content.decode()
    assert '<option value="2027">2027</option>' in page
    rows = [{"category": "services", "description": "x", "quantity": "1", "unit_cost": "5", "year": "2030"}]
    response = client.post(_section(application, "budget"), _budget_post(1, rows))
    assert response.status_code == 400
    rows[0]["year"] = "2027"
    assert client.post(_section(application, "budget"), _budget_post(1, rows)).status_code == 302
    assert BudgetLine.objects.get().year == 2027


def test_activities_dates_in_order(ngo):
    client, user, application = ngo
    data = {"version": "1", "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0",
            "activities-0-title": "Training", "activities-0-starts_on": "2026-05-01",
            "activities-0-ends_on": "2026-04-01"}
    response = client.post(_section(application, "activities"), data)
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    data["activities-0-ends_on"] = "30.06.2026"
    assert client.post(_section(application, "activities"), data).status_code == 302
    assert application.activities.get().ends_on.isoformat() == "2026-06-30"


def test_stale_version_gets_409_with_the_typed_text_and_the_current_version(ngo):
    client, user, application = ngo
    assert client.post(_section(application, "problem"), {"version": "1", "problem": "Tab one"}).status_code == 302
    response = client.post(_section(application, "problem"), {"version": "1", "problem": "Tab two text"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed elsewhere" in page
    assert "Tab two text" in page
    assert 'name="version" value="2"' in page  # saving again after review is deliberate
    application.refresh_from_db()
    assert application.problem == "Tab one"
    assert client.post(_section(application, "problem"), {"version": "2", "problem": "Tab two text"}).status_code == 302


def test_autosave_answers_json(ngo):
    client, user, application = ngo
    response = client.post(_section(application, "goals"), {"version": "1", "goals": "Auto"}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["version"] == 2
    assert data["saved_at"] == timezone.localtime(Application.objects.get().updated_at).strftime("%H:%M")
    stale = client.post(_section(application, "goals"), {"version": "1", "goals": "Old"}, HTTP_X_AUTOSAVE="1")
    assert stale.status_code == 409 and stale.json()["stale"] is True
    bad = client.post(_section(application, "target_group"), {"version": "2", "beneficiaries_count": "x"},
                      HTTP_X_AUTOSAVE="1")
    assert bad.status_code == 400
    assert "id_beneficiaries_count" in bad.json()["errors"]


def test_editing_after_submission_is_403(ngo):
    client, user, application = ngo
    fill_application(application)
    services.application_submit(application=application, actor=user)
    assert client.get(_section(application, "problem")).status_code == 403
    assert client.post(_section(application, "problem"), {"version": "1", "problem": "x"}).status_code == 403
    documents = reverse("applications:documents", kwargs={"pk": application.pk})
    assert client.post(documents, {"prefix": "other", "other-document_type": "other",
                                   "other-file": upload()}).status_code == 403
    attachment = application.attachments.get()
    delete = reverse("applications:attachment_delete", kwargs={"pk": application.pk, "attachment_pk": attachment.pk})
    assert client.post(delete).status_code == 403
    assert client.get(reverse("applications:check", kwargs={"pk": application.pk})).status_code == 403


def test_someone_elses_application_is_404(client):
    user, application = ngo_with_application()
    client.force_login(f.MembershipFactory().user)
    for url in (reverse("applications:detail", kwargs={"pk": application.pk}), _section(application, "project"),
                reverse("applications:check", kwargs={"pk": application.pk}),
                reverse("applications:documents", kwargs={"pk": application.pk})):
        assert client.get(url).status_code == 404, url
    assert client.post(_section(application, "problem"), {"version": "1", "problem": "x"}).status_code == 404
    assert client.post(reverse("applications:submit", kwargs={"pk": application.pk})).status_code == 404


def test_forged_post_without_csrf_token_is_refused():
    user, application = ngo_with_application()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(_section(application, "problem"), {"version": "1", "problem": "forged"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.problem == "" and application.version == 1


# --- documents ------------------------------------------------------------------------------------------------------


def _documents(application):
    return reverse("applications:documents", kwargs={"pk": application.pk})


def test_upload_and_delete_a_document(ngo):
    client, user, application = ngo
    response = client.post(_documents(application), {"prefix": "charter", "charter-document_type": "charter",
                                                     "charter-file": upload("Устав.pdf")})
    assert response.status_code == 302
    attachment = application.attachments.get()
    assert attachment.original_name == "Устав.pdf"
    page = client.get(_documents(application)).content.decode()
    assert "Устав.pdf" in page
    delete = reverse("applications:attachment_delete", kwargs={"pk": application.pk, "attachment_pk": attachment.pk})
    assert client.post(delete).status_code == 302
    assert not application.attachments.exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("virus.pdf", EXE_BYTES, "not an accepted type"),
    ("empty.pdf", b"", "The file is empty"),
])
def test_refused_upload_is_400_beside_the_file_field(ngo, name, data, message):
    client, user, application = ngo
    response = client.post(_documents(application), {"prefix": "charter", "charter-document_type": "charter",
                                                     "charter-file": upload(name, data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="id_charter-file_error"' in page
    assert not application.attachments.exists()


def test_over_size_upload_is_400(ngo, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 50
    client, user, application = ngo
    response = client.post(_documents(application), {"prefix": "other", "other-document_type": "other",
                                                     "other-file": upload("big.pdf", PDF_BYTES)})
    assert response.status_code == 400
    assert "a file may be at most 50" in response.content.decode()


# --- check and submit -----------------------------------------------------------------------------------------------


def test_check_page_lists_every_problem_with_links(ngo):
    client, user, application = ngo
    page = client.get(reverse("applications:check", kwargs={"pk": application.pk})).content.decode()
    assert f'href="{_section(application, "problem")}#id_problem"' in page
    assert f'href="{_section(application, "budget")}#id_budget"' in page
    assert f'href="{_documents(application)}#document-charter"' in page
    assert page.count("data-problem=") == 8 + 4  # eight fields, activities, indicators, budget, charter


def test_refused_submit_shows_every_problem_and_keeps_the_draft(ngo):
    client, user, application = ngo
    client.post(_section(application, "problem"), {"version": "1", "problem": "Kept text"})
    response = client.post(reverse("applications:submit", kwargs={"pk": application.pk}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The application was not submitted" in page and "Kept text" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.problem == "Kept text"


def test_submit_shows_the_receipt_and_double_click_lands_there_again(ngo):
    client, user, application = ngo
    fill_application(application)
    submit = reverse("applications:submit", kwargs={"pk": application.pk})
    receipt = reverse("applications:receipt", kwargs={"pk": application.pk})
    first = client.post(submit)
    assert first.status_code == 302 and first["Location"] == receipt
    second = client.post(submit)
    assert second.status_code == 302 and second["Location"] == receipt
    application.refresh_from_db()
    page = client.get(receipt).content.decode()
    assert application.registration_number in page and application.snapshot_sha256 in page
    assert Application.objects.filter(registration_number__isnull=False).count() == 1


def test_late_submit_page_says_deadline_and_time(ngo):
    client, user, application = ngo
    fill_application(application)
    competition = application.competition
    competition.opens_at = timezone.now() - timedelta(days=3)
    competition.closes_at = timezone.now() - timedelta(minutes=1)
    competition.save()
    response = client.post(reverse("applications:submit", kwargs={"pk": application.pk}))
    assert response.status_code in (400, 403)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    if response.status_code == 400:
        assert timezone.localtime(competition.closes_at).strftime("%d.%m.%Y %H:%M") in response.content.decode()


# --- after submission -----------------------------------------------------------------------------------------------


def test_withdraw_with_confirmation(ngo):
    client, user, application = ngo
    fill_application(application)
    services.application_submit(application=application, actor=user)
    url = reverse("applications:withdraw", kwargs={"pk": application.pk})
    assert "Yes, withdraw" in client.get(url).content.decode()
    assert client.post(url, {"reason": "Plans changed"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "Withdrawn" in detail and "Plans changed" in detail


def test_returned_application_shows_reasons_and_can_be_edited(ngo):
    client, user, application = ngo
    fill_application(application)
    application = services.application_submit(application=application, actor=user)
    services.application_transition(application=application, to=ApplicationStatus.RETURNED, actor=None)
    deadline = timezone.now() + timedelta(days=3)
    Application.objects.filter(pk=application.pk).update(
        return_reasons=[{"item": "Charter", "reason": "The scan is unreadable."}], correction_deadline=deadline)
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "The scan is unreadable." in detail
    assert timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M") in detail
    application.refresh_from_db()
    response = client.post(_section(application, "team"), {"version": str(application.version), "team": "New"})
    assert response.status_code == 302
    assert client.post(reverse("applications:submit", kwargs={"pk": application.pk})).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_receipt_pdf_is_an_attachment(ngo):
    client, user, application = ngo
    fill_application(application)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker (eager here) renders it after the commit
        services.application_submit(application=application, actor=user)
    response = client.get(reverse("applications:receipt_pdf", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_receipt_of_a_draft_is_404(ngo):
    client, user, application = ngo
    assert client.get(reverse("applications:receipt", kwargs={"pk": application.pk})).status_code == 404


# --- dashboard ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_panel_query_count_is_flat(client, rf, django_assert_num_queries, count):
    from django.template.loader import render_to_string

    from applications.dashboard import _context
    from portal.accounts.selectors import roles_for_user

    membership = f.MembershipFactory()
    for index in range(count):
        status = [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED][index % 3]
        f.ApplicationFactory(organization=membership.organization, status=status)
    request = rf.get("/dashboard/")
    request.user = membership.user
    roles = roles_for_user(membership.user)  # computed once per request by the dashboard itself
    with django_assert_num_queries(1):  # one query for the whole list, whatever its length
        html = render_to_string("applications/dashboard_ngo.html",
                                {"panel": _context(request, roles), "request": request})
    assert html.count("<tr>") == count + 1  # the header row and one row per application
    assert "Continue the draft" in html
    client.force_login(membership.user)
    page = client.get("/dashboard/").content.decode()
    assert "Your applications" in page and "Continue the draft" in page
