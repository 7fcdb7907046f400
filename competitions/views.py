from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.selectors import organizations_for_user
from portal.errors import DomainError

from .filters import CompetitionFilter
from .forms import QuestionForm
from .selectors import competitions_for_user, published_clarifications
from .services import clarification_ask


def competition_list(request):
    filterset = CompetitionFilter(request.GET or None, queryset=competitions_for_user(request.user))
    queryset = filterset.qs.prefetch_related("regions")
    page = Paginator(queryset, 10).get_page(request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.form.is_valid() else 200
    return render(request, "competitions/list.html",
                  {"filter": filterset, "form": filterset.form, "page_obj": page, "competitions": page.object_list,
                   "active_filters": sum(1 for name in filterset.form.fields
                                         if name != "sort" and request.GET.get(name, "").strip())},
                  status=status)


def competition_detail(request, reference):
    competition = get_object_or_404(
        competitions_for_user(request.user).select_related("plan_item__plan")
        .prefetch_related("regions", "required_documents", "documents"),
        reference=reference,
    )
    return render(request, "competitions/detail.html", {
        "competition": competition,
        "clarifications": published_clarifications(competition),
    })


def competition_document(request, reference, pk):
    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    document = get_object_or_404(competition.documents, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


# ------------------------------------------------------------------------------------------------
# Applicants ask questions: /competitions/<reference>/ask/
# ------------------------------------------------------------------------------------------------

def competition_ask(request, reference):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    organizations = organizations_for_user(request.user)
    if not organizations.exists():
        raise PermissionDenied(_("Only members of a registered organisation can ask questions."))
    context = {"competition": competition}
    if not competition.is_open:
        return render(request, "competitions/ask.html", {**context, "closed": True}, status=403)
    form = QuestionForm(request.POST or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                clarification_ask(competition=competition, organization=form.cleaned_data["organization"],
                                  question=form.cleaned_data["question"], actor=request.user)
            except DomainError as error:
                form.add_error("question", error.message)
            else:
                messages.success(request, _("Your question was sent. It will appear here once answered."))
                return redirect(reverse("competitions:detail", kwargs={"reference": competition.reference})
                                + "#questions")
        status = 400
    return render(request, "competitions/ask.html", {**context, "form": form}, status=status)
