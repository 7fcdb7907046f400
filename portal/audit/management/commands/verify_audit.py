from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.audit.headlist import HeadListError, parse
from portal.audit.services import verify_chain


class Command(BaseCommand):
    help = ("Seal waiting audit events, then verify the whole chain: links, hashes, HMACs, the recorded head "
            "and the published heads. Exits non-zero and names the failed check and the event.")

    def add_arguments(self, parser):
        parser.add_argument("--heads", type=Path, action="append", default=[], metavar="FILE",
                            help="A head list downloaded from /audit/heads/ (JSON or text) and kept elsewhere; "
                                 "may be given several times.")
        parser.add_argument("--no-seal", action="store_true", help="Verify what is sealed; seal nothing.")

    def handle(self, *args, heads, no_seal, **options):
        kept = []
        for path in heads:
            try:
                kept += parse(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, HeadListError) as error:
                raise CommandError(f"{path}: {error}") from error
        result = verify_chain(seal=not no_seal, published_heads=kept)
        if not result.ok:
            where = f"event #{result.bad_event_id}" if result.bad_event_id else "the chain"
            raise CommandError(
                f"Audit chain BROKEN: {result.check_name} check failed at {where} (position {result.seq}): "
                f"{result.problem} ({result.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(
            f"Audit chain intact: {result.checked} events, head {result.head}; links, hashes, HMACs and "
            f"published heads checked"
            + (f" (+{len(kept)} kept heads)" if kept else "") + "."))
