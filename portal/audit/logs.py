"""Keep worker logs readable: the sealer runs every few seconds, so Celery's routine INFO lines about it
(sent by beat, received, succeeded) are dropped. Its warnings and errors still show."""

import logging

SEALER_TASK = "audit.seal"


class QuietSealer(logging.Filter):
    def filter(self, record):
        return record.levelno > logging.INFO or SEALER_TASK not in record.getMessage()
