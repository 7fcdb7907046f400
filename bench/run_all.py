"""Run every benchmark and print their JSON lines (``make bench``).

bench/assignment.py needs nothing; bench/ranking.py and bench/audit_writes.py need PostgreSQL
(DATABASE_URL=postgres://...), as their targets are stated for it, and are skipped with a note otherwise.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    failed = False
    for script in ("assignment.py", "ranking.py", "audit_writes.py"):
        if script != "assignment.py" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            name = script.removesuffix(".py")
            print(f'{{"name": "{name}", "skipped": "set DATABASE_URL to a PostgreSQL server"}}', flush=True)
            continue
        print(f"# bench/{script}", file=sys.stderr, flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / script)], cwd=HERE.parent) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
