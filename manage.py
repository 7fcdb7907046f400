#!/usr/bin/env python
import os
import sys

# Commands that only make sense on a development machine say so themselves; everything else starts in the
# environment it is given, and with none it is production (which needs a real SECRET_KEY).
DEVELOPMENT_COMMANDS = {"run_portal", "seed_demo"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if len(sys.argv) > 1 and sys.argv[1] in DEVELOPMENT_COMMANDS:
        os.environ.setdefault("DJANGO_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
