"""The world every permission case runs against: two bodies, two NGOs, an expert, an observer.

Body A (with ``official`` and ``observer``) runs ``open_competition`` (published, open) and
``draft_competition``. NGO A (``ngo``) has ``application`` (draft) and ``submitted_application`` on
the open competition. Body B (``other_official``) and NGO B (``other_ngo``) own nothing of that.
``expert`` has ``assignment`` (offered) on ``submitted_application``.
Extend it (add attributes) when a new page needs an object; never change what is there.
"""

from dataclasses import dataclass

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from tests import factories as f


@dataclass
class World:
    users: dict
    body: object
    other_body: object
    organization: object
    other_organization: object
    open_competition: object
    draft_competition: object
    other_draft_competition: object
    application: object
    submitted_application: object
    expert_profile: object
    assignment: object
    invitation: object  # accounts: a pending invitation to NGO A, to an address no world user has
    # officials (manage pages): an unanswered question on open_competition, a document of draft_competition,
    # a closed competition of body A with a submitted application (of a third organisation) for admission.
    clarification: object
    draft_document: object
    closed_competition: object
    closed_application: object
    # scoring: a rubric of body A; a pending expert invitation; the review competition (submitted_application's)
    # with its rubric, a proposal, an admitted application of NGO B with an accepted assignment (declared, no
    # conflict) of ``expert``, and a submitted assignment of a second expert on submitted_application.
    scoring_rubric: object
    expert_invitation: object
    review_rubric: object
    proposal: object
    reviewed_application: object
    accepted_assignment: object
    submitted_assignment: object
    # applications: a document on the draft ``application``; ``receipted_application``, submitted by NGO A through
    # the real service (registration number, snapshot, receipt) on another open competition of body A, with a document.
    application_attachment: object
    receipted_application: object
    receipted_attachment: object
    # ranking and results: a competition of body A with results published from snapshot No. 1, NGO A's winning
    # application in it, a finished CSV report of the snapshot, and a pending appeal by NGO A.
    results_competition: object = None
    results_snapshot: object = None
    results_application: object = None
    results_report: object = None
    results_appeal: object = None
    # commission: the meeting that approved results_snapshot (3 members, the official chairs) with a finished
    # public extract (kk); a committed (unrevealed) observed draw on the review competition.
    results_meeting: object = None
    results_extract: object = None
    draw: object = None
    # expert register: NGO A's owner applied to the register (pending, with a CV); a calibration exercise on the
    # review rubric; an act of completed work (with its PDFs) of ``expert`` on the results competition.
    expert_application: object = None
    calibration_exercise: object = None
    act: object = None
    # planning and councils (body A): a draft plan with an item and its evidence file; a plan open for proposals
    # with NGO A's undecided proposal (with a file); a plan in discussion (open today) with NGO A's comment
    # awaiting moderation and NGO B's published comment; an approved plan. The observer is the secretary of
    # body A's public council, which filed a recommendation on the plan open for proposals.
    plan_draft: object = None
    draft_item: object = None
    draft_evidence: object = None
    plan_proposals: object = None
    topic_proposal: object = None
    topic_proposal_evidence: object = None
    plan_discussion: object = None
    waiting_comment: object = None
    published_comment: object = None
    plan_approved: object = None
    approved_item: object = None
    approved_evidence: object = None
    council: object = None
    council_document: object = None
    # projects: NGO A's winning results_application became ``project`` when the results were published; its
    # agreement is in force (version 1 with its PDFs), so it has tranches (the first due) and reporting periods.
    project: object = None
    project_version: object = None
    project_tranche: object = None
    project_report: object = None
    # monitoring and evaluation (cases_monitoring): a planned visit of ``project`` inspected by ``expert``, with a
    # finding (a photo) and a corrective action; an evaluation panel on it with ``expert``'s seat (assigned).
    project_visit: object = None
    project_finding: object = None
    project_corrective_action: object = None
    project_evaluation: object = None
    project_seat: object = None
    # blind review (cases_blind): a blind competition of body A under review; NGO B's admitted application in it
    # with a charter (an identifying type) and a budget justification, both named after NGO B; ``expert`` holds an
    # accepted assignment on it (declared no conflict).
    blind_competition: object = None
    blind_application: object = None
    blind_assignment: object = None
    blind_charter: object = None
    blind_budget: object = None


