"""Officials run their body's competitions; observers read the same pages without any action.

Every page starts from ``competitions_followed_by`` (outsiders get 404); every POST asks
``competitions.manage_competition`` first (observers get 403), then the state-specific permission.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planning.selectors import plan_items_for_competition
from portal.accounts.models import OfficialMembership
from portal.accounts.selectors import roles_for_user
from portal.audit.selectors import chain_head_for_scope, scope_of, unsealed_count
from portal.audit.verify import check_scope
from portal.errors import DomainError

from . import services
from .enums import CompetitionStatus
from .forms import (
    AnswerForm,
    CompetitionDocumentForm,
    CompetitionForm,
    ExtendForm,
    ReasonForm,
    RequiredDocumentFormSet,
    initial_from_plan_item,
    required_documents_from,
    required_documents_problems,
)
from .selectors import (
    audit_events_for_competition,
    bodies_acted_for,
    clarifications_for_official,
    competitions_followed_by,
    published_clarifications,
)
from .validators import publication_problems


def competition_for(request, reference, *, prefetch=()):
    competition = get_object_or_404(competitions_followed_by(request.user).prefetch_related(*prefetch),
                                    reference=reference)
    if not rules.has_perm("competitions.view_competition_internal", request.user, competition):
        raise PermissionDenied
    return competition


def require_manager(request, competition, perm=None):
    """Observers and anyone else who may only read get 403 on every action."""
    if not rules.has_perm("competitions.manage_competition", request.user, competition):
        raise PermissionDenied
    if perm and not rules.has_perm(perm, request.user, competition):
        return False
    return True


def refused(request, competition, message, *, status=409):
    return render(request, "manage/refused.html", {"competition": competition, "message": message}, status=status)


def _context(request, competition, **extra):
    return {
        "competition": competition,
        "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition),
        **extra,
    }


def _add_problems(form, problems):
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


# ------------------------------------------------------------------------------------------- create / edit

def _create_page(request, *, bodies, initial=None, plan_item=None):
    """The new-competition form; with ``plan_item`` pre-filled from it and linked to it."""
    form = CompetitionForm(request.POST or None, bodies=bodies, initial=initial)
    formset = RequiredDocumentFormSet(request.POST or None, prefix="docs")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            rows = required_documents_from(formset)
            for message in required_documents_problems(rows):
                form.add_error(None, message)
            if form.is_valid():
                try:
                    competition = services.competition_create(
                        body=form.cleaned_data["body"], fields=form.service_fields(), plan_item=plan_item,
                        regions=form.cleaned_data["regions"], required_documents=rows, actor=request.user)
                except services.ConfigurationRefused as error:
                    _add_problems(form, error.problems)
                else:
                    messages.success(request, _("Draft %(reference)s saved. Choose its rubric and publish when "
                                                "ready.") % {"reference": competition.reference})
                    return redirect("manage:detail", reference=competition.reference)
    return render(request, "manage/competition_form.html",
                  {"form": form, "formset": formset, "creating": True, "plan_item": plan_item}, status=status)


@login_required
def competition_create(request):
    bodies = list(bodies_acted_for(request.user))
    if not bodies:
        raise PermissionDenied
    return _create_page(request, bodies=bodies)


@login_required
def competition_create_from_plan_item(request, pk):
    """"Create a competition from this plan item": the form pre-filled from an approved plan, the link kept."""
    item = get_object_or_404(plan_items_for_competition(request.user), pk=pk)
    return _create_page(request, bodies=[item.plan.body], initial=initial_from_plan_item(item), plan_item=item)


@login_required
def competition_edit(request, reference):
    competition = competition_for(request, reference, prefetch=("regions", "required_documents"))
    if request.method == "POST":
        require_manager(request, competition)
    if not rules.has_perm("competitions.change_competition", request.user, competition):
        if not rules.has_perm("competitions.manage_competition", request.user, competition):
            raise PermissionDenied
        return refused(request, competition, _("Only a draft can be edited. After publication only the deadline "
                                               "can be extended."))
    form = CompetitionForm(request.POST or None, instance=competition)
    formset = RequiredDocumentFormSet(request.POST or None, instance=competition, prefix="docs")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            rows = required_documents_from(formset)
            for message in required_documents_problems(rows):
                form.add_error(None, message)
            if form.is_valid():
                try:
                    services.competition_update(competition=competition, fields=form.service_fields(),
                                                regions=form.cleaned_data["regions"], required_documents=rows,
                                                actor=request.user)
                except services.ConfigurationRefused as error:
                    _add_problems(form, error.problems)
                except DomainError as error:
                    return refused(request, competition, error.message, status=error.status_code)
                else:
                    messages.success(request, _("Changes saved."))
                    return redirect("manage:detail", reference=competition.reference)
    return render(request, "manage/competition_form.html",
                  _context(request, competition, form=form, formset=formset, creating=False), status=status)


# ---------------------------------------------------------------------------------------------- overview

@login_required
def competition_detail(request, reference):
    competition = competition_for(request, reference, prefetch=("regions", "required_documents", "documents"))
    now = timezone.now()
    problems = []
    if competition.status == CompetitionStatus.DRAFT:
        problems = publication_problems(competition, now=now)
        if not _has_rubric(competition):
            problems.append(("rubric", _("Choose a rubric with at least one criterion before publishing.")))
    perms = {name: rules.has_perm(f"competitions.{name}_competition", request.user, competition)
             for name in ("change", "publish", "extend", "close", "cancel")}
    unanswered = clarifications_for_official(request.user, competition=competition, unanswered=True).count()
    return render(request, "manage/competition_detail.html", _context(
        request, competition, problems=problems, perms=perms, unanswered=unanswered, now=now))


def _has_rubric(competition):
    # The rubric belongs to scoring (reverse one-to-one "rubric"); reading the attribute imports nothing.
    rubric = getattr(competition, "rubric", None)
    return rubric is not None and rubric.criteria.exists()


@login_required
def competition_preview(request, reference):
    competition = competition_for(request, reference, prefetch=("regions", "required_documents", "documents"))
    return render(request, "manage/preview.html", {
        "competition": competition, "clarifications": published_clarifications(competition), "preview": True})


# ----------------------------------------------------------------------------------------------- actions

@login_required
def competition_publish(request, reference):
    competition = competition_for(request, reference, prefetch=("regions",))
    if request.method == "POST":
        if not require_manager(request, competition, "competitions.publish_competition"):
            return refused(request, competition, _("Only a draft can be published."))
        try:
            services.competition_publish(competition=competition, actor=request.user)
        except services.PublicationRefused as error:
            return render(request, "manage/publish.html", _context(request, competition, problems=error.problems),
                          status=400)
        except DomainError as error:
            return refused(request, competition, error.message, status=error.status_code)
        messages.success(request, _("Competition %(reference)s is published.") % {"reference": reference})
        return redirect("manage:detail", reference=reference)
    problems = publication_problems(competition) if competition.status == CompetitionStatus.DRAFT else []
    return render(request, "manage/publish.html", _context(request, competition, problems=problems, checking=True))


@login_required
def competition_extend(request, reference):
    competition = competition_for(request, reference)
    form = ExtendForm(request.POST or None, initial={"closes_at": competition.closes_at})
    status = 200
    if request.method == "POST":
        if not require_manager(request, competition, "competitions.extend_competition"):
            return refused(request, competition, _("The deadline can be extended only while the competition is "
                                                   "published and open."))
        status = 400
        if form.is_valid():
            try:
                services.competition_extend_deadline(competition=competition, closes_at=form.cleaned_data["closes_at"],
                                                     reason=form.cleaned_data["reason"], actor=request.user)
            except services.ConfigurationRefused as error:
                _add_problems(form, error.problems)
            except DomainError as error:
                return refused(request, competition, error.message, status=error.status_code)
            else:
                messages.success(request, _("The deadline is extended; applicants are notified."))
                return redirect("manage:detail", reference=reference)
    return render(request, "manage/extend.html", _context(request, competition, form=form), status=status)


@login_required
def competition_cancel(request, reference):
    competition = competition_for(request, reference)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not require_manager(request, competition, "competitions.cancel_competition"):
            return refused(request, competition, _("This competition can no longer be cancelled."))
        status = 400
        if form.is_valid():
            try:
                services.competition_cancel(competition=competition, reason=form.cleaned_data["reason"],
                                            actor=request.user)
            except services.ConfigurationRefused as error:
                _add_problems(form, error.problems)
            except DomainError as error:
                return refused(request, competition, error.message, status=error.status_code)
            else:
                messages.success(request, _("The competition is cancelled; everyone concerned is notified."))
                return redirect("manage:detail", reference=reference)
    return render(request, "manage/cancel.html", _context(request, competition, form=form), status=status)


@login_required
@require_POST
def competition_close(request, reference):
    competition = competition_for(request, reference)
    require_manager(request, competition)
    try:
        services.competition_close_now(competition=competition, actor=request.user)
    except DomainError as error:
        return refused(request, competition, error.message, status=error.status_code)
    messages.success(request, _("Applications are closed."))
    return redirect("manage:detail", reference=reference)


# --------------------------------------------------------------------------------------------- documents

@login_required
def competition_documents(request, reference):
    competition = competition_for(request, reference, prefetch=("documents",))
    form = CompetitionDocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        require_manager(request, competition)
        status = 400
        if form.is_valid():
            try:
                services.competition_document_add(
                    competition=competition, kind=form.cleaned_data["kind"], title=form.cleaned_data["title"],
                    upload=form.cleaned_data["upload"], actor=request.user)
            except DomainError as error:
                form.add_error("upload", error.message)
            else:
                messages.success(request, _("Document uploaded."))
                return redirect("manage:documents", reference=reference)
    return render(request, "manage/documents.html", _context(
        request, competition, form=form, documents=competition.documents.all()), status=status)


@login_required
@require_POST
def competition_document_delete(request, reference, pk):
    competition = competition_for(request, reference)
    require_manager(request, competition)
    document = get_object_or_404(competition.documents.all(), pk=pk)
    try:
        services.competition_document_remove(document=document, actor=request.user)
    except DomainError as error:
        return refused(request, competition, error.message, status=error.status_code)
    messages.success(request, _("Document removed."))
    return redirect("manage:documents", reference=reference)


# --------------------------------------------------------------------------------------------- questions

@login_required
def question_queue(request):
    roles = roles_for_user(request.user)
    if not (roles.is_admin or roles.followed_body_ids):
        raise PermissionDenied
    questions = clarifications_for_official(request.user, unanswered=True)
    page = Paginator(questions, 25).get_page(request.GET.get("page"))
    return render(request, "manage/question_queue.html", {"page_obj": page, "questions": page.object_list})


@login_required
def competition_questions(request, reference):
    competition = competition_for(request, reference)
    questions = clarifications_for_official(request.user, competition=competition)
    page = Paginator(questions, 25).get_page(request.GET.get("page"))
    return render(request, "manage/questions.html", _context(
        request, competition, page_obj=page, questions=page.object_list))


@login_required
def clarification_answer(request, reference, pk):
    competition = competition_for(request, reference)
    clarification = get_object_or_404(clarifications_for_official(request.user, competition=competition), pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": clarification.answer})
    status = 200
    if request.method == "POST":
        require_manager(request, competition)
        status = 400
        if form.is_valid():
            try:
                services.clarification_answer(clarification=clarification, answer=form.cleaned_data["answer"],
                                              actor=request.user)
            except services.ConfigurationRefused as error:
                _add_problems(form, error.problems)
            else:
                messages.success(request, _("The answer is published on the competition page."))
                return redirect("manage:questions", reference=reference)
    return render(request, "manage/answer.html", _context(
        request, competition, form=form, clarification=clarification), status=status)


# ------------------------------------------------------------------------------------------------- audit

PRIVATE_NOTE_ACTIONS = ("declaration.", "assignment.", "evaluation.")


@login_required
def competition_audit(request, reference):
    competition = competition_for(request, reference)
    events = audit_events_for_competition(competition)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    is_manager = rules.has_perm("competitions.manage_competition", request.user, competition)
    rows = list(page.object_list)
    for event in rows:
        if event.actor_id is None and event.actor_label == "system":
            event.actor_label = _("system (automatic)")
    if not is_manager:
        # Observers: officials act in public office and are named; applicants and experts are not.
        official_ids = set(OfficialMembership.objects.filter(body_id=competition.body_id)
                           .values_list("user_id", flat=True))
        for event in rows:
            if event.actor_id and event.actor_id not in official_ids:
                event.actor_label = _("participant")
            if event.action.startswith(PRIVATE_NOTE_ACTIONS):
                # An expert's conflict note or the reason an evaluation was reopened is not for observers.
                event.reason = _("(not shown to observers)") if event.reason else ""
                event.after = {k: v for k, v in event.after.items() if k not in ("note", "reason")}
    scope = scope_of(competition.pk)
    return render(request, "manage/audit.html", _context(
        request, competition, page_obj=page, events=rows, check=check_scope(scope),
        head=chain_head_for_scope(scope), pending=unsealed_count(scope=scope),
        verify_url=reverse("manage:audit", kwargs={"reference": reference})))
