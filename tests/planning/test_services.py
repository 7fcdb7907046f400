"""Planning services: every rule refused with its field and message, every write with its audit row."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from planning import services
from planning.enums import AnswerOutcome, CommentStatus, EvidenceKind, PlanStatus, ProposalStatus
from planning.models import Evidence, PlanVersion
from planning.validators import earliest_discussion_end
from portal.audit.models import AuditEvent
from portal.canonical import canonical_sha256
from portal.councils.services import council_member_add
from portal.errors import DomainError, TransitionError
from portal.notifications.models import Notification
from portal.reference.models import ExtraHoliday
from tests import factories as f

from .helpers import days_ago, plan_at

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def fields_of(problems):
    return [field for field, _message in problems]


def actions(target):
    return list(AuditEvent.objects.filter(target_type=f"{target._meta.app_label}.{target._meta.model_name}",
                                          target_id=str(target.pk)).values_list("action", flat=True))


@pytest.fixture
def official():
    return f.OfficialMembershipFactory(role="manager").user


@pytest.fixture
def body(official):
    return official.bodies.get()


# --------------------------------------------------------------------------------------------- plan

def test_one_plan_per_body_and_year(official, body):
    plan = services.plan_create(body=body, year=2028, actor=official, title_ru="План 2028")
    assert (plan.status, plan.title, plan.current_version) == (PlanStatus.DRAFT, "План 2028", 0)
    assert actions(plan) == ["plan.created"]
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_create(body=body, year=2028, actor=official)
    assert fields_of(refused.value.problems) == ["year"]


def test_a_plan_without_title_is_named_after_its_year(body, official):
    plan = services.plan_create(body=body, year=2029, actor=official)
    assert str(plan.title) == "Plan of topics for 2029"


def test_opening_proposals_needs_a_window_from_today(official, body):
    plan = f.PlanFactory(body=body)
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_open_proposals(plan=plan, proposals_until=timezone.localdate() - timedelta(days=1),
                                     actor=official)
    assert fields_of(refused.value.problems) == ["proposals_until"]
    until = timezone.localdate()
    plan = services.plan_open_proposals(plan=plan, proposals_until=until, actor=official)
    plan.refresh_from_db()
    assert (plan.status, plan.proposals_until) == (PlanStatus.PROPOSALS_OPEN, until)
    assert actions(plan) == ["plan.proposals_open"]


# ----------------------------------------------------------------------------------------- proposals

def _proposal_fields(**extra):
    return {"topic": "Media literacy for rural youth", "justification": "Only 12 % of rural schools teach it.",
            "priority_area": f.priority_area(), "target_group": "Pupils 12-17", **extra}


def test_a_citizen_proposes_a_topic_with_a_link_and_a_file(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    citizen = f.UserFactory()
    proposal = services.proposal_submit(
        plan=plan, fields=_proposal_fields(suggested_amount=Decimal("5000000")), regions=[f.region()], actor=citizen,
        evidence=[{"kind": EvidenceKind.LINK, "title": "Survey", "url": "https://stat.gov.kz/survey"},
                  {"kind": EvidenceKind.STATISTICS, "title": "Figures", "upload": SimpleUploadedFile("f.pdf", PDF)}])
    assert (proposal.status, proposal.organization, proposal.author) == (ProposalStatus.SUBMITTED, None, citizen)
    kinds = sorted(proposal.evidence.values_list("kind", "sha256"))
    assert kinds[0] == ("link", "") and kinds[1][0] == "statistics" and len(kinds[1][1]) == 64
    assert actions(proposal) == ["proposal.submitted"]


def test_proposals_are_refused_outside_the_window_and_from_the_body(official, body):
    closed = plan_at(PlanStatus.DRAFT, body=body, official=official)
    with pytest.raises(DomainError) as refused:
        services.proposal_submit(plan=closed, fields=_proposal_fields(), actor=f.UserFactory())
    assert refused.value.code == "proposals_closed"
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    with pytest.raises(DomainError) as refused:
        services.proposal_submit(plan=plan, fields=_proposal_fields(), actor=official)
    assert refused.value.code == "official_proposes"
    with pytest.raises(DomainError) as refused:
        services.proposal_submit(plan=plan, fields=_proposal_fields(), actor=f.UserFactory(),
                                 now=timezone.now() + timedelta(days=8))
    assert refused.value.code == "proposals_closed"


def test_a_proposal_lists_every_problem_at_once(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    stranger_org = f.OrganizationFactory()
    with pytest.raises(services.PlanRefused) as refused:
        services.proposal_submit(plan=plan, fields={"topic": " ", "justification": "", "priority_area": None,
                                                    "suggested_amount": Decimal("-1")},
                                 organization=stranger_org, actor=f.UserFactory(),
                                 evidence=[{"kind": "link", "title": "x", "url": "ftp://x"}])
    assert fields_of(refused.value.problems) == ["organization", "topic", "justification", "priority_area",
                                                 "suggested_amount", "evidence_url"]


def _submitted(plan, author=None, **extra):
    return services.proposal_submit(plan=plan, fields=_proposal_fields(**extra), regions=[f.region()],
                                    actor=author or f.UserFactory(),
                                    evidence=[{"kind": "link", "title": "Survey", "url": "https://stat.gov.kz/s"}])


def test_accepting_a_proposal_adds_an_incomplete_item_with_its_evidence(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    author = f.UserFactory(preferred_language="ru")
    proposal = _submitted(plan, author, suggested_amount=Decimal("7000000"))
    decided = services.proposal_decide(proposal=proposal, decision=ProposalStatus.ACCEPTED,
                                       reason="A real gap in rural schools.", actor=official)
    item = decided.item
    assert (decided.status, item.number, item.amount, item.topic) == (
        ProposalStatus.ACCEPTED, 2, Decimal("7000000.00"), "Media literacy for rural youth")
    assert (item.expected_results, item.legal_act) == ("", "")
    assert list(item.evidence.values_list("title", "url")) == [("Survey", "https://stat.gov.kz/s")]
    assert list(item.regions.all()) == [f.region()]
    assert actions(decided) == ["proposal.submitted", "proposal.accepted"]
    notice = Notification.objects.get(user=author)
    assert notice.subject == "Ваше предложение темы «Media literacy for rural youth»: Включено в план"
    assert notice.body == "A real gap in rural schools."


def test_merge_needs_an_item_of_the_plan_and_every_decision_a_reason(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    proposal = _submitted(plan)
    other_item = f.PlanItemFactory()
    with pytest.raises(services.PlanRefused) as refused:
        services.proposal_decide(proposal=proposal, decision=ProposalStatus.MERGED, reason="", item=other_item,
                                 actor=official)
    assert fields_of(refused.value.problems) == ["reason", "item"]
    item = plan.items.get()
    merged = services.proposal_decide(proposal=proposal, decision=ProposalStatus.MERGED, item=item,
                                      reason="Covered by item 1.", actor=official)
    assert (merged.status, merged.item) == (ProposalStatus.MERGED, item)
    with pytest.raises(TransitionError):
        services.proposal_decide(proposal=merged, decision=ProposalStatus.DECLINED, reason="x", actor=official)


def test_accepting_without_an_amount_is_refused_and_declining_keeps_no_item(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    proposal = _submitted(plan)
    with pytest.raises(services.PlanRefused) as refused:
        services.proposal_decide(proposal=proposal, decision=ProposalStatus.ACCEPTED, reason="Yes", actor=official)
    assert fields_of(refused.value.problems) == ["amount"]
    declined = services.proposal_decide(proposal=proposal, decision=ProposalStatus.DECLINED,
                                        reason="Outside our competence.", actor=official)
    assert (declined.status, declined.item, declined.decision_reason) == (
        ProposalStatus.DECLINED, None, "Outside our competence.")


# -------------------------------------------------------------------------------------- discussion start

def test_the_discussion_waits_for_the_window_every_decision_and_complete_items(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    _submitted(plan)
    f.PlanItemFactory(plan=plan, number=2, expected_results="", legal_act="")
    today = timezone.localdate()
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_start_discussion(plan=plan, discussion_ends_on=today + timedelta(days=3), actor=official)
    messages = [str(m) for _field, m in refused.value.problems]
    assert fields_of(refused.value.problems) == ["proposals_until", "proposals", "items", "discussion_ends_on"]
    assert messages[1] == "Decide every topic proposal first: 1 still waiting."
    assert messages[2] == ("Item 2 is incomplete: Describe the expected results. Name the legal act the topic "
                           "rests on.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSALS_OPEN


def test_the_discussion_lasts_at_least_ten_working_days_holidays_excluded(official, body):
    plan = f.PlanFactory(body=body)
    f.PlanItemFactory(plan=plan)
    start = date(2027, 6, 1)  # a Tuesday
    now = timezone.make_aware(timezone.datetime(2027, 6, 1, 10, 0))
    services.plan_open_proposals(plan=plan, proposals_until=date(2027, 5, 31), actor=official,
                                 now=now - timedelta(days=5))
    ExtraHoliday.objects.create(date=date(2027, 6, 4), note="decreed day off")
    earliest = earliest_discussion_end(start)
    assert earliest == date(2027, 6, 16)  # 10 working days after 1 June: weekends and 4 June skipped
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_start_discussion(plan=plan, discussion_ends_on=date(2027, 6, 15), actor=official, now=now)
    assert [str(m) for _f, m in refused.value.problems] == [
        "The public discussion lasts at least 10 working days: it may end on 16.06.2027 at the earliest."]
    plan = services.plan_start_discussion(plan=plan, discussion_ends_on=earliest, actor=official, now=now)
    plan.refresh_from_db()
    assert (plan.status, plan.discussion_starts_on, plan.discussion_ends_on) == (
        PlanStatus.IN_DISCUSSION, start, earliest)


def test_council_members_hear_that_the_discussion_started(official, body):
    council = f.CouncilFactory(body=body)
    member = f.UserFactory()
    council_member_add(council=council, user=member, role="member", actor=None)
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    notice = Notification.objects.get(user=member)
    assert notice.subject == f"Public discussion of {plan.title} has started"
    assert notice.url == f"/plans/{plan.pk}/#discussion"


# ------------------------------------------------------------------------------------------- comments

def test_comments_only_in_the_window_and_not_from_the_body(official, body):
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    with pytest.raises(DomainError) as refused:
        services.comment_submit(plan=plan, text="Fine", actor=official)
    assert refused.value.code == "official_comments"
    after = timezone.now() + timedelta(days=40)
    with pytest.raises(DomainError) as refused:
        services.comment_submit(plan=plan, text="Late", actor=f.UserFactory(), now=after)
    assert refused.value.code == "discussion_closed"
    with pytest.raises(services.PlanRefused) as refused:
        services.comment_submit(plan=plan, text="  ", item=f.PlanItemFactory(), actor=f.UserFactory())
    assert fields_of(refused.value.problems) == ["text", "item"]


def test_a_council_members_comment_is_marked(official, body):
    council = f.CouncilFactory(body=body)
    member = f.UserFactory()
    council_member_add(council=council, user=member, role="member", actor=None)
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    comment = services.comment_submit(plan=plan, text="Add the districts.", item=plan.items.get(), actor=member)
    citizen_comment = services.comment_submit(plan=plan, text="Good.", actor=f.UserFactory())
    assert (comment.council, citizen_comment.council) == (council, None)
    assert comment.status == CommentStatus.SUBMITTED


def test_hiding_needs_a_reason_and_the_author_reads_it(official, body):
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    author = f.UserFactory()
    comment = services.comment_submit(plan=plan, text="Spam spam", actor=author)
    with pytest.raises(services.PlanRefused) as refused:
        services.comment_moderate(comment=comment, decision=CommentStatus.HIDDEN, reason=" ", actor=official)
    assert fields_of(refused.value.problems) == ["reason"]
    hidden = services.comment_moderate(comment=comment, decision=CommentStatus.HIDDEN,
                                       reason="Advertising, not about the plan.", actor=official)
    assert (hidden.status, hidden.moderation_reason, hidden.moderated_by) == (
        CommentStatus.HIDDEN, "Advertising, not about the plan.", official)
    notice = Notification.objects.get(user=author)
    assert notice.subject == f"Your comment on {plan.title} is hidden"
    assert notice.body == "Advertising, not about the plan."
    assert actions(hidden) == ["comment.submitted", "comment.hidden"]
    with pytest.raises(TransitionError):
        services.comment_moderate(comment=hidden, decision=CommentStatus.PUBLISHED, reason="", actor=official)


def test_answers_go_to_published_comments_and_may_be_revised(official, body):
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    author = f.UserFactory()
    comment = services.comment_submit(plan=plan, text="Add Kostanay district.", actor=author)
    with pytest.raises(DomainError) as refused:
        services.comment_answer(comment=comment, outcome=AnswerOutcome.ACCEPTED, text="Yes", actor=official)
    assert refused.value.code == "comment_not_published"
    services.comment_moderate(comment=comment, decision=CommentStatus.PUBLISHED, reason="", actor=official)
    with pytest.raises(services.PlanRefused) as refused:
        services.comment_answer(comment=comment, outcome="maybe", text="", actor=official)
    assert fields_of(refused.value.problems) == ["answer_text", "answer_outcome"]
    services.comment_answer(comment=comment, outcome=AnswerOutcome.PARTLY, text="Two districts added.",
                            actor=official)
    answered = services.comment_answer(comment=comment, outcome=AnswerOutcome.ACCEPTED, text="All added.",
                                       actor=official)
    assert (answered.answer_outcome, answered.answer_text) == (AnswerOutcome.ACCEPTED, "All added.")
    assert actions(answered) == ["comment.submitted", "comment.published", "comment.answered",
                                 "comment.answer_edited"]
    edited = AuditEvent.objects.get(action="comment.answer_edited")
    assert edited.before == {"answer": "partly", "answer_text": "Two districts added."}
    assert Notification.objects.filter(user=author).count() == 3  # published, answered, answer changed


# -------------------------------------------------------------------------------------------- approval

def test_approval_waits_for_the_end_of_the_discussion_and_every_answer(official, body):
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    waiting = services.comment_submit(plan=plan, text="One", actor=f.UserFactory())
    published = services.comment_submit(plan=plan, text="Two", actor=f.UserFactory())
    services.comment_moderate(comment=published, decision=CommentStatus.PUBLISHED, reason="", actor=official)
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_approve(plan=plan, decision="", actor=official)
    assert fields_of(refused.value.problems) == ["decision", "discussion_ends_on", "comments", "comments"]
    after = timezone.now() + timedelta(days=40)
    services.comment_moderate(comment=waiting, decision=CommentStatus.HIDDEN, reason="Off topic", actor=official,
                              now=after)
    services.comment_answer(comment=published, outcome=AnswerOutcome.NOT_ACCEPTED, text="Out of scope.",
                            actor=official, now=after)
    plan = services.plan_approve(plan=plan, decision="Order No. 7 of 01.02.2027", actor=official, now=after)
    plan.refresh_from_db()
    assert (plan.status, plan.current_version, plan.approved_at) == (PlanStatus.APPROVED, 1, after)
    version = plan.versions.get()
    assert version.reason == "Order No. 7 of 01.02.2027"
    assert version.sha256 == canonical_sha256(version.snapshot)[1]
    assert version.snapshot["discussion"] == {
        "comments": [{"id": published.pk, "item": None, "text": "Two", "answer": "not_accepted",
                      "answer_text": "Out of scope."}], "hidden": 1}
    assert [item["number"] for item in version.snapshot["items"]] == [1]


def test_no_answers_after_approval(official, body):
    plan = plan_at(PlanStatus.APPROVED, body=body, official=official)
    with pytest.raises(DomainError) as refused:
        services.comment_submit(plan=plan, text="Late", actor=f.UserFactory())
    assert refused.value.code == "discussion_closed"


# -------------------------------------------------------------------------------------------- versions

def _item_fields(item, **changes):
    values = {name: getattr(item, name) for name in services.items.ITEM_FIELDS}
    values["priority_area"] = item.priority_area
    return {**values, **changes}


def test_after_approval_every_change_needs_a_reason_and_makes_a_version(official, body):
    plan = plan_at(PlanStatus.APPROVED, body=body, official=official)
    item = plan.items.get()
    with pytest.raises(services.PlanRefused) as refused:
        services.plan_item_update(item=item, fields=_item_fields(item, amount=Decimal("15000000")),
                                  regions=[f.region()], actor=official)
    assert fields_of(refused.value.problems) == ["reason"]
    services.plan_item_update(item=item, fields=_item_fields(item, amount=Decimal("15000000")),
                              regions=[f.region()], reason="Budget law amended.", actor=official)
    added = services.plan_item_create(plan=plan, fields=_item_fields(item, topic_ru="Новая тема", topic_en=""),
                                      regions=[f.region("almaty")], reason="New priority of the akimat.",
                                      actor=official)
    services.plan_item_withdraw(item=item, reason="Merged into the new item.", actor=official)
    plan.refresh_from_db()
    assert plan.current_version == 4
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [v.reason for v in versions[1:]] == ["Budget law amended.", "New priority of the akimat.",
                                                "Merged into the new item."]
    assert versions[1].snapshot["items"][0]["amount"] == "15000000.00"
    assert [i["number"] for i in versions[2].snapshot["items"]] == [1, added.number]
    assert versions[3].snapshot["items"][0]["withdrawn"] is True
    with pytest.raises(DomainError) as refused:
        services.plan_item_update(item=item, fields=_item_fields(item), regions=[f.region()], reason="x",
                                  actor=official)
    assert refused.value.code == "item_withdrawn"


def test_an_approved_plan_keeps_its_header_and_evidence(official, body):
    plan = plan_at(PlanStatus.APPROVED, body=body, official=official)
    with pytest.raises(DomainError) as refused:
        services.plan_update(plan=plan, fields={"title_ru": "Другое"}, actor=official)
    assert refused.value.code == "plan_approved"
    with pytest.raises(DomainError) as refused:
        services.evidence_add(item=plan.items.get(), kind="link", title="x", url="https://x.kz", actor=official)
    assert refused.value.code == "plan_approved"
    with pytest.raises(DomainError) as refused:
        services.plan_item_delete(item=plan.items.get(), actor=official)
    assert refused.value.code == "plan_approved"


def test_an_unchanged_item_makes_no_version(official, body):
    plan = plan_at(PlanStatus.APPROVED, body=body, official=official)
    item = plan.items.get()
    services.plan_item_update(item=item, fields=_item_fields(item), regions=[f.region()], reason="Nothing",
                              actor=official)
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_items_referred_to_by_proposals_are_not_deleted(official, body):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    item = plan.items.get()
    services.proposal_decide(proposal=_submitted(plan), decision=ProposalStatus.MERGED, item=item,
                             reason="Same topic.", actor=official)
    with pytest.raises(DomainError) as refused:
        services.plan_item_delete(item=item, actor=official)
    assert refused.value.code == "item_referenced"
    free = f.PlanItemFactory(plan=plan, number=5)
    services.evidence_add(item=free, kind="statistics", title="Figures", upload=SimpleUploadedFile("a.pdf", PDF),
                          actor=official)
    free_pk = free.pk
    services.plan_item_delete(item=free, actor=official)
    assert not Evidence.objects.filter(item_id=free_pk).exists()
    assert AuditEvent.objects.filter(action="plan_item.deleted").count() == 1


def test_evidence_needs_a_link_or_an_accepted_file(official, body):
    item = f.PlanItemFactory(plan=f.PlanFactory(body=body))
    with pytest.raises(services.PlanRefused) as refused:
        services.evidence_add(item=item, kind="nonsense", title="", url="javascript:alert(1)", actor=official)
    assert fields_of(refused.value.problems) == ["kind", "title", "url"]
    with pytest.raises(services.PlanRefused) as refused:
        services.evidence_add(item=item, kind="statistics", title="Exe", actor=official,
                              upload=SimpleUploadedFile("stats.pdf", b"MZ\x90\x00 not a pdf"))
    assert fields_of(refused.value.problems) == ["upload"]
    evidence = services.evidence_add(item=item, kind="statistics", title="Figures", actor=official,
                                     upload=SimpleUploadedFile("../../stats.exe", PDF))
    assert (evidence.original_name, evidence.content_type, evidence.size) == ("stats.exe.pdf", "application/pdf",
                                                                               len(PDF))


def test_a_plan_in_the_past_is_built_by_the_helper():
    plan = plan_at(PlanStatus.IN_DISCUSSION, discussion_open=False)
    assert plan.discussion_ends_on < timezone.localdate()
    assert plan.proposals_until < plan.discussion_starts_on
    assert days_ago(0) <= timezone.now()
