"""The audit trail. ``from portal import audit; audit.record(...)``."""


def record(**kwargs):
    from .services import record as _record

    return _record(**kwargs)
