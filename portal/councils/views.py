"""Public council pages (list, council, document), filing by the chair or secretary, the body's answer."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import DomainError
from portal.uploads import download_response

from . import services
from .forms import AnswerForm, DocumentFileForm
from .selectors import council_members, councils_public, documents_of_council, documents_public
from .targets import UnknownSubject, resolve_subject


def council_list(request):
    page = Paginator(councils_public(), 25).get_page(request.GET.get("page"))
    return render(request, "councils/list.html", {"page_obj": page, "councils": page.object_list})


def council_detail(request, pk):
    council = get_object_or_404(councils_public(), pk=pk)
    page = Paginator(documents_of_council(council), 25).get_page(request.GET.get("page"))
    documents, today = list(page.object_list), timezone.localdate()
    for document in documents:
        document.overdue = document.is_overdue_on(today)
    return render(request, "councils/detail.html", {
        "council": council, "members": council_members(council), "page_obj": page, "documents": documents,
        "can_file": rules.has_perm("councils.file_document", request.user, council)})


def document_detail(request, pk):
    document = get_object_or_404(documents_public().select_related("answered_by"), pk=pk)
    return render(request, "councils/document.html", {
        "document": document, "overdue": document.is_overdue,
        "can_answer": rules.has_perm("councils.answer_document", request.user, document)})


def document_download(request, pk):
    document = get_object_or_404(documents_public().exclude(file=""), pk=pk)
    return download_response(document.file, filename=document.original_name, content_type=document.content_type)


def _add_problems(form, problems):
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


@login_required
def document_new(request, pk):
    council = get_object_or_404(councils_public(), pk=pk)
    if not rules.has_perm("councils.file_document", request.user, council):
        raise PermissionDenied
    form = DocumentFileForm(request.POST or None, request.FILES or None, body_id=council.body_id,
                            initial={"subject": request.GET.get("subject", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subject = resolve_subject(data["subject"], body_id=council.body_id)
            document = services.council_document_file(
                council=council, kind=data["kind"], title=data["title"], text=data["text"], subject=subject,
                upload=data["upload"], actor=request.user)
        except UnknownSubject as error:
            form.add_error("subject", str(error))
        except services.CouncilRefused as error:
            _add_problems(form, error.problems)
        else:
            messages.success(request, _("The document is filed and published; the body's officials are notified."))
            return redirect("councils:document", pk=document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "councils/document_form.html", {"council": council, "form": form}, status=status)


@login_required
def document_answer(request, pk):
    document = get_object_or_404(documents_public(), pk=pk)
    if not rules.has_perm("councils.view_answer_form", request.user, document):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.council_document_answer(document=document, text=form.cleaned_data["answer_text"],
                                                 actor=request.user)
            except services.CouncilRefused as error:
                _add_problems(form, error.problems)
            except DomainError as error:
                return render(request, "councils/answer.html", {"document": document, "refused": error.message},
                              status=error.status_code)
            else:
                messages.success(request, _("The answer is published beside the council's document."))
                return redirect("councils:document", pk=document.pk)
    return render(request, "councils/answer.html",
                  {"document": document, "form": form, "overdue": document.is_overdue}, status=status)