def build_world():
    body, other_body = f.GovernmentBodyFactory(), f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    other_official = f.OfficialMembershipFactory(body=other_body).user
    observer = f.ObserverMembershipFactory(body=body).user
    ngo_membership = f.MembershipFactory(role="owner")
    other_ngo_membership = f.MembershipFactory(role="owner")
    expert_profile = f.ExpertProfileFactory()
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    open_competition = f.CompetitionFactory(body=body)
    draft_competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    other_draft_competition = f.CompetitionFactory(body=other_body, status=CompetitionStatus.DRAFT,
                                                   published_at=None)
    application = f.ApplicationFactory(competition=open_competition, organization=ngo_membership.organization)
    submitted = f.ApplicationFactory(competition=f.CompetitionFactory(body=body),
                                     organization=ngo_membership.organization,
                                     status=ApplicationStatus.SUBMITTED)
    assignment = f.AssignmentFactory(application=submitted, expert=expert_profile)
    return World(
        users={
            "anonymous": None,
            "ngo": ngo_membership.user,
            "other_ngo": other_ngo_membership.user,
            "official": official,
            "other_official": other_official,
            "observer": observer,
            "expert": expert_profile.user,
            "admin": admin,
        },
        body=body,
        other_body=other_body,
        organization=ngo_membership.organization,
        other_organization=other_ngo_membership.organization,
        open_competition=open_competition,
        draft_competition=draft_competition,
        other_draft_competition=other_draft_competition,
        application=application,
        submitted_application=submitted,
        expert_profile=expert_profile,
        assignment=assignment,
        invitation=f.InvitationFactory(organization=ngo_membership.organization, email="invitee@example.kz",
                                       invited_by=ngo_membership.user),
        **_officials_objects(body, ngo_membership, draft_competition, open_competition),
        **_scoring_objects(body, other_ngo_membership, submitted, expert_profile),
        **_application_objects(body, ngo_membership, application),
        **_results_objects(body, official, ngo_membership, expert_profile),
        **_planning_objects(body, official, ngo_membership, other_ngo_membership, observer),
        **_project_objects(official, ngo_membership, expert_profile),
        **_blind_objects(body, other_ngo_membership, expert_profile),
    )


def _officials_objects(body, ngo_membership, draft_competition, open_competition):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from competitions.models import Clarification, CompetitionDocument

    now = timezone.now()
    clarification = Clarification.objects.create(competition=open_competition, asked_by=ngo_membership.user,
                                                 organization=ngo_membership.organization,
                                                 question="May a branch apply?")
    document = CompetitionDocument(competition=draft_competition, title="Terms", original_name="terms.pdf",
                                   content_type="application/pdf", size=16, sha256="0" * 64)
    document.file.save("terms.pdf", ContentFile(b"%PDF-1.4 world\n"), save=False)
    document.save()
    closed = f.CompetitionFactory(body=body, status=CompetitionStatus.CLOSED, opens_at=now - timedelta(days=30),
                                  closes_at=now - timedelta(days=1), closed_at=now - timedelta(days=1))
    closed_application = f.ApplicationFactory(competition=closed, status=ApplicationStatus.SUBMITTED,
                                              submitted_at=now - timedelta(days=2))
    return {"clarification": clarification, "draft_document": document, "closed_competition": closed,
            "closed_application": closed_application}


def _scoring_objects(body, other_ngo_membership, submitted, expert_profile):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from scoring.enums import AssignmentStatus
    from scoring.models import (
        AssignmentDraw,
        AutoAssignmentProposal,
        CalibrationExercise,
        ConflictDeclaration,
        ExpertApplication,
        ExpertInvitation,
    )

    scoring_rubric = f.RubricFactory(body=body)
    f.CriterionFactory(rubric=scoring_rubric, order=1)
    competition = submitted.competition
    review_rubric = f.RubricFactory(competition=competition, body=body)
    f.CriterionFactory(rubric=review_rubric, order=1)
    invitation = ExpertInvitation.objects.create(email="new-expert@example.kz", body=body,
                                                 expires_at=timezone.now() + timedelta(days=14))
    proposal = AutoAssignmentProposal.objects.create(competition=competition, max_load=3,
                                                     pairs=[[expert_profile.pk, submitted.pk]],
                                                     stats={"pairs": 1, "min_load": 1, "max_load": 1})
    reviewed = f.ApplicationFactory(competition=competition, organization=other_ngo_membership.organization,
                                    status=ApplicationStatus.ADMITTED)
    accepted = f.AssignmentFactory(application=reviewed, expert=expert_profile, status=AssignmentStatus.ACCEPTED)
    ConflictDeclaration.objects.create(assignment=accepted, has_conflict=False)
    submitted_assignment = f.AssignmentFactory(application=submitted, status=AssignmentStatus.SUBMITTED)
    f.EvaluationFactory(assignment=submitted_assignment, total=5, submitted_at=timezone.now())
    draw = AssignmentDraw.objects.create(competition=competition, seed="world-seed-of-enough-length",
                                         seed_sha256="2" * 64, inputs={}, inputs_canonical="{}",
                                         inputs_sha256="3" * 64)
    expert_application = ExpertApplication(
        applicant=other_ngo_membership.user, full_name="Applicant Person", qualifications="Ten years.",
        languages=["ru"], code_of_conduct_accepted_at=timezone.now(), cv_name="cv.pdf")
    expert_application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv\n%%EOF\n"), save=False)
    expert_application.save()
    exercise = CalibrationExercise.objects.create(title="Reference", rubric=review_rubric, application_text="Text",
                                                  reference_scores={"1": "5"})
    return {"scoring_rubric": scoring_rubric, "expert_invitation": invitation, "review_rubric": review_rubric,
            "expert_application": expert_application, "calibration_exercise": exercise, "draw": draw,
            "proposal": proposal, "reviewed_application": reviewed, "accepted_assignment": accepted,
            "submitted_assignment": submitted_assignment}


