"""The permission-matrix harness: every URL pattern of the project, every role, a declared outcome.

How it works
------------
* Every module ``tests/permissions/cases_*.py`` is imported (by glob, so a new file is picked up without
  touching this one) and must define ``CASES``: a list of :class:`tests.permissions.spec.Case`.
* ``test_every_url_pattern_has_a_case`` walks ``get_resolver().url_patterns`` recursively (includes and
  namespaces, web pages and the API under ``/api/`` alike) and fails listing each URL name that has no
  case, and each case whose name no longer exists.
* ``test_cases`` runs once per ``cases_*.py`` module: it builds the world (``tests/permissions/world.py``)
  once, then for each case and each role of ``spec.ROLES`` signs in as that world user with
  ``force_login`` (``anonymous``: nobody), sends the request (GET, or POST with ``case.data(world)``; the
  test client does not check CSRF) and checks the declared outcome. Each case runs in a savepoint
  that is rolled back afterwards and the world's objects are re-read, so every case meets the world as
  built and one world serves all cases (building it per case costs ~0.15 s each). Within a case the
  roles run in ``spec.ROLES`` order and see each other's writes. All failures of a module are reported
  together, one line each with the case label (``cases_<app>[<index>]``), URL name, role, method, URL,
  status, redirect location and, for a 5xx, the exception.

Outcomes (see ``spec.py``)
--------------------------
* never a 5xx, whatever is declared (an exception in the view is reported as such, with its type);
* ``ok``: a 2xx, or a redirect that is not to the sign-in page (a successful POST redirects);
* ``login``: a 302 to ``settings.LOGIN_URL`` for pages; 401 or 403 for ``/api/`` URLs;
* ``denied``: 403 or 404; for ``anonymous`` also the ``login`` answer above;
* ``404``, ``403``, ``400``, ``405``: exactly that status;
* ``any``: anything but a 5xx.
So a 200 is accepted only where ``ok`` (or ``any``) is declared.

What needs no case
------------------
* Named patterns whose full name starts with one of ``spec.EXEMPT_PREFIXES`` (``admin:``: Django admin
  is staff-only and guarded by Django itself).
* Unnamed patterns only when they are framework internals: anything inside the ``admin`` namespace
  (the admin's catch-all and object-id redirect views are unnamed) and the static/media file views that
  ``django.conf.urls.static.static()`` adds in DEBUG (``django.views.static.serve``). Any other unnamed
  pattern is a failure: name it (``name=...``) and declare a case, otherwise it cannot be covered.
A name shared by several patterns (e.g. DRF's format-suffix variants) is covered by a case for the name.
"""

import dataclasses
import glob
import importlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve as static_serve

from . import spec
from .world import build_world

HERE = Path(__file__).resolve().parent
INTERNAL_NAMESPACES = ("admin",)
INTERNAL_UNNAMED_VIEWS = (static_serve,)


# ---------------------------------------------------------------------------------------------- cases

def case_modules():
    """Every ``cases_*.py`` next to this file, imported as ``tests.permissions.<stem>``."""
    modules = []
    for path in sorted(glob.glob(str(HERE / "cases_*.py"))):
        modules.append(importlib.import_module(f"{__package__}.{Path(path).stem}"))
    return modules


def all_cases():
    cases = []
    for module in case_modules():
        module_cases = getattr(module, "CASES", None)
        if not isinstance(module_cases, list | tuple):
            raise AssertionError(f"{module.__name__} must define CASES = [Case(...), ...]")
        for index, case in enumerate(module_cases):
            if not isinstance(case, spec.Case):
                raise AssertionError(f"{module.__name__}.CASES[{index}] is {case!r}, not a spec.Case")
            cases.append((f"{module.__name__.rsplit('.', 1)[-1]}[{index}]", case))
    return cases


CASES = all_cases()


# -------------------------------------------------------------------------------------- URL patterns

