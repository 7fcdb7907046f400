"""The public list of published chain heads: a page and two downloads anyone may keep (no sign-in)."""

from datetime import UTC

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import headlist
from .selectors import chain_head, published_heads, unsealed_count

DOWNLOADS = {"json": (headlist.as_json, "application/json"), "txt": (headlist.as_text, "text/plain")}


@require_GET
def heads(request):
    page = Paginator(published_heads(), 100).get_page(request.GET.get("page"))
    return render(request, "audit/heads.html", {
        "page_obj": page, "heads": page.object_list, "current": chain_head(), "pending": unsealed_count()})


@require_GET
def heads_download(request, fmt):
    render_list, content_type = DOWNLOADS[fmt]
    rows = [{**row, "published_at": row["published_at"].astimezone(UTC).isoformat(timespec="seconds")}
            for row in published_heads().order_by("seq").values("seq", "hash", "published_at")]
    body = render_list(rows, generated_at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
                       site=settings.SITE_URL)
    response = HttpResponse(body.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-heads.{fmt}"'
    return response
