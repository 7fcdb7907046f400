"""Start the whole portal on one machine: the web server and a real Celery worker with embedded beat.

Used by ``make run``. ``manage.py`` starts this command (and ``seed_demo``) with ``DJANGO_ENV=development``
unless the environment says otherwise; the web server and the worker inherit it. On the embedded default the
broker is kombu's filesystem transport, so no server is needed; with ``CELERY_BROKER_URL`` set the same command
talks to Redis.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

DEMO_LOGINS = [
    ("official@example.kz", "official of the akimat department (creates and runs competitions)"),
    ("observer@example.kz", "public-council observer (read-only)"),
    ("ngo1@example.kz", "NGO representative"),
    ("ngo2@example.kz", "NGO representative"),
    ("ngo3@example.kz", "NGO representative"),
    ("expert1@example.kz", "expert (expert2 … expert5 too)"),
    ("admin@example.kz", "administrator (/admin/)"),
]
DEMO_PASSWORD = "demo-portal-2026"


class Command(BaseCommand):
    help = "Run the web server and a Celery worker (with beat) together; Ctrl+C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the Celery worker.")

    def handle(self, *args, host, port, no_worker, **options):
        processes = []
        if not no_worker:
            worker = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--beat", "--loglevel", "INFO",
                      "--pool", "solo", "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME]
            processes.append(subprocess.Popen(worker))
        web = [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"]
        processes.append(subprocess.Popen(web))
        time.sleep(5)  # let the worker print its own start-up banner first, so ours stays visible below it
        self.print_banner(host, port, worker_started=not no_worker)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def print_banner(self, host, port, *, worker_started):
        line = "=" * 72
        self.stdout.write(self.style.SUCCESS(f"\n{line}\n  Grants portal is running at http://{host}:{port}/\n{line}"))
        broker = settings.CELERY_BROKER_URL
        self.stdout.write(f"  Celery worker + beat: {'running' if worker_started else 'not started'} (broker {broker})")
        roles = ", ".join(settings.MFA_REQUIRED_ROLES) or "nobody (MFA_REQUIRED_ROLES is empty)"
        self.stdout.write(f"  Second factor required for: {roles}")
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"    {email:<22} {role}")
        self.stdout.write("  E-mails are printed to this console. Press Ctrl+C to stop.\n")
