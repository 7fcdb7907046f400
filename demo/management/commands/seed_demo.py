from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builder import build_demo
from demo.people import DEMO_PASSWORD
from opendata.services import opendata_regenerate
from portal.audit.services import audit_seal, head_publish


class Command(BaseCommand):
    help = ("Load the living demo (a government body, officials, NGOs, experts and competitions in every state), "
            "built through the portal's own services. Idempotent: running it again changes nothing. Refuses to run "
            "in production.")

    def handle(self, *args, **options):
        if getattr(settings, "DJANGO_ENV", "") == "production":
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production: demo accounts share a public "
                               "password.")
        try:
            result = build_demo()
        except LookupError as missing:
            raise CommandError(str(missing)) from missing
        # The open-data files once, so /open-data/ has files right after `make run` (publications in the demo
        # queued regenerations through the outbox too; whichever runs later finds the content already stored).
        opendata_regenerate()
        # The demo's events are sealed and today's head published, so /audit/heads/ is not empty.
        audit_seal()
        head_publish()
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo competitions created: {', '.join(result.created)}"))
        if result.existing:
            self.stdout.write(f"Already present, left unchanged: {', '.join(result.existing)}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _role in result.logins)
        for email, role in result.logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
