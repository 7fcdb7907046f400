"""Render a ranking report PDF and a submission receipt PDF on an EMPTY database, as the worker does.

The check of a production install (``.ci/run``): a fresh virtual environment with ``pip install .`` (no extras)
runs ``migrate`` and this command on a throw-away SQLite database. One ranked competition of the demo is built
through the portal's own services, then the worker's own functions render its ranking report and one receipt
(no broker needed: they are called directly). Any import the running portal needs and the install lacks fails
here. Refuses a database that already has users: it writes sample data.
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from applications.models import Application, Receipt
from applications.receipts.services import receipt_render, receipt_request
from demo.builder import BUILDERS
from demo.competitions import load_templates
from demo.context import Context
from demo.people import ensure_people
from demo.specs import SPECS
from portal.accounts.models import User
from scoring.enums import ReportStatus
from scoring.models import RankingSnapshot
from scoring.reports.services import report_render, report_request


class Command(BaseCommand):
    help = ("On an empty database: build one ranked demo competition, render its ranking report (PDF) and a "
            "submission receipt (PDF) with the worker's own code, and print their sizes and SHA-256.")

    def add_arguments(self, parser):
        parser.add_argument("--language", default="kk", choices=["kk", "ru", "en"],
                            help="the requester's language (the PDFs carry Kazakh and Russian whatever it is)")

    def handle(self, *args, language, **options):
        if User.objects.exists():
            raise CommandError("render_sample_pdfs writes sample data: run it on an empty (freshly migrated) "
                               "database only.")
        spec = next(spec for spec in SPECS if spec.state == "ranked")
        with transaction.atomic():
            ctx = Context(now=timezone.now())
            ctx.templates = load_templates()
            ensure_people(ctx)
            competition = BUILDERS[spec.state](ctx, spec)
            snapshot = RankingSnapshot.objects.filter(competition=competition).latest("number")
            report = report_request(snapshot=snapshot, format="pdf", actor=ctx.official, language=language)
            application = Application.objects.filter(competition=competition).exclude(snapshot_sha256="").first()
            receipt = receipt_request(application=application)
        report = report_render(report_id=report.pk)
        if report.status != ReportStatus.DONE:
            raise CommandError(f"the ranking report was not rendered: {report.status} {report.error}")
        receipt = receipt_render(receipt_id=receipt.pk) or Receipt.objects.get(pk=receipt.pk)
        for label, stored, sha256 in (("ranking report", report.file, report.sha256),
                                      ("receipt", receipt.file, receipt.sha256)):
            if not stored:
                raise CommandError(f"the {label} was not stored")
            content = stored.read()
            if not content.startswith(b"%PDF-") or hashlib.sha256(content).hexdigest() != sha256:
                raise CommandError(f"the stored {label} is not the PDF recorded")
            self.stdout.write(f"{label}: {len(content)} bytes, SHA-256 {sha256}")
