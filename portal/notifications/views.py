from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import notifications_for_user
from .services import notification_mark_read


@login_required
def notification_list(request):
    page = Paginator(notifications_for_user(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_mark_all_read(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:list")
