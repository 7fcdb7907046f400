"""The plan execution view follows each item to what implements it. Planning sits below competitions and
projects, so they fill this registry from their ``AppConfig.ready`` (as apps fill the dashboard panels):

* competitions registers ``"competitions"``: the competitions created from each item;
* projects ([2.4], later) registers ``"projects"`` and ``"outcomes"``: the projects awarded in those
  competitions and their evaluated outcomes.

A source's ``rows(items, public=...)`` receives the plan's items and returns ``{item_id: [row, ...]}`` in one
query (the pages pin their query count); ``public=False`` is the body's own view (officials and observers of the
body: drafts and unpublished figures too). A row is a dict with ``label``, ``url``, ``status`` and, optionally,
``amount`` and ``figures`` (``[(label, value), ...]`` shown beside it, e.g. the money disbursed). A source whose
app has nothing yet simply returns no rows: the page says "none yet".
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExecutionSource:
    key: str
    order: int
    title: str
    rows: Callable


_SOURCES: dict[str, ExecutionSource] = {}


def register_execution_source(*, key, order, title, rows):
    _SOURCES[key] = ExecutionSource(key, order, title, rows)


def sources():
    return sorted(_SOURCES.values(), key=lambda source: source.order)


def execution_of(items, *, public=True):
    """``[(item, [(source, rows), ...]), ...]`` for every item, every registered source: one query per source
    whatever the number of items."""
    items = list(items)
    found = [(source, source.rows(items, public=public)) for source in sources()]
    return [(item, [(source, by_item.get(item.pk, [])) for source, by_item in found]) for item in items]
