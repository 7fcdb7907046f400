"""Operations: /healthz, /readyz, /metrics, the request id, JSON logs, and the 503 answer when the database is gone."""

import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from portal.ops import celery_signals, health
from portal.ops.logs import JsonFormatter, RequestIdFilter
from portal.ops.request_id import reset_request_id, set_request_id
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_checks_every_component(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok" and body["failing"] == []
    assert sorted(body["checks"]) == ["broker", "database", "media", "migrations"]


def test_readyz_names_the_database_when_it_is_down(client):
    with mock.patch.object(health, "_migrations_done", False), \
            mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("connection refused")):
        response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert body["failing"] == ["database", "migrations"]
    assert body["checks"]["database"]["error"] == "OperationalError"  # details go to the log only


def test_readyz_names_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["broker"]


def test_readyz_names_unapplied_migrations(client):
    with mock.patch.object(health, "_migrations_done", False), \
            mock.patch("django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[("m", False)]):
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["migrations"]


def test_metrics_are_refused_to_other_addresses_without_the_token(client, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.1.0.0/16"]
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.5").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.5", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.1.3.4").status_code == 200
    response = client.get("/metrics", REMOTE_ADDR="10.2.0.5", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    settings.METRICS_ALLOWED_IPS, settings.METRICS_TOKEN = [], ""
    assert client.get("/metrics").status_code == 403  # production default: closed


def test_metrics_expose_latency_tasks_outbox_queue_and_audit(client):
    from portal.notifications.services import notify

    notify(users=[f.UserFactory()], subject="Received")
    client.get("/competitions/")
    text = client.get("/metrics").content.decode()
    assert 'portal_http_request_duration_seconds_count{method="GET",status="2xx",view="competitions:list"}' in text
    assert 'portal_outbox_messages{status="pending"} 1.0' in text
    assert "portal_outbox_oldest_pending_age_seconds" in text
    assert "portal_broker_up 1.0" in text and 'portal_celery_queue_length{queue="celery"}' in text
    assert "portal_audit_oldest_unsealed_age_seconds 0.0" in text
    assert "portal_celery_task_duration_seconds" in text and "portal_celery_task_failures_total" in text


def test_metrics_still_answer_while_the_database_is_down(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("down")):
        response = client.get("/metrics")
    text = response.content.decode()
    assert response.status_code == 200 and "portal_database_up 0.0" in text and "portal_broker_up 1.0" in text


def test_sentry_starts_only_when_a_dsn_is_set():
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    on = subprocess.run([sys.executable, "-c", code], env={**env, "SENTRY_DSN": "http://key@127.0.0.1:9/1"},
                        capture_output=True, text=True, check=True)
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True")


def test_request_id_is_taken_when_valid_made_up_otherwise_and_returned(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-12345678").headers["X-Request-ID"] == "abc-12345678"
    made_up = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>").headers["X-Request-ID"]
    assert len(made_up) == 32 and made_up.isalnum()
    assert client.get("/healthz").headers["X-Request-ID"] != made_up


def test_the_request_id_rides_in_celery_message_headers_and_back_into_the_task():
    token = set_request_id("req-abcdefgh")
    try:
        headers = {}
        celery_signals._add_request_id(headers=headers)
    finally:
        reset_request_id(token)
    assert headers == {"portal_request_id": "req-abcdefgh"}
    task = mock.Mock()
    task.request.portal_request_id = "req-abcdefgh"
    celery_signals._task_started(task_id="t1", task=task)
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "working", (), None)
        RequestIdFilter().filter(record)
        assert record.request_id == "req-abcdefgh"
    finally:
        celery_signals._task_finished(task_id="t1", task=task, state="SUCCESS")


def test_json_log_lines_carry_the_request_id_and_extras():
    record = logging.LogRecord("portal.outbox", logging.WARNING, __file__, 1, "outbox.kick_failed %s", ("x",), None)
    record.error = "refused"
    token = set_request_id("req-00000001")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "request_id", "error")} == {
        "level": "WARNING", "logger": "portal.outbox", "message": "outbox.kick_failed x", "request_id": "req-00000001",
        "error": "refused"}


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "The service is temporarily unavailable"),
    ("ru", "Сервис временно недоступен"),
    ("kk", "Қызмет уақытша қолжетімсіз"),
])
def test_a_lost_database_gives_a_translated_503_page_not_a_500(client, language, heading):
    client.cookies["django_language"] = language
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("server closed the connection")):
        response = client.get("/competitions/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert heading in response.content.decode() and "Traceback" not in response.content.decode()


def test_a_lost_database_gives_json_503_on_the_api(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("server closed the connection")):
        response = client.get("/api/v1/regions/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert response.json()["code"] == "service_unavailable"


def test_a_database_error_outside_a_view_is_a_503_too(rf):
    """handler500 (reached when a middleware, e.g. saving the session, fails) answers 503 for database errors."""
    from portal import urls
    from portal.ops.unavailable import server_error

    assert urls.handler500 == "portal.ops.unavailable.server_error"
    try:
        raise OperationalError("the connection was closed")
    except OperationalError:
        response = server_error(rf.get("/competitions/"))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/competitions/"))
    assert response.status_code == 500
