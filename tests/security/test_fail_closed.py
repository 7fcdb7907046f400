"""[2.2] 4. Fail-closed defaults: no environment means production (DEBUG off, a real SECRET_KEY required), no
fallback secret in docker-compose, and a strict Content-Security-Policy on every page (Swagger UI included)."""

import re
import subprocess
import sys

import pytest
from django.test import Client

from tests import factories as f

from .helpers import ROOT, STRONG_KEY, production, settings_in

PAGES = ["/", "/competitions/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
         "/api/docs/", "/dashboard/", "/accounts/profile/", "/accounts/confirm/resend/"]
# Rendered by WeasyPrint into PDFs (never served as HTML) or sent as e-mail text: CSP does not apply.
NOT_PAGES = ("reports/", "_pdf.html", "_pdf_half.html", "pdf/", ".txt")  # PDFs are not served as pages


def test_with_no_environment_the_portal_refuses_to_start_without_a_secret_key():
    """Before: with nothing set the portal ran with DEBUG on and a published development key. Now: DJANGO_ENV unset
    means production, which refuses to start without SECRET_KEY."""
    code, error = settings_in({})
    assert code != 0
    assert "SECRET_KEY must be set" in error


@pytest.mark.parametrize("key", [
    "dev-only-insecure-key-do-not-use-in-production-0123456789",  # the development default
    "change-me-to-a-long-random-string-before-any-real-use",  # docker-compose's former fallback
    "django-insecure-" + "x" * 50,
    "short-but-random-4f7b",
])
def test_production_refuses_a_known_or_weak_secret_key(key):
    """Before: DJANGO_ENV=production accepted any SECRET_KEY, even the published ones. Now: refused."""
    code, error = settings_in(production(SECRET_KEY=key))
    assert code != 0 and "SECRET_KEY must be set" in error


def test_with_a_real_key_and_no_environment_debug_is_off():
    """Before: DEBUG defaulted to True. Now: with only SECRET_KEY and ALLOWED_HOSTS given, DEBUG is False."""
    code, values = settings_in({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "grants.example.kz"})
    assert code == 0, values
    assert values["DEBUG"] is False


def test_make_run_and_run_portal_choose_development_explicitly():
    """`make run` exports DJANGO_ENV=development; manage.py run_portal and seed_demo set it when it is unset."""
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^export DJANGO_ENV \?= development$", makefile, re.M)
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "manage.py", "run_portal", "--help"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_docker_compose_has_no_fallback_secret():
    """Before: SECRET_KEY: ${SECRET_KEY:-change-me-...}. Now: ${SECRET_KEY:?...}: compose refuses to start without."""
    compose = (ROOT / "docker-compose.yml").read_text()
    values = re.findall(r"^\s*SECRET_KEY:\s*(\S.*)$", compose, re.M)
    assert values and all(value.startswith("${SECRET_KEY:?") for value in values)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(path):
    """Before: no Content-Security-Policy header. Now: script-src 'self', object-src 'none', frame-ancestors 'none'
    (and no 'unsafe-inline') on every page, signed in or not."""
    client = Client()
    if path in ("/dashboard/", "/accounts/profile/"):
        client.force_login(f.MembershipFactory().user)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_script_from_a_file():
    """Before: /api/docs/ started Swagger UI with an inline <script>, which script-src 'self' blocks. Now every
    script of the page has a src on the portal itself (drf-spectacular's split view)."""
    html = Client().get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributes, body in scripts:
        assert 'src="/' in attributes and not body.strip()


def test_no_template_has_inline_script_style_or_event_handlers():
    """Before: inline style attributes (the 500 page, the assignment histogram) that style-src 'self' blocks. Now:
    no page template has an inline <script>, <style>, style="" or on*="" attribute."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = str(path.relative_to(ROOT / "templates"))
        if any(marker in name for marker in NOT_PAGES):
            continue
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{name}: {pattern}")
    assert offenders == []


def test_production_settings_pass_the_deploy_check():
    """`manage.py check --deploy --fail-level WARNING` with production settings, as CI runs it."""
    env = {"PATH": "/usr/bin:/bin", **production(CELERY_BROKER_URL="redis://127.0.0.1:6379/3")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