def _application_objects(body, ngo_membership, application):
    from applications.services import application_submit
    from tests.applications.helpers import add_attachment, fill_application

    attachment = add_attachment(application, "charter", "charter.pdf")
    competition = f.CompetitionFactory(body=body)
    receipted = f.ApplicationFactory(competition=competition, organization=ngo_membership.organization)
    fill_application(receipted)
    receipted_attachment = add_attachment(receipted, "other", "letter.pdf")
    receipted = application_submit(application=receipted, actor=ngo_membership.user)
    return {"application_attachment": attachment, "receipted_application": receipted,
            "receipted_attachment": receipted_attachment}


def _results_objects(body, official, ngo_membership, expert_profile):
    from django.core.files.base import ContentFile

    from scoring.appeals.services import appeal_file
    from scoring.enums import ReportStatus
    from scoring.models import CompletionAct, Report
    from scoring.ranking.services import ranking_freeze, results_publish
    from tests.scoring.results_world import ranked_competition, scored_application

    competition = ranked_competition(body=body, weights=("1",), experts=1)
    application = scored_application(competition, [[8]], organization=ngo_membership.organization)
    snapshot = ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    meeting = f.approve_ranking(competition, actor=official)
    results_publish(competition=competition, actor=official)
    extract = meeting.protocols.get(kind="extract", language="kk+ru")
    extract.file.save("world-extract.pdf", ContentFile(b"%PDF-1.4 extract\n%%EOF\n"), save=False)
    extract.status, extract.sha256 = ReportStatus.DONE, "1" * 64
    extract.save()
    application.refresh_from_db()
    report = Report(snapshot=snapshot, format="csv", status=ReportStatus.DONE, progress=100, sha256="0" * 64)
    report.file.save("world-ranking.csv", ContentFile(b"rank\n1\n"), save=False)
    report.save()
    appeal = appeal_file(application=application, reason="Please check criterion 1", actor=ngo_membership.user)
    act = CompletionAct(competition=competition, expert=expert_profile, evaluations=1, amount=10000)
    act.file.save("act.pdf", ContentFile(b"%PDF-1.4 act\n%%EOF\n"), save=False)
    act.save()
    return {"act": act, "results_competition": competition, "results_snapshot": snapshot,
            "results_application": application, "results_report": report, "results_appeal": appeal,
            "results_meeting": meeting,
            "results_extract": extract}


