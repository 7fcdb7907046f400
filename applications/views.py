"""The applicant's pages: start, sections, documents, check answers and submit, receipt, withdraw.

Views are thin: a selector finds the application (404 for anyone who may not see it), a rule decides whether
the user may act (403), a service writes, and every domain error becomes a 4xx page that keeps what was typed.
"""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from competitions.selectors import competitions_for_user
from portal.accounts.selectors import organizations_for_user, roles_for_user
from portal.errors import DomainError, StaleVersionError
from portal.signatures.enums import SignatureKind
from portal.signatures.forms import CMS_MAX_LENGTH, SignatureForm
from portal.signatures.selectors import signatures_of, valid_signature
from portal.signatures.services import signing_required

from . import services
from .availability import competition_cancelled, start_choice, withdraw_refusal
from .enums import ApplicationStatus
from .errors import NotEligible, SubmissionRefused, UploadRefused
from .forms import AttachmentForm, WithdrawForm, section_forms, section_payload
from .receipts.selectors import receipt_of
from .receipts.services import receipt_request
from .sections import NOT_STARTED, SECTIONS, SECTIONS_BY_KEY, STATE_LABELS, next_section, section_states
from .selectors import (
    application_timeline,
    application_with_content,
    applications_for_user,
    existing_applications,
    row_counts,
)
from .validators import budget_totals, submission_problems


def _visible(request, pk, *, content=False):
    queryset = applications_for_user(request.user)
    if content:
        try:
            return application_with_content(queryset, pk)
        except queryset.model.DoesNotExist:
            raise Http404 from None
    return get_object_or_404(queryset, pk=pk)


def _may(request, perm, application):
    """The rule itself, without Django's "a superuser has every permission" shortcut: an administrator sees every
    application but never writes, submits or withdraws one in an organisation's name."""
    return rules.has_perm(perm, request.user, application)


def _require(request, perm, application):
    if not _may(request, perm, application):
        raise PermissionDenied


def _wants_json(request):
    return request.headers.get("X-Autosave") == "1" or "application/json" in request.headers.get("Accept", "")


def _progress(application, now=None):
    problems = submission_problems(application, now=now)
    return problems, section_states(application, problems, row_counts(application))


def _budget_summary(application, lines=None):
    lines = list(application.budget_lines.all()) if lines is None else lines
    total, administrative, direct = budget_totals(lines)
    years = application.competition.project_years or []
    by_year = {int(y): 0 for y in years} if len(years) > 1 else {}
    for line in lines:
        if line.year:
            by_year[line.year] = by_year.get(line.year, 0) + line.amount
    return {"total": total, "administrative": administrative, "direct": direct,
            "by_year": sorted(by_year.items()), "min": application.competition.min_amount,
            "max": application.competition.max_amount}


# --- start ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, reference):
    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    organizations = list(organizations_for_user(request.user))
    existing = list(existing_applications(request.user, competition))
    choices = [start_choice(org, competition, existing) for org in organizations]
    context = {"competition": competition, "choices": choices, "is_open": competition.is_open}
    if request.method == "GET":
        return render(request, "applications/start.html", context)
    try:
        org_id = int(request.POST.get("organization", ""))
    except ValueError:
        org_id = organizations[0].pk if len(organizations) == 1 else None
    organization = next((o for o in organizations if o.pk == org_id), None)
    if organization is None:
        context["error"] = _("Choose the organisation you apply for.")
        return render(request, "applications/start.html", context, status=400)
    try:
        application = services.application_start(competition=competition, organization=organization,
                                                 actor=request.user)
    except NotEligible as refused:
        context.update(error=refused.message, refused_problems=refused.problems, chosen=organization)
        return render(request, "applications/start.html", context, status=400)
    except DomainError as error:
        context["error"] = error.message
        return render(request, "applications/start.html", context, status=error.status_code)
    messages.success(request, _("Your draft application is created. Fill in the sections in any order; "
                                "your work is saved as a draft."))
    return redirect("applications:section", pk=application.pk, section=SECTIONS[0].key)


# --- overview -----------------------------------------------------------------------------------------------------


