from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database and every stored file, with a manifest of SHA-256 sums (make backup)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="a new folder (default: backups/<UTC time>)")

    def handle(self, *args, to=None, **options):
        target = Path(to or f"backups/{timezone.now():%Y%m%dT%H%M%SZ}")
        manifest = backup(target)
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {target}: {manifest['database_file']}, {len(manifest['files'])} files, "
            f"audit chain of {manifest['audit']['events']} events (head {manifest['audit']['head']})"))
