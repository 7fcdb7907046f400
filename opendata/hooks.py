"""What open data adds to the registries of lower apps (filled from ``OpendataConfig.ready``): a competition's
publication, results publication or cancellation queues a regeneration through the outbox, in the publishing
transaction (committed with the publication or not at all; delivered even if the broker is down now)."""

from competitions.publication import register_publication_listener
from portal.notifications.services import outbox_enqueue_task

TASK = "opendata.regenerate"


def regenerate_after_publication(*, competition, to):
    outbox_enqueue_task(task=TASK, kwargs={})


def register():
    register_publication_listener("opendata", regenerate_after_publication)
