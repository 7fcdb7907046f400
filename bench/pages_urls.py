"""The portal's URLs and, under ``/_floor/``, the floor of each measured page (bench/pages.py only, never deployed):
a bare view answering the same rows from one indexed query, as JSON, with no template, no permission check, no
session look-up of its own (the middleware still runs, as for every page)."""

from django.http import JsonResponse
from django.urls import path

from applications.models import Application
from competitions.models import Competition
from portal.urls import handler500  # noqa: F401 - the portal's 500 view
from portal.urls import urlpatterns as portal_urlpatterns
from scoring.models import Assignment

APPLICATION = ("id", "registration_number", "title", "status", "requested_amount", "submitted_at")


def _rows(queryset, *fields):
    return JsonResponse({"results": list(queryset.values(*fields))}, json_dumps_params={"default": str})


def competitions(request):
    rows = Competition.objects.filter(status="published", regions=request.GET["region"],
                                      title_ru__icontains=request.GET["q"]).order_by("closes_at", "pk")[:10]
    return _rows(rows, "reference", "title_ru", "title_kk", "closes_at", "min_amount", "max_amount")


def competition(request, reference):
    return _rows(Competition.objects.filter(reference=reference), "reference", "title_ru", "title_kk",
                 "description_ru", "description_kk", "opens_at", "closes_at", "min_amount", "max_amount", "body_id")


def organization_applications(request, pk):
    return _rows(Application.objects.filter(organization_id=pk).order_by("-pk")[:25], "competition_id", *APPLICATION)


def competition_applications(request, pk):
    start = (int(request.GET.get("page", 1)) - 1) * 25
    rows = Application.objects.filter(competition_id=pk).order_by("submitted_at", "pk")[start:start + 25]
    return _rows(rows, "organization_id", *APPLICATION)


def expert_assignments(request, pk):
    return _rows(Assignment.objects.filter(expert_id=pk).order_by("-pk")[:100], "id", "status",
                 "application_id", "application__title")


urlpatterns = [
    path("_floor/competitions/", competitions),
    path("_floor/competitions/<str:reference>/", competition),
    path("_floor/organizations/<int:pk>/applications/", organization_applications),
    path("_floor/competitions/<int:pk>/applications/", competition_applications),
    path("_floor/experts/<int:pk>/assignments/", expert_assignments),
    *portal_urlpatterns,
]
