"""What open data adds to the registries of lower apps (filled from ``OpendataConfig.ready``): a competition's
publication, results publication or cancellation, and a project's public money facts (an agreement in force or
cancelled, a tranche paid, a project closed or terminated) queue a regeneration through the outbox, in the writing
transaction (committed with the change or not at all; delivered even if the broker is down now). The projects app
is also registered as a provider of disbursements and contracts (``opendata.contracts``)."""

from competitions.publication import register_publication_listener
from portal.notifications.services import outbox_enqueue_task
from projects.publication import register_change_listener

from . import contracts, providers

TASK = "opendata.regenerate"


def regenerate_after_publication(*, competition, to):
    outbox_enqueue_task(task=TASK, kwargs={})


def regenerate_after_project_change(*, project, kind, to):
    outbox_enqueue_task(task=TASK, kwargs={})


def register():
    register_publication_listener("opendata", regenerate_after_publication)
    register_change_listener("opendata", regenerate_after_project_change)
    providers.register_provider(contracts.KEY, contracts.ProjectsOpenData())