@login_required
def application_detail(request, pk):
    application = _visible(request, pk, content=True)
    is_member = application.organization_id in _member_org_ids(request)
    can_edit = _may(request, "applications.change_application", application)
    context = {
        "application": application,
        "timeline": application_timeline(application),
        "can_edit": can_edit,
        "cancelled": competition_cancelled(application.competition),
        **_withdraw_offer(request, application),
        "can_see_receipt": _may(request, "applications.view_receipt", application),
        "is_member": is_member,
        "budget": _budget_summary(application),
    }
    if can_edit:
        context["problems"], context["states"] = _progress(application)
        context["state_labels"] = STATE_LABELS
    return render(request, "applications/detail.html", context)


def _withdraw_offer(request, application):
    """The Withdraw button when the service will accept it; else, for a submitted application, the reason."""
    if not _may(request, "applications.withdraw_application", application):
        return {"can_withdraw": False}
    refusal = withdraw_refusal(application)
    return {"can_withdraw": refusal is None, "withdraw_refusal": refusal}


def _member_org_ids(request):
    return roles_for_user(request.user).organization_ids


# --- sections -----------------------------------------------------------------------------------------------------


def _section_context(application, section, form, formset, **extra):
    problems, states = _progress(application)
    return {
        "application": application, "section": section, "form": form, "formset": formset, "states": states,
        "state_labels": STATE_LABELS, "next_section": next_section(section.key),
        # What the section still needs, once the applicant has started it (no nagging on an empty page).
        "section_problems": [p for p in problems if p.section == section.key
                             and any(s.key == section.key and state != NOT_STARTED for s, state, _own in states)],
        "budget": _budget_summary(application) if section.key == "budget" else None,
        "years": sorted(application.competition.project_years or []) if section.key == "budget" else [],
        **extra,
    }


def _form_errors_json(form, formset):
    errors = {}
    for name, field_errors in form.errors.items():
        errors[form[name].auto_id if name in form.fields else "__all__"] = [str(e) for e in field_errors]
    if formset is not None:
        for row in formset.forms:
            for name, field_errors in row.errors.items():
                key = row[name].auto_id if name in row.fields else row.prefix
                errors[key] = [str(e) for e in field_errors]
        for error in formset.non_form_errors():
            errors.setdefault("__all__", []).append(str(error))
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def application_section(request, pk, section):
    if section not in SECTIONS_BY_KEY or SECTIONS_BY_KEY[section].is_documents:
        raise Http404
    section = SECTIONS_BY_KEY[section]
    application = _visible(request, pk, content=True)
    _require(request, "applications.change_application", application)
    if request.method == "GET":
        form, formset = section_forms(section.key, application, more_rows=bool(request.GET.get("more")))
        return render(request, "applications/section.html", _section_context(application, section, form, formset))

    form, formset = section_forms(section.key, application, data=request.POST)
    valid = form.is_valid() & (formset is None or formset.is_valid())
    if not valid:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": _form_errors_json(form, formset),
                                 "message": _("Not saved: correct the fields marked in red.")}, status=400)
        return render(request, "applications/section.html",
                      _section_context(application, section, form, formset), status=400)
    try:
        saved = services.application_save_section(
            application=application, section=section.key, data=section_payload(section.key, form, formset),
            version=form.cleaned_data["version"], actor=request.user)
    except StaleVersionError as stale:
        current = getattr(stale, "current_version", application.version)
        if _wants_json(request):
            return JsonResponse({"ok": False, "stale": True, "message": str(stale.message),
                                 "current_version": current}, status=409)
        data = request.POST.copy()
        data["version"] = str(current)  # saving again after review overwrites deliberately
        form, formset = section_forms(section.key, application, data=data)
        form.is_valid(), formset is not None and formset.is_valid()
        fresh = _visible(request, pk, content=True)
        return render(request, "applications/section.html",
                      _section_context(fresh, section, form, formset, stale_message=stale.message), status=409)
    except DomainError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": str(error.message)}, status=error.status_code)
        raise PermissionDenied(str(error.message)) from None
    saved_at = timezone.localtime(saved.updated_at)
    if _wants_json(request):
        return JsonResponse({"ok": True, "version": saved.version, "saved_at": date_format(saved_at, "H:i"),
                             "requested_amount": str(saved.requested_amount),
                             "message": _("Saved at %(time)s") % {"time": date_format(saved_at, "H:i")}})
    following = next_section(section.key)
    if "continue" in request.POST:
        messages.success(request, _("Saved at %(time)s.") % {"time": date_format(saved_at, "H:i")})
        if following is None:
            return redirect("applications:check", pk=application.pk)
        return redirect(_section_url(application, following))
    if "add_rows" in request.POST:
        return redirect(reverse("applications:section", kwargs={"pk": application.pk, "section": section.key})
                        + "?more=1#rows-end")
    messages.success(request, _("Saved as a draft at %(time)s.") % {"time": date_format(saved_at, "H:i")})
    return redirect("applications:section", pk=application.pk, section=section.key)


