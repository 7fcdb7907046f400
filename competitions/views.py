from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import CompetitionFilter
from .selectors import competitions_for_user, published_clarifications


def competition_list(request):
    filterset = CompetitionFilter(request.GET or None, queryset=competitions_for_user(request.user))
    queryset = filterset.qs.prefetch_related("regions")
    page = Paginator(queryset, 10).get_page(request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.form.is_valid() else 200
    return render(request, "competitions/list.html",
                  {"filter": filterset, "form": filterset.form, "page_obj": page, "competitions": page.object_list},
                  status=status)


def competition_detail(request, reference):
    competition = get_object_or_404(
        competitions_for_user(request.user).prefetch_related("regions", "required_documents", "documents"),
        reference=reference,
    )
    return render(request, "competitions/detail.html", {
        "competition": competition,
        "clarifications": published_clarifications(competition),
    })


def competition_document(request, reference, pk):
    from django.http import FileResponse

    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    document = get_object_or_404(competition.documents, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)
