from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.audit.services import verify_chain
from portal.ops.backup import RestoreRefused, restore, verify_files


class Command(BaseCommand):
    help = ("Restore a backup (make restore FROM=backups/...) into an empty database and storage, then check the "
            "audit chain and every stored file's SHA-256.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the folder a backup wrote")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(Path(source))
        except (RestoreRefused, FileNotFoundError) as exc:
            raise CommandError(f"Restore refused: {exc}")
        chain, files = verify_chain(), verify_files()
        if not chain.ok:
            raise CommandError(f"Restored, but the audit chain is BROKEN at event #{chain.bad_event_id}: "
                               f"{chain.problem}")
        if chain.head != manifest["audit"]["head"]:
            raise CommandError(f"Restored, but the audit chain head {chain.head} is not the backup's "
                               f"{manifest['audit']['head']}")
        if not files.ok:
            raise CommandError("Restored, but stored files do not match:\n" + "\n".join(files.problems))
        self.stdout.write(self.style.SUCCESS(
            f"Restored from {source}: audit chain intact ({chain.checked} events, head {chain.head}); "
            f"{files.checked} stored files match their SHA-256"))