def _section_url(application, section):
    if section.is_documents:
        return reverse("applications:documents", kwargs={"pk": application.pk})
    return reverse("applications:section", kwargs={"pk": application.pk, "section": section.key})


# --- documents ----------------------------------------------------------------------------------------------------


def _documents_context(application, *, forms=None, other_form=None, **extra):
    section = SECTIONS_BY_KEY["documents"]
    problems, states = _progress(application)
    required = list(application.competition.required_documents.all())
    attachments = list(application.attachments.all())
    forms = forms or {}
    rows = []
    required_types = set()
    for doc in required:
        required_types.add(doc.document_type)
        rows.append({
            "doc": doc,
            "attachments": [a for a in attachments if a.document_type == doc.document_type],
            "form": forms.get(doc.document_type) or AttachmentForm(prefix=doc.document_type,
                                                                   initial={"document_type": doc.document_type}),
        })
    others = [a for a in attachments if a.document_type not in required_types]
    return {
        "application": application, "section": section, "states": states, "state_labels": STATE_LABELS,
        "rows": rows, "others": others, "other_form": other_form or AttachmentForm(prefix="other",
                                                                                   initial={"document_type": "other"}),
        "section_problems": [p for p in problems if p.section == "documents"],
        "used_bytes": sum(a.size for a in attachments), "max_file_bytes": settings.UPLOAD_MAX_FILE_BYTES,
        "max_application_bytes": settings.UPLOAD_MAX_APPLICATION_BYTES, "next_section": None, **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_documents(request, pk):
    application = _visible(request, pk, content=True)
    _require(request, "applications.change_application", application)
    if request.method == "GET":
        return render(request, "applications/documents.html", _documents_context(application))
    prefix = request.POST.get("prefix", "other")
    required_types = {d.document_type for d in application.competition.required_documents.all()}
    if prefix != "other" and prefix not in required_types:
        prefix = "other"
    form = AttachmentForm(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            attachment = services.attachment_add(application=application,
                                                 document_type=form.cleaned_data["document_type"],
                                                 uploaded=form.cleaned_data["file"], actor=request.user)
        except UploadRefused as refused:
            form.add_error("file", refused.message)
        except DomainError as error:
            if error.status_code == 403:
                raise PermissionDenied(str(error.message)) from None
            form.add_error("document_type", error.message)
        else:
            messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
            return redirect("applications:documents", pk=application.pk)
    fresh = _visible(request, pk, content=True)
    forms = {prefix: form} if prefix != "other" else {}
    return render(request, "applications/documents.html",
                  _documents_context(fresh, forms=forms, other_form=form if prefix == "other" else None,
                                     failed_form=form), status=400)


@login_required
def attachment_download(request, pk, attachment_pk):
    application = _visible(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = _visible(request, pk)
    attachment = get_object_or_404(application.attachments.select_related("application"), pk=attachment_pk)
    _require(request, "applications.change_application", application)
    try:
        services.attachment_delete(attachment=attachment, actor=request.user)
    except DomainError as error:
        raise PermissionDenied(str(error.message)) from None
    messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
    return redirect("applications:documents", pk=application.pk)


# --- check and submit ---------------------------------------------------------------------------------------------


LATE_CODES = {"deadline_passed", "correction_deadline_passed", "not_open"}


def _sign_context(application, pasted=""):
    """The EDS panel of the check page: the content hash to sign and whether it is signed already."""
    sha256 = services.application_content_sha256(application)
    return {"sha256": sha256, "required": signing_required(SignatureKind.APPLICATION), "pasted": pasted,
            "expected_bin": application.organization.bin,
            "signed": valid_signature(application, kind=SignatureKind.APPLICATION, document_sha256=sha256)}


def _check_context(application, problems, *, pasted="", **extra):
    _problems, states = _progress(application)
    return {"application": application, "problems": problems, "states": states, "state_labels": STATE_LABELS,
            "sign": _sign_context(application, pasted),
            # signing is offered once nothing but the signature stands in the way (a fix changes the hash)
            "sign_ready": all(p.field == "signature" for p in problems),
            "budget": _budget_summary(application), "sections": SECTIONS,
            "general_problems": [p for p in problems if not p.section],
            "too_late": any(p.code in LATE_CODES for p in problems), **extra}


@login_required
def application_check(request, pk):
    application = _visible(request, pk, content=True)
    _require(request, "applications.change_application", application)
    return render(request, "applications/check.html",
                  _check_context(application, submission_problems(application)))


@login_required
@require_POST
def application_submit(request, pk):
    application = _visible(request, pk, content=True)
    if application.status == ApplicationStatus.SUBMITTED and application.organization_id in _member_org_ids(request):
        return redirect("applications:receipt", pk=application.pk)  # a double click lands on the receipt
    _require(request, "applications.submit_application", application)
    signed = SignatureForm(request.POST)
    try:
        submitted = services.application_submit(application=application, actor=request.user,
                                                signature=signed.signature())
    except SubmissionRefused as refused:
        fresh = _visible(request, pk, content=True)
        return render(request, "applications/check.html",
                      _check_context(fresh, refused.problems, refused=True,
                                     pasted=signed.data.get("cms", "")[:CMS_MAX_LENGTH]), status=400)
    except DomainError as error:
        fresh = _visible(request, pk, content=True)
        return render(request, "applications/check.html",
                      _check_context(fresh, [], error=error.message), status=error.status_code)
    messages.success(request, _("Your application is submitted. Registration number: %(number)s.")
                     % {"number": submitted.registration_number})
    return redirect("applications:receipt", pk=submitted.pk)


# --- receipt ------------------------------------------------------------------------------------------------------


def _receipt_application(request, pk):
    application = _visible(request, pk)
    if not _may(request, "applications.view_receipt", application):
        raise Http404
    return application


def _receipt_file(request, application):
    return receipt_of(application, language=request.LANGUAGE_CODE)


@login_required
def application_receipt(request, pk):
    application = _receipt_application(request, pk)
    return render(request, "applications/receipt.html",
                  {"application": application, "snapshot": application.snapshot or {},
                   "receipt": _receipt_file(request, application),
                   "signature": signatures_of(application, kind=SignatureKind.APPLICATION).first()})


@login_required
def application_receipt_pdf(request, pk):
    """The stored receipt, as the worker rendered it; until it exists, the page that says it is being prepared."""
    application = _receipt_application(request, pk)
    receipt = _receipt_file(request, application)
    if receipt is None or not receipt.file:
        return redirect("applications:receipt", pk=application.pk)
    response = FileResponse(receipt.file.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=f"receipt-{application.registration_number}.pdf")
    response["X-Content-SHA256"] = receipt.sha256
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def application_receipt_prepare(request, pk):
    """Ask the worker for the receipt of a submission that has none (made before receipts were stored)."""
    application = _receipt_application(request, pk)
    receipt_request(application=application)
    return redirect("applications:receipt", pk=application.pk)


# --- withdraw -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    application = _visible(request, pk)
    _require(request, "applications.withdraw_application", application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user,
                                          reason=form.cleaned_data["reason"])
        except DomainError as error:
            return render(request, "applications/withdraw.html",
                          {"application": application, "form": form, "error": error.message}, status=400)
        messages.success(request, _("Application %(number)s is withdrawn.")
                         % {"number": application.registration_number})
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/withdraw.html", {"application": application, "form": form},
                  status=400 if request.method == "POST" else 200)
