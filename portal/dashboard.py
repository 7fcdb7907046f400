"""The role-aware dashboard is assembled from panels that each app registers (portal imports no domain app).

An app calls ``register_panel`` in its ``AppConfig.ready``; the dashboard renders, in order, every
panel whose ``applies(roles)`` is true, with the context its ``context(request, roles)`` returns.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    applies: Callable
    context: Callable


_PANELS: dict[str, Panel] = {}


def register_panel(*, key, order, template, applies, context=lambda request, roles: {}):
    _PANELS[key] = Panel(key, order, template, applies, context)


def panels_for(request, roles):
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        if panel.applies(roles):
            yield {"template": panel.template, "key": panel.key, **panel.context(request, roles)}
