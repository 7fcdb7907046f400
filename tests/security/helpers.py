"""Shared steps of the security tests. New models are looked up by name so that, on code without them, each test
fails on its own assertion instead of the whole module failing to import."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k9-" + "Zq7fPw2xLr8Nv4Ts6Yb1Hm3Jc5Gd0Ke" * 3


def api_token(email, password=f.PASSWORD, **extra):
    return APIClient().post("/api/v1/auth/token/", {"email": email, "password": password, **extra}, format="json")


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def model(label):
    return apps.get_model(label)


def login_post(client, email, password=f.PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def settings_in(environment, code="", *, expect_ok=True):
    """Start Django in a fresh interpreter with exactly ``environment`` (plus PATH) and print chosen settings.

    Returns ``(returncode, values or stderr)``.
    """
    program = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'DEBUG': s.DEBUG, 'CACHE': s.CACHES['default']['BACKEND'],"
        " 'MFA': getattr(s, 'MFA_REQUIRED_ROLES', None), 'PROXIES': s.REST_FRAMEWORK.get('NUM_PROXIES'),"
        " 'CSP': bool(getattr(s, 'CONTENT_SECURITY_POLICY', None))}))" + code
    )
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "portal.settings", **environment}
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        return result.returncode, result.stderr
    return 0, json.loads(result.stdout.strip().splitlines()[-1])


def production(**overrides):
    return {"DJANGO_ENV": "production", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "grants.example.kz",
            "AUDIT_HMAC_KEY": "audit-" + STRONG_KEY[::-1], **overrides}
