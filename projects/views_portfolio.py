"""The portfolio dashboard of a government body (``/projects/portfolio/``) for its officials and observers:
reports due and overdue, tranches due, disbursed vs awarded by priority area and by region (charts with their
tables), outcome classes, projects flagged after re-published results. ``?body=<id>`` chooses among the user's
bodies, ``?year=`` keeps the projects running in that year. A fixed number of queries (``selectors_portfolio``)."""

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import charts
from portal.accounts.models import GovernmentBody
from portal.accounts.selectors import bodies_for_user, roles_for_user
from portal.formatting import format_money

from .selectors_portfolio import portfolio, portfolio_years


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _chart(rows, title):
    language = (get_language() or "kk")[:2]
    return {"svg": charts.money_pairs([(r["label"], r["awarded"], r["disbursed"]) for r in rows], title=title,
                                      language=language, labels=(_("Awarded"), _("Disbursed"))),
            "caption": title, "rows": []}


@login_required
def portfolio_page(request):
    roles = roles_for_user(request.user)
    bodies = list(GovernmentBody.objects.order_by("pk") if roles.is_admin else bodies_for_user(request.user))
    if not bodies:
        raise PermissionDenied
    chosen = _int(request.GET.get("body"))
    body = next((b for b in bodies if b.pk == chosen), None) if chosen is not None else bodies[0]
    if body is None:
        raise Http404
    if not rules.has_perm("projects.view_portfolio", request.user, body):
        raise PermissionDenied
    years = portfolio_years(body)
    year = _int(request.GET.get("year"))
    year = year if year in years else None
    data = portfolio(body, year=year)
    language = (get_language() or "kk")[:2]
    for rows in (data["by_area"], data["by_region"]):
        for row in rows:
            row["awarded_text"] = format_money(row["awarded"], language=language)
            row["disbursed_text"] = format_money(row["disbursed"], language=language)
    return render(request, "projects/portfolio.html", {
        "body": body, "bodies": bodies, "years": years, "data": data, "year": year,
        "area_chart": _chart(data["by_area"], _("Disbursed vs awarded by priority area")),
        "region_chart": _chart(data["by_region"], _("Disbursed vs awarded by region")),
        "outcome_chart": {"svg": charts.count_bars(data["outcomes"], title=_("Outcome classes")),
                          "caption": _("Outcome classes"), "rows": data["outcomes"],
                          "headers": (_("Outcome class"), _("Projects"))},
    })
