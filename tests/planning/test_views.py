"""Public plan pages: what each reader sees, forms with bad input (the message beside the field, 400, nothing
saved), closed windows (403) and query counts pinned for one and many rows."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from planning import services
from planning.enums import AnswerOutcome, CommentStatus, PlanStatus
from planning.models import DiscussionComment, TopicProposal
from portal.councils.services import council_document_file, council_member_add
from tests import factories as f

from .helpers import plan_at

pytestmark = pytest.mark.django_db


def official_of(plan):
    return plan.body.official_memberships.get().user


def html(response):
    return response.content.decode()


def test_the_list_shows_public_plans_and_refuses_a_bad_filter(client):
    public = plan_at(PlanStatus.PROPOSALS_OPEN)
    draft = plan_at(PlanStatus.DRAFT)
    page = html(client.get(reverse("planning:list")))
    assert str(public.title) in page and str(draft.title) not in page
    response = client.get(reverse("planning:list"), {"year": "next year"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"year": ["Enter a number."]}


@pytest.mark.parametrize("count", [1, 8])
def test_list_query_count(client, django_assert_num_queries, count):
    for _index in range(count):
        plan_at(PlanStatus.PROPOSALS_OPEN, items=2)
    client.get(reverse("planning:list"))  # warm the caches (content types)
    with django_assert_num_queries(3):  # count, page (bodies joined, items counted), the body filter's choices
        response = client.get(reverse("planning:list"))
    assert len(response.context["plans"]) == count


def _discussed(plan, count):
    official = official_of(plan)
    for index in range(count):
        author = f.MembershipFactory()
        comment = services.comment_submit(plan=plan, text=f"Comment {index}", actor=author.user,
                                          organization=author.organization, item=plan.items.first())
        services.comment_moderate(comment=comment, decision=CommentStatus.PUBLISHED, reason="", actor=official)
        services.comment_answer(comment=comment, outcome=AnswerOutcome.PARTLY, text=f"Answer {index}",
                                actor=official)


@pytest.mark.parametrize("count", [1, 6])
def test_plan_page_query_count(client, django_assert_num_queries, count):
    plan = plan_at(PlanStatus.IN_DISCUSSION, items=count)
    for item in plan.items.all():
        item.evidence.create(kind="link", title="Source", url="https://stat.gov.kz/")
    _discussed(plan, count)
    url = reverse("planning:detail", kwargs={"pk": plan.pk})
    client.get(url)  # warm the caches (content types)
    with django_assert_num_queries(7):  # plan, items, their regions, evidence, proposals, comments, council documents
        response = client.get(url)
    assert len(response.context["items"]) == count and len(response.context["comments"]) == count


def test_the_discussion_shows_published_comments_with_answers_and_the_author_sees_the_moderation_reason(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    official = official_of(plan)
    author = f.UserFactory()
    hidden = services.comment_submit(plan=plan, text="Buy my product", actor=author)
    services.comment_moderate(comment=hidden, decision=CommentStatus.HIDDEN, reason="Advertising.", actor=official)
    _discussed(plan, 1)
    url = reverse("planning:detail", kwargs={"pk": plan.pk})
    public = html(client.get(url))
    assert "Comment 0" in public and "Answer 0" in public and "Partly accepted" in public
    assert "Buy my product" not in public and "Advertising." not in public
    client.force_login(author)
    own = html(client.get(url))
    assert "Buy my product" in own and "Moderation reason: Advertising." in own


def test_an_approved_plan_publishes_the_summary_table_with_the_hidden_count(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION, discussion_open=False)
    official = official_of(plan)
    later = timezone.now()
    for text, decision in (("Keep it", CommentStatus.PUBLISHED), ("Rude", CommentStatus.HIDDEN)):
        comment = DiscussionComment.objects.create(plan=plan, text=text, author=f.UserFactory())
        services.comment_moderate(comment=comment, decision=decision, reason="Rude words." if decision == "hidden"
                                  else "", actor=official, now=later)
    services.comment_answer(comment=plan.comments.get(text="Keep it"), outcome=AnswerOutcome.ACCEPTED,
                            text="Kept.", actor=official)
    services.plan_approve(plan=plan, decision="Order No. 1", actor=official)
    page = html(client.get(reverse("planning:detail", kwargs={"pk": plan.pk})))
    assert "Summary of the public discussion" in page
    assert "1 comment was hidden by moderation, each with a reason given to its author." in page
    assert "Kept." in page and "Rude" not in page


def test_a_citizen_proposes_a_topic(client):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    citizen = f.UserFactory()
    client.force_login(citizen)
    url = reverse("planning:propose", kwargs={"pk": plan.pk})
    response = client.post(url, {"topic": "Inclusive sport", "priority_area": f.priority_area().pk,
                                 "justification": "No adapted sport halls in 4 districts.",
                                 "evidence_title": "Register of halls", "evidence_url": "stat.gov.kz/halls"})
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/#your-proposals"
    proposal = TopicProposal.objects.get(plan=plan)
    assert (proposal.author, proposal.organization, proposal.topic) == (citizen, None, "Inclusive sport")
    assert list(proposal.evidence.values_list("kind", "url")) == [("link", "https://stat.gov.kz/halls")]


def test_a_bad_proposal_shows_each_message_beside_its_field_and_saves_nothing(client):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    client.force_login(f.UserFactory())
    response = client.post(reverse("planning:propose", kwargs={"pk": plan.pk}), {
        "topic": "", "priority_area": "999999", "justification": "x", "suggested_amount": "-5",
        "evidence_url": "https://stat.gov.kz/a", "evidence_file": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"topic", "priority_area", "suggested_amount", "evidence_title"}
    page = html(response)
    assert 'id="id_topic_error"' in page and "There is a problem" in page
    response = client.post(reverse("planning:propose", kwargs={"pk": plan.pk}), {
        "topic": "T", "priority_area": f.priority_area().pk, "justification": "x", "evidence_title": "Scan",
        "evidence_file": SimpleUploadedFile("a.pdf", b"MZ not a pdf")})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["evidence_file"]
    assert not TopicProposal.objects.exists()


def test_proposals_after_the_window_are_refused_with_403(client):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    plan.proposals_until = timezone.localdate() - timedelta(days=1)
    plan.save(update_fields=["proposals_until"])
    client.force_login(f.UserFactory())
    response = client.post(reverse("planning:propose", kwargs={"pk": plan.pk}), {"topic": "Late"})
    assert response.status_code == 403
    assert "This plan does not accept topic proposals from you now." in html(response)


def test_a_council_member_comments_on_an_item_and_is_marked(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    council = f.CouncilFactory(body=plan.body)
    member = f.UserFactory()
    council_member_add(council=council, user=member, role="member", actor=None)
    client.force_login(member)
    item = plan.items.get()
    url = reverse("planning:comment", kwargs={"pk": plan.pk})
    assert client.get(url, {"item": item.pk}).context["form"]["item"].value() == str(item.pk)
    response = client.post(url, {"item": item.pk, "text": "Add the northern districts."})
    assert response.status_code == 302
    comment = DiscussionComment.objects.get()
    assert (comment.council, comment.item, comment.status) == (council, item, CommentStatus.SUBMITTED)
    services.comment_moderate(comment=comment, decision=CommentStatus.PUBLISHED, reason="", actor=official_of(plan))
    client.logout()
    assert "Public council member" in html(client.get(reverse("planning:detail", kwargs={"pk": plan.pk})))


def test_an_empty_comment_is_refused_beside_the_field(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    client.force_login(f.UserFactory())
    response = client.post(reverse("planning:comment", kwargs={"pk": plan.pk}), {"text": "  ", "item": "abc"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"text", "item"}


def test_an_official_of_the_body_may_not_comment(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    client.force_login(official_of(plan))
    assert client.get(reverse("planning:comment", kwargs={"pk": plan.pk})).status_code == 403


def test_versions_page_lists_each_change_with_its_reason(client):
    plan = plan_at(PlanStatus.APPROVED)
    official = official_of(plan)
    item = plan.items.get()
    fields = {name: getattr(item, name) for name in services.items.ITEM_FIELDS}
    fields.update(priority_area=item.priority_area, amount=item.amount * 2)
    services.plan_item_update(item=item, fields=fields, regions=[f.region()], reason="Budget doubled.",
                              actor=official)
    response = client.get(reverse("planning:versions", kwargs={"pk": plan.pk}))
    versions = response.context["versions"]
    assert [v["version"].number for v in versions] == [2, 1]
    assert versions[0]["changes"] == [{"number": 1, "kind": "changed",
                                       "fields": [("amount, KZT", "12000000.00", "24000000.00")]}]
    page = html(response)
    assert "Budget doubled." in page and "Order No. 45 of 12.12.2026" in page


def test_evidence_files_are_served_as_attachments_to_those_who_may_read(client):
    plan = plan_at(PlanStatus.DRAFT)
    evidence = services.evidence_add(item=plan.items.get(), kind="statistics", title="Figures",
                                     upload=SimpleUploadedFile("f.pdf", b"%PDF-1.4\n%%EOF"), actor=official_of(plan))
    url = reverse("planning:evidence", kwargs={"pk": plan.pk, "evidence_pk": evidence.pk})
    assert client.get(url).status_code == 404  # a draft
    client.force_login(official_of(plan))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="f.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_council_documents_show_on_the_plan_page_and_overdue_ones_are_flagged(client, settings):
    settings.COUNCIL_ANSWER_WORKING_DAYS = 1
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    council = f.CouncilFactory(body=plan.body)
    secretary = f.UserFactory()
    council_member_add(council=council, user=secretary, role="secretary", actor=None)
    council_document_file(council=council, kind="recommendation", title="Add rural districts", text="Please.",
                          subject=plan, actor=secretary, now=timezone.now() - timedelta(days=10))
    page = html(client.get(reverse("planning:detail", kwargs={"pk": plan.pk})))
    assert "Add rural districts" in page and "Overdue" in page and "not answered; it was due by" in page
