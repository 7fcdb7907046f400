"""[2.2] 6. Pages decide with the same ``rules`` predicates as the API: ``user.has_perm`` short-circuits for an
active superuser, so an administrator could file an appeal in an NGO's name through the page while the API refused.
"""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from scoring.models import Appeal
from tests import factories as f
from tests.api.helpers import forced_client
from tests.scoring.views.results_world import make

from .helpers import ROOT

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_file_an_appeal_in_an_ngos_name_on_the_page_or_in_the_api(client, official):
    """Before: POST /applications/<id>/appeal/ as a superuser answered 302 and stored an appeal by the
    administrator. Now: 403 on the page, as in the API, and no appeal."""
    _competition, apps, ngo_user = make(official)
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.post(reverse("results:appeal_file", args=[apps[0].pk]), {"reason": "Filed by the admin"})
    assert page.status_code == 403
    api = forced_client(admin).post(f"/api/v1/applications/{apps[0].pk}/appeals/", {"reason": "x"}, format="json")
    assert api.status_code == 403
    assert not Appeal.objects.exists()
    client.force_login(ngo_user)  # the applicant itself still can
    assert client.post(reverse("results:appeal_file", args=[apps[0].pk]), {"reason": "Criterion 2"}).status_code == 302
    assert Appeal.objects.get().application_id == apps[0].pk


def test_an_administrator_sees_no_appeal_button_on_the_applicants_results_page(client, official):
    _competition, apps, _ngo = make(official)
    client.force_login(f.UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("results:application", args=[apps[0].pk]))
    assert page.status_code == 200
    assert reverse("results:appeal_file", args=[apps[0].pk]) not in page.content.decode()


def _has_perm_calls():
    """``<something>.has_perm(...)`` calls in the portal's own code (``rules.has_perm`` excepted)."""
    found = []
    for package in ("portal", "competitions", "applications", "scoring", "planning", "projects", "opendata",
                    "demo"):
        for path in sorted(Path(ROOT, package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "has_perm"
                        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "rules")):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_page_or_service_asks_user_has_perm():
    """Before: 40-odd ``request.user.has_perm(...)`` on pages and in services, each true for any superuser.
    Now: every decision asks ``rules.has_perm(perm, user, obj)``, the predicate the API asks."""
    assert _has_perm_calls() == []


def test_templates_do_not_ask_djangos_perms_wrapper():
    """``{% if perms.app.codename %}`` is ``user.has_perm`` too (true for any superuser)."""
    offenders = [str(p.relative_to(ROOT)) for p in Path(ROOT, "templates").rglob("*.html")
                 if "perms.scoring." in p.read_text() or "perms.competitions." in p.read_text()
                 or "perms.applications." in p.read_text()]
    assert offenders == []