def _callback(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(callback, "__wrapped__", None) or callback


def walk_patterns(patterns=None, namespaces=(), prefix=""):
    """Yield ``(full_name or None, route, namespaces, pattern)`` for every leaf pattern, recursively."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk_patterns(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            full_name = ":".join(namespaces + (entry.name,)) if entry.name else None
            yield full_name, route, namespaces, entry


def is_internal_unnamed(namespaces, pattern):
    if namespaces and namespaces[0] in INTERNAL_NAMESPACES:
        return True
    return pattern.callback in INTERNAL_UNNAMED_VIEWS or _callback(pattern) in INTERNAL_UNNAMED_VIEWS


def uncovered(case_names):
    """(names without a case, unnamed patterns that are not internals, case names that match nothing)."""
    missing, unnamed, seen = {}, [], set()
    for full_name, route, namespaces, pattern in walk_patterns():
        if full_name is None:
            if not is_internal_unnamed(namespaces, pattern):
                unnamed.append(f"{route!r} -> {pattern.lookup_str}")
            continue
        seen.add(full_name)
        if full_name.startswith(spec.EXEMPT_PREFIXES) or full_name in case_names:
            continue
        missing.setdefault(full_name, route)
    stale = sorted(case_names - seen)
    return missing, unnamed, stale


def test_every_url_pattern_has_a_case():
    case_names = {case.name for _label, case in CASES}
    missing, unnamed, stale = uncovered(case_names)
    problems = []
    if missing:
        problems.append("URL names without a permission case (add a Case to tests/permissions/cases_<app>.py):")
        problems += [f"  {name}  ({route})" for name, route in sorted(missing.items())]
    if unnamed:
        problems.append("Unnamed URL patterns (give them a name= and a Case):")
        problems += [f"  {line}" for line in unnamed]
    if stale:
        problems.append("Cases for URL names that do not exist:")
        problems += [f"  {name}" for name in stale]
    assert not problems, "\n".join(problems)


def test_the_walk_sees_namespaced_and_plain_names():
    names = {name for name, *_rest in walk_patterns() if name}
    assert {"home", "login", "competitions:list", "notifications:mark_read", "set_language"} <= names
    assert any(name.startswith("admin:") for name in names)


def test_uncovered_reports_a_name_without_case():
    known = {case.name for _label, case in CASES} - {"competitions:list"}
    missing, _unnamed, stale = uncovered(known | {"no_such:page"})
    assert "competitions:list" in missing
    assert stale == ["no_such:page"]


# ------------------------------------------------------------------------------------------ outcomes

LOGIN_PATH = urlsplit(resolve_url(settings.LOGIN_URL)).path
LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?(?=/)")


def is_login_redirect(response):
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    path = urlsplit(response.get("Location", "")).path
    return path == LOGIN_PATH or LANGUAGE_PREFIX.sub("", path, count=1) == LOGIN_PATH


def is_login_answer(response, *, api):
    return response.status_code in (401, 403) if api else is_login_redirect(response)


def outcome_problem(outcome, response, *, role, api):
    """None when ``response`` matches the declared ``outcome``, else a short description of what was wanted."""
    status = response.status_code
    if status >= 500:
        return "a server error is never acceptable"
    if outcome == "any":
        return None
    if outcome == "ok":
        if 200 <= status < 300:
            return None
        if 300 <= status < 400 and not is_login_redirect(response):
            return None
        return "expected ok: 2xx or a redirect that is not to the sign-in page"
    if outcome == "login":
        return None if is_login_answer(response, api=api) else (
            "expected 401/403 (API)" if api else f"expected a redirect to {LOGIN_PATH}")
    if outcome == "denied":
        if status in (403, 404):
            return None
        if role == "anonymous" and is_login_answer(response, api=api):
            return None
        return "expected denied: 403 or 404" + (" (or the sign-in answer)" if role == "anonymous" else "")
    if outcome in ("400", "403", "404", "405", "409"):
        return None if status == int(outcome) else f"expected exactly {outcome}"
    return f"unknown outcome {outcome!r} in the case (see tests/permissions/spec.py)"


def run_request(client, case, url, world):
    data = case.data(world) if case.data else {}
    method = case.method.lower()
    if method == "get":
        return client.get(url, data)
    if method == "post":
        return client.post(url, data)
    return getattr(client, method)(url, data, content_type="application/json")


def describe(label, case, role, url, response):
    location = response.get("Location", "")
    text = f"{label} {case.name} [{role}] {case.method.upper()} {url} -> {response.status_code}"
    if location:
        text += f" Location: {location}"
    if response.status_code >= 500 and getattr(response, "exc_info", None):
        exc_type, exc, _tb = response.exc_info
        text += f" raised {exc_type.__name__}: {exc}"
    if case.note:
        text += f"  ({case.note})"
    return text


def check_case(label, case, world):
    """Run ``case`` for every role against ``world``; return one failure line per role that misbehaves.

    The case runs in a savepoint that is rolled back afterwards, and the world's objects are re-read, so
    the next case meets the world as built. Within a case the roles run in ``spec.ROLES`` order and see
    each other's writes (a case may say "after the official extended it, ..." for a later role).
    """
    failures = []
    try:
        with transaction.atomic():
            try:
                url = reverse(case.name, kwargs=case.kwargs(world) or None)
            except Exception as exc:  # noqa: BLE001 - reported as the case's failure
                transaction.set_rollback(True)
                return [f"{label} {case.name}: building the URL raised {type(exc).__name__}: {exc}"]
            api = url.startswith("/api/")
            for role in spec.ROLES:
                assert role in world.users, f"world.users has no {role!r}"
                client = Client(raise_request_exception=False)
                user = world.users[role]
                if user is not None:
                    client.force_login(user)
                response = run_request(client, case, url, world)
                outcome = case.outcome_for(role)
                problem = outcome_problem(outcome, response, role=role, api=api)
                if problem:
                    failures.append(f"{describe(label, case, role, url, response)}: declared {outcome!r}, {problem}")
            transaction.set_rollback(True)
    finally:
        refresh_world(world)
    return failures


def refresh_world(world):
    """Re-read every model instance of the world (a case may have changed one in memory)."""
    values = [getattr(world, item.name) for item in dataclasses.fields(world)]
    for value in values:
        for obj in value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]:
            if isinstance(obj, Model) and obj.pk is not None:
                obj.refresh_from_db()


CASES_BY_MODULE = {}
for _label, _case in CASES:
    CASES_BY_MODULE.setdefault(_label.split("[")[0], []).append((_label, _case))


@pytest.mark.django_db
@pytest.mark.parametrize("module", sorted(CASES_BY_MODULE))
def test_cases(module):
    """All cases of one ``cases_*.py`` against one world (built once; every request is rolled back)."""
    world = build_world()
    failures = []
    for label, case in CASES_BY_MODULE[module]:
        failures += check_case(label, case, world)
    assert not failures, f"{len(failures)} permission failures in {module}:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_harness_catches_a_leak_and_a_missing_login():
    world = build_world()
    leak = spec.Case("competitions:detail", kwargs=lambda w: {"reference": w.draft_competition.reference},
                     default="ok")
    failures = check_case("self-test", leak, world)
    assert [line.split("[")[1].split("]")[0] for line in failures] == ["anonymous", "ngo", "other_ngo",
                                                                       "other_official", "expert"]
    assert all("-> 404" in line for line in failures)

    open_door = spec.Case("dashboard", default="denied", expect={"anonymous": "ok"})
    failures = check_case("self-test", open_door, world)
    assert len(failures) == len(spec.ROLES)
    assert f"Location: {LOGIN_PATH}?next=/dashboard/" in failures[0]
    assert all("-> 200" in line for line in failures[1:])


@pytest.mark.django_db
def test_a_case_leaves_the_world_as_it_found_it():
    from competitions.models import Competition

    world = build_world()
    original = world.open_competition.title_ru

    def vandalise(w):
        w.open_competition.title_ru = "changed by a case"
        w.open_competition.save(update_fields=["title_ru"])
        return {"reference": w.open_competition.reference}

    failures = check_case("self-test", spec.Case("competitions:detail", kwargs=vandalise, default="ok"), world)
    assert failures == []
    assert world.open_competition.title_ru == original
    assert Competition.objects.get(pk=world.open_competition.pk).title_ru == original

    broken = spec.Case("competitions:detail", kwargs=lambda w: {"reference": w.no_such_attribute})
    [failure] = check_case("self-test", broken, world)
    assert "building the URL raised AttributeError" in failure


def test_outcome_rules_refuse_what_they_should():
    class Response(dict):
        def __init__(self, status, location=""):
            super().__init__({"Location": location} if location else {})
            self.status_code = status

    login = Response(302, f"{LOGIN_PATH}?next=/x/")
    assert outcome_problem("ok", Response(200), role="ngo", api=False) is None
    assert outcome_problem("ok", Response(302, "/elsewhere/"), role="ngo", api=False) is None
    assert outcome_problem("ok", login, role="ngo", api=False)
    assert outcome_problem("denied", Response(200), role="ngo", api=False)
    assert outcome_problem("denied", Response(404), role="ngo", api=False) is None
    assert outcome_problem("denied", login, role="ngo", api=False)
    assert outcome_problem("denied", login, role="anonymous", api=False) is None
    assert outcome_problem("login", login, role="anonymous", api=False) is None
    assert outcome_problem("login", Response(200), role="anonymous", api=False)
    assert outcome_problem("login", Response(401), role="anonymous", api=True) is None
    assert outcome_problem("login", login, role="anonymous", api=True)
    assert outcome_problem("any", Response(500), role="ngo", api=False)
    assert outcome_problem("any", Response(400), role="ngo", api=False) is None
    assert outcome_problem("404", Response(403), role="ngo", api=False)
    assert outcome_problem("nonsense", Response(200), role="ngo", api=False)


# ---------------------------------------------------------------------------------------------- CSRF

@pytest.mark.django_db
def test_forged_post_without_csrf_token_is_refused():
    from portal.notifications.models import Notification
    from tests import factories as f

    user = f.UserFactory()
    notification = Notification.objects.create(user=user, subject="Hello")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert client.post(reverse("notifications:mark_read")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("dashboard")).status_code == 200, "the forged logout must not sign the user out"

    # The same requests with the token the pages hand out go through.
    client.get(reverse("notifications:list"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("notifications:mark_read"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None

