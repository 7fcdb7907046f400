"""Officials' pages on the applications of one competition: the table and its exports, the read-only
application page, the admission check and its decisions. Observers read everything and act on nothing."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from competitions.manage_views import competition_for, refused, require_manager
from portal.errors import DomainError
from portal.signatures.enums import SignatureKind
from portal.signatures.selectors import signatures_of

from . import services
from .admission import admission_checks, passes_all, undecided_filter, with_admission_data
from .enums import ApplicationStatus
from .exports import applications_csv, applications_xlsx
from .manage_filters import ApplicationTableFilter
from .selectors import applications_for_user, applications_table_for_official

PAGE_SIZE = 25


def _context(request, competition, **extra):
    return {"competition": competition,
            "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition), **extra}


def _filtered(request, competition):
    return ApplicationTableFilter(request.GET or None, queryset=applications_table_for_official(request.user,
                                                                                                  competition))


@login_required
def application_table(request, reference):
    competition = competition_for(request, reference)
    filterset = _filtered(request, competition)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.form.is_valid() else 200
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "manage/applications.html", _context(
        request, competition, filter=filterset, form=filterset.form, page_obj=page, applications=page.object_list,
        export_query=query.urlencode()), status=status)


def _export(request, reference, *, kind):
    competition = competition_for(request, reference)
    filterset = _filtered(request, competition)
    if filterset.is_bound and not filterset.form.is_valid():
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain; charset=utf-8")
    rows = filterset.qs
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        response = HttpResponse(applications_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(applications_xlsx(rows, title=competition.reference),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{competition.reference}-applications-{stamp}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_csv(request, reference):
    return _export(request, reference, kind="csv")


@login_required
def export_xlsx(request, reference):
    return _export(request, reference, kind="xlsx")


# ------------------------------------------------------------------------------------------ one application

def application_for(request, pk):
    """A non-draft application of a competition the user follows as official or observer (else 404)."""
    application = get_object_or_404(
        with_admission_data(applications_for_user(request.user).exclude(status=ApplicationStatus.DRAFT)), pk=pk)
    if not rules.has_perm("competitions.view_competition_internal", request.user, application.competition):
        raise Http404
    return application


def _attachment_url(application, attachment):
    try:
        return reverse("applications:attachment", kwargs={"pk": application.pk, "attachment_pk": attachment.pk})
    except NoReverseMatch:
        return ""


@login_required
def application_detail(request, pk):
    application = application_for(request, pk)
    competition = application.competition
    snapshot = application.snapshot or {}
    attachments = [(a, _attachment_url(application, a)) for a in application.attachments.all()]
    checks = admission_checks(application)
    decidable = (competition.effective_status == "closed" and application.status == ApplicationStatus.SUBMITTED)
    return render(request, "manage/application_detail.html", _context(
        request, competition, application=application, snapshot=snapshot, fields=_snapshot_fields(snapshot),
        attachments=attachments, checks=checks, passes=passes_all(checks), decidable=decidable,
        signature=signatures_of(application, kind=SignatureKind.APPLICATION).first(),
        can_reject=competition.effective_status == "closed" and application.status in (
            ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED)))


SNAPSHOT_FIELDS = [
    ("title", gettext_lazy("Project title")),
    ("summary", gettext_lazy("Summary")),
    ("problem", gettext_lazy("Problem and relevance")),
    ("goals", gettext_lazy("Goal and objectives")),
    ("target_group", gettext_lazy("Target group")),
    ("beneficiaries_count", gettext_lazy("Number of beneficiaries")),
    ("team", gettext_lazy("Project team")),
    ("sustainability", gettext_lazy("Sustainability after the project")),
]


def _snapshot_fields(snapshot):
    values = snapshot.get("fields") or {}
    return [(label, values.get(key)) for key, label in SNAPSHOT_FIELDS if key in values]


@login_required
@require_POST
def application_admit(request, pk):
    application = application_for(request, pk)
    require_manager(request, application.competition)
    try:
        services.application_admit(application=application, actor=request.user)
    except DomainError as error:
        return refused(request, application.competition, error.message, status=error.status_code)
    messages.success(request, _("Application %(number)s admitted.") % {"number": application.registration_number})
    return redirect("manage_applications:admission", reference=application.competition.reference)


RETURN_ITEMS = [
    ("documents", gettext_lazy("Documents")),
    ("eligibility", gettext_lazy("Eligibility of the organisation")),
    ("budget", gettext_lazy("Budget")),
    ("project", gettext_lazy("Project description")),
    ("activities", gettext_lazy("Calendar plan")),
    ("indicators", gettext_lazy("Result indicators")),
    ("other", gettext_lazy("Other")),
]
RETURN_ROWS = 4
CHECK_TO_ITEM = {"documents": "documents", "eligibility": "eligibility", "amount": "budget", "admin_costs": "budget"}


class ReturnForm(forms.Form):
    working_days = forms.IntegerField(label=gettext_lazy("Working days to correct"), min_value=1, max_value=30,
                                      initial=3, help_text=gettext_lazy(
                                          "Counted from today on the Kazakhstan calendar (weekends and public "
                                          "holidays skipped); the deadline is the end of that day, Astana time."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, RETURN_ROWS + 1):
            self.fields[f"item_{index}"] = forms.ChoiceField(label=gettext_lazy("What"), required=False,
                                                             choices=[("", "—"), *RETURN_ITEMS])
            self.fields[f"reason_{index}"] = forms.CharField(label=gettext_lazy("What must be corrected"),
                                                             required=False, max_length=2000,
                                                             widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        return [(self[f"item_{i}"], self[f"reason_{i}"]) for i in range(1, RETURN_ROWS + 1)]

    def clean(self):
        data = super().clean()
        labels = dict(RETURN_ITEMS)
        reasons = []
        for index in range(1, RETURN_ROWS + 1):
            item, reason = data.get(f"item_{index}"), (data.get(f"reason_{index}") or "").strip()
            if item and not reason:
                self.add_error(f"reason_{index}", _("Say what must be corrected."))
            elif reason:
                reasons.append({"item": str(labels.get(item, labels["other"])), "reason": reason})
        if not reasons and not self.errors:
            self.add_error("reason_1", _("Give at least one reason: what must be corrected."))
        data["reasons"] = reasons
        return data


def _initial_return(application):
    initial = {"working_days": 3}
    failing = [c for c in admission_checks(application) if not c.passed][:RETURN_ROWS]
    for index, check in enumerate(failing, start=1):
        initial[f"item_{index}"] = CHECK_TO_ITEM[check.key]
        initial[f"reason_{index}"] = " ".join(str(r) for r in check.reasons)
    return initial


@login_required
def application_return(request, pk):
    application = application_for(request, pk)
    competition = application.competition
    form = ReturnForm(request.POST or None, initial=_initial_return(application))
    status = 200
    if request.method == "POST":
        require_manager(request, competition)
        status = 400
        if form.is_valid():
            try:
                services.application_return(application=application, reasons=form.cleaned_data["reasons"],
                                            working_days=form.cleaned_data["working_days"], actor=request.user)
            except services.AdmissionRefused as error:
                for field, message in error.problems:
                    form.add_error(field if field in form.fields else None, message)
            except DomainError as error:
                return refused(request, competition, error.message, status=error.status_code)
            else:
                messages.success(request, _("Application %(number)s returned for correction; the applicant is "
                                            "notified.") % {"number": application.registration_number})
                return redirect("manage_applications:admission", reference=competition.reference)
    return render(request, "manage/return.html", _context(request, competition, application=application, form=form),
                  status=status)


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for not admitting"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=gettext_lazy("The applicant reads it and may refer to it in an appeal."))


@login_required
def application_reject(request, pk):
    application = application_for(request, pk)
    competition = application.competition
    form = RejectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_manager(request, competition)
        status = 400
        if form.is_valid():
            try:
                services.application_reject(application=application, reason=form.cleaned_data["reason"],
                                            actor=request.user)
            except services.AdmissionRefused as error:
                for field, message in error.problems:
                    form.add_error(field if field in form.fields else None, message)
            except DomainError as error:
                return refused(request, competition, error.message, status=error.status_code)
            else:
                messages.success(request, _("Application %(number)s not admitted; the applicant is notified.")
                                 % {"number": application.registration_number})
                return redirect("manage_applications:admission", reference=competition.reference)
    return render(request, "manage/reject.html", _context(request, competition, application=application, form=form),
                  status=status)


# ------------------------------------------------------------------------------------------ admission check

@login_required
def admission(request, reference):
    competition = competition_for(request, reference)
    now = timezone.now()
    queryset = with_admission_data(applications_table_for_official(request.user, competition).filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED])).order_by("registration_number", "id")
    rows = []
    for application in queryset:
        checks = admission_checks(application)
        rows.append({"application": application, "checks": checks, "passes": passes_all(checks)})
    undecided = applications_for_user(request.user, competition=competition).filter(undecided_filter(now)).count()
    passing = [r for r in rows if r["passes"] and r["application"].status == ApplicationStatus.SUBMITTED]
    return render(request, "manage/admission.html", _context(
        request, competition, rows=rows, undecided=undecided, passing=passing, now=now,
        is_closed=competition.effective_status == "closed"))


@login_required
@require_POST
def bulk_admit(request, reference):
    competition = competition_for(request, reference)
    require_manager(request, competition)
    ids = [int(value) for value in request.POST.getlist("application") if value.isdigit()]
    if not ids:
        messages.warning(request, _("Select the applications to admit."))
        return redirect("manage_applications:admission", reference=reference)
    try:
        admitted = services.applications_admit_passing(competition=competition, application_ids=ids,
                                                       actor=request.user)
    except DomainError as error:
        return refused(request, competition, error.message, status=error.status_code)
    skipped = len(ids) - len(admitted)
    messages.success(request, _("%(count)s application(s) admitted.") % {"count": len(admitted)})
    if skipped:
        messages.warning(request, _("%(count)s selected application(s) were not admitted: they fail a check or are "
                                    "already decided. Decide them one by one.") % {"count": skipped})
    return redirect("manage_applications:admission", reference=reference)


@login_required
@require_POST
def start_review(request, reference):
    competition = competition_for(request, reference)
    require_manager(request, competition)
    try:
        services.competition_start_review(competition=competition, actor=request.user)
    except DomainError as error:
        return refused(request, competition, error.message, status=error.status_code)
    messages.success(request, _("Admission is closed and the expert review has started."))
    return redirect("manage:detail", reference=reference)

