"""Re-run a published expert draw and check that it gives the published pairs.

    manage.py verify_assignment --file SZ-2026-0007-draw-3.json    # the file of the public draw page
    manage.py verify_assignment --competition SZ-2026-0007          # every revealed draw of a competition

The check: sha256 of the canonical inputs equals the published one, sha256(seed) equals the hash committed
before the draw, and the solver (scoring.calc.solver, through scoring.calc.draw.run) run on the inputs with
the seed gives exactly the published pairs. Exit status 1 when anything differs.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ...assignment.draw import draw_public_file, draw_verify
from ...assignment.selectors import revealed_draws


class Command(BaseCommand):
    help = "Re-run a published expert draw from its inputs and seed and compare the pairs."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--file", help="the JSON file downloaded from the draw's public page")
        group.add_argument("--competition", help="a competition reference: check its revealed draws")

    def handle(self, *args, **options):
        if options["file"]:
            with open(options["file"], encoding="utf-8") as handle:
                files = [("file", json.load(handle))]
        else:
            files = [(f"draw {d.pk}", draw_public_file(d)) for d in revealed_draws(options["competition"])]
            if not files:
                raise CommandError(f"no revealed draw for {options['competition']}")
        failed = False
        for label, data in files:
            problems = draw_verify(data)
            if problems:
                failed = True
                for problem in problems:
                    self.stderr.write(f"{label}: MISMATCH {problem}")
            else:
                self.stdout.write(f"{label}: OK {len(data['pairs'])} pairs reproduced "
                                  f"(inputs {data['inputs_sha256']}, seed sha256 {data['seed_sha256']})")
        if failed:
            raise CommandError("the draw does not verify")