def _planning_objects(body, official, ngo_membership, other_ngo_membership, observer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planning import services as planning
    from planning.enums import PlanStatus
    from portal.councils import services as councils
    from tests.planning.helpers import plan_at

    pdf = b"%PDF-1.4 world\n%%EOF\n"
    draft = plan_at(PlanStatus.DRAFT, body=body, official=official)
    draft_item = draft.items.get()
    draft_evidence = planning.evidence_add(item=draft_item, kind="statistics", title="Figures", actor=official,
                                           upload=SimpleUploadedFile("figures.pdf", pdf))
    proposals = plan_at(PlanStatus.PROPOSALS_OPEN, body=body, official=official)
    proposal = planning.proposal_submit(
        plan=proposals, actor=ngo_membership.user, organization=ngo_membership.organization,
        fields={"topic": "Rural youth media", "justification": "Few rural clubs.", "priority_area": f.priority_area()},
        evidence=[{"kind": "statistics", "title": "Survey", "upload": SimpleUploadedFile("survey.pdf", pdf)}])
    discussion = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    waiting = planning.comment_submit(plan=discussion, text="Add districts.", actor=ngo_membership.user)
    published = planning.comment_submit(plan=discussion, text="Good plan.", actor=other_ngo_membership.user)
    planning.comment_moderate(comment=published, decision="published", reason="", actor=official)
    approved = plan_at(PlanStatus.APPROVED, body=body, official=official)
    approved_item = approved.items.get()
    approved_evidence = approved_item.evidence.create(kind="link", title="Source", url="https://stat.gov.kz/")
    council = f.CouncilFactory(body=body)
    councils.council_member_add(council=council, user=observer, role="secretary", actor=None)
    document = councils.council_document_file(
        council=council, kind="recommendation", title="On the proposals", text="Consider rural districts.",
        subject=proposals, actor=observer, upload=SimpleUploadedFile("recommendation.pdf", pdf))
    return {"plan_draft": draft, "draft_item": draft_item, "draft_evidence": draft_evidence,
            "plan_proposals": proposals, "topic_proposal": proposal,
            "topic_proposal_evidence": proposal.evidence.get(),
            "plan_discussion": discussion, "waiting_comment": waiting, "published_comment": published,
            "plan_approved": approved, "approved_item": approved_item, "approved_evidence": approved_evidence,
            "council": council, "council_document": document}


def _project_objects(official, ngo_membership, expert_profile):
    from django.core.files.base import ContentFile

    from projects import services as projects
    from projects.models import Project

    project = Project.objects.get(application__organization=ngo_membership.organization)
    agreement = projects.agreement_create(project=project, actor=official)
    projects.agreement_send(agreement=agreement, actor=official)
    projects.agreement_sign_ngo(agreement=agreement, actor=ngo_membership.user)
    projects.agreement_sign_body(agreement=agreement, actor=official)
    version = agreement.versions.get()
    version.pdf.save("kk-ru.pdf", ContentFile(b"%PDF-1.4 world\n"), save=False)  # the rendering: tests/projects
    version.render_status = "done"
    version.save()
    project.refresh_from_db()
    return {"project": project, "project_version": version, "project_tranche": project.tranches.get(number=1),
            "project_report": project.periods.get(number=1).report,
            **_monitoring_objects(project, official, expert_profile)}


def _monitoring_objects(project, official, expert_profile):
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from projects.models import ProjectEvaluation, ProjectEvaluator
    from projects.services import evaluation, monitoring
    from tests.applications.helpers import PNG_BYTES

    visit = monitoring.visit_plan(project=project, planned_on=timezone.localdate() + timedelta(days=7),
                                  inspector=expert_profile.user, actor=official)
    finding = monitoring.finding_add(visit=visit, text="Lists missing", actor=official,
                                     photo=SimpleUploadedFile("hall.png", PNG_BYTES))
    action = monitoring.action_add(visit=visit, text="Complete the lists", actor=official, finding=finding,
                                   due_on=timezone.localdate() + timedelta(days=30))
    # The panel needs a finished project; the world's is in progress, so the evaluation is made directly.
    panel = ProjectEvaluation.objects.create(project=project, rubric=evaluation.default_rubric())
    seat = ProjectEvaluator.objects.create(evaluation=panel, expert=expert_profile)
    return {"project_visit": visit, "project_finding": finding, "project_corrective_action": action,
            "project_evaluation": panel, "project_seat": seat}


def _blind_objects(body, other_ngo_membership, expert_profile):
    from scoring.enums import AssignmentStatus
    from scoring.models import ConflictDeclaration
    from tests.applications.helpers import add_attachment

    competition = f.CompetitionFactory(body=body, blind_review=True, status=CompetitionStatus.UNDER_REVIEW)
    rubric = f.RubricFactory(competition=competition, body=body)
    f.CriterionFactory(rubric=rubric, order=1)
    application = f.ApplicationFactory(competition=competition, organization=other_ngo_membership.organization,
                                       status=ApplicationStatus.ADMITTED)
    name = other_ngo_membership.organization.name
    charter = add_attachment(application, "charter", f"{name} charter.pdf")
    budget = add_attachment(application, "budget_justification", f"{name} budget.pdf")
    assignment = f.AssignmentFactory(application=application, expert=expert_profile, status=AssignmentStatus.ACCEPTED)
    ConflictDeclaration.objects.create(assignment=assignment, has_conflict=False)
    return {"blind_competition": competition, "blind_application": application, "blind_assignment": assignment,
            "blind_charter": charter, "blind_budget": budget}
