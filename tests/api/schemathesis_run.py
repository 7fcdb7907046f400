"""Runs schemathesis' own engine (what ``schemathesis run --checks all`` runs) in-process against the WSGI app."""

from collections import Counter
from contextlib import contextmanager
from unittest import mock

import schemathesis
from schemathesis.engine import events, from_schema
from schemathesis.transport import wsgi as wsgi_transport

SOCKET_SETTINGS = ("max_redirects", "verify", "cert", "proxies")


@contextmanager
def in_process_transport():
    """schemathesis 4 passes socket settings (``max_redirects``...) to werkzeug's in-process client in its coverage
    phase, which refuses them (a NonFatalError per operation); they mean nothing in-process, so drop them."""
    send = wsgi_transport.WSGITransport.send

    def without_socket_settings(self, case, *, session=None, **kwargs):
        for name in SOCKET_SETTINGS:
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    with mock.patch.object(wsgi_transport.WSGITransport, "send", without_socket_settings):
        yield


def run_all_checks(app, *, headers, max_examples, seed=1, phases=("examples", "coverage", "fuzzing", "stateful"),
                   path_regex=None):
    """Every check, bounded examples, a fixed seed. Returns (failure kinds, failures, cases per phase, errors)."""
    api_schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    if path_regex:
        api_schema = api_schema.include(path_regex=path_regex)
    config = api_schema.config
    config.update(headers=headers, workers=1)
    # Every check; a response slower than 30 s (schemathesis' default limit is 10 s, which a loaded CI machine
    # can reach on the report or ranking endpoints) is still a failure.
    config.checks.update(included_check_names=["all"], max_response_time=30)
    config.generation.update(max_examples=max_examples, deterministic=True, database="none")
    config.phases.update(phases=list(phases))
    api_schema.config.seed = seed
    failures, cases, errors = [], Counter(), []
    with in_process_transport():
        run = list(from_schema(api_schema).execute())
    for event in run:
        if isinstance(event, events.ScenarioFinished):
            cases[str(event.phase)] += len(event.recorder.cases)
            for case_id, checks in event.recorder.checks.items():
                for node in checks:
                    if node.failure_info is not None:
                        failure = node.failure_info.failure
                        failure.sent = _sent(event.recorder, case_id)  # what was sent, for the test's message
                        failures.append(failure)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(event)
    kinds = Counter(type(f).__name__ for f in failures)
    return kinds, failures, cases, errors


def _sent(recorder, case_id):
    node = recorder.cases.get(case_id)
    if node is None:
        return ""
    case = node.value
    return (f"{case.method} {case.formatted_path} query={case.query!r} media_type={case.media_type} "
            f"body={case.body!r}")[:600]
