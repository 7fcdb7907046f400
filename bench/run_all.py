"""Run every benchmark and print their JSON lines (``make bench``).

bench/assignment.py needs nothing; bench/ranking.py, bench/audit_writes.py, bench/rush.py, bench/portfolio.py and
bench/pages.py need PostgreSQL (DATABASE_URL=postgres://...), as their targets are stated for it, and are skipped with
a note otherwise. The rush runs twice: into one competition and spread over ten.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [
    ("assignment.py",),
    ("ranking.py",),
    ("audit_writes.py",),
    ("rush.py", "--competitions", "1"),
    ("rush.py", "--competitions", "10"),
    ("portfolio.py",),
    ("pages.py",),
]
NEEDS_POSTGRES = {"ranking.py", "audit_writes.py", "rush.py", "portfolio.py", "pages.py"}


def main():
    failed = False
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    for script, *args in RUNS:
        if script in NEEDS_POSTGRES and not on_postgres:
            skipped = {"name": script.removesuffix(".py"), "skipped": "set DATABASE_URL to a PostgreSQL server"}
            print(json.dumps(skipped), flush=True)
            continue
        print(f"# bench/{script} {' '.join(args)}", file=sys.stderr, flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / script), *args], cwd=HERE.parent) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
