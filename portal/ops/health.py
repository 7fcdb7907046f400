"""``/healthz``: the process answers. ``/readyz``: it can serve: database reachable, migrations applied, broker
reachable, media storage writable. 503 names each failing component, so a load balancer takes the process out of
rotation and a person sees why."""

import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger("portal.ops")
_migrations_done = False  # once applied they stay applied for the life of this process's code


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_migrations():
    global _migrations_done
    if _migrations_done:
        return
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied")
    _migrations_done = True


def check_broker():
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2,
                    transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_media():
    name = default_storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS = {"database": check_database, "migrations": check_migrations, "broker": check_broker, "media": check_media}
NEEDS_DATABASE = {"migrations"}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "database unavailable"}
            continue
        began = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure of a component is what the probe reports
            # The answer names the component and the kind of error; the details (hosts, ports) go to the log.
            results[name] = {"ok": False, "error": type(exc).__name__}
            logger.warning("readiness check failed", extra={"check": name, "error": repr(exc)[:300]})
            if name == "database":
                connection.close_if_unusable_or_obsolete()
        else:
            results[name] = {"ok": True, "ms": round((time.perf_counter() - began) * 1000, 1)}
    return results


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results = run_checks()
    failing = [name for name, result in results.items() if not result["ok"]]
    if failing:
        logger.warning("readiness failed", extra={"failing": failing})
    response = JsonResponse({"status": "unavailable" if failing else "ok", "failing": failing, "checks": results},
                            status=503 if failing else 200)
    if failing:
        response["Retry-After"] = "5"
    return response
