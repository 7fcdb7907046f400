from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.accounts.selectors import roles_for_user

from .dashboard import panels_for


def home(request):
    return redirect("competitions:list")


@login_required
def dashboard(request):
    roles = roles_for_user(request.user)
    return render(request, "portal/dashboard.html", {"roles": roles, "panels": list(panels_for(request, roles))})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
