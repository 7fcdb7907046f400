from django.core.management.base import BaseCommand, CommandError

from portal.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit hash chain; exits non-zero and names the first bad event."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit chain BROKEN at event #{result.bad_event_id}: {result.problem} "
                f"({result.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} events, head {result.head}"))
