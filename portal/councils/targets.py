"""What a council document may be filed on: a registry that higher apps fill (portal imports no domain app).

An app registers its model in ``AppConfig.ready``::

    register_target(Plan, label=lambda plan: plan.title, url=lambda plan: reverse(...),
                    body_id=lambda plan: plan.body_id, public=lambda body_id: Plan.objects.filter(...))

``public(body_id)`` is the queryset of that body's objects a council may file on (only what the public may
see: a council document is public). A subject is written ``"<app_label>.<model_name>:<pk>"``, e.g.
``"planning.plan:3"``, in forms, links and the API.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Target:
    model: type
    title: str  # what the kind of subject is called ("Plan of topics")
    label: Callable
    url: Callable
    body_id: Callable
    public: Callable
    competition_id: Callable = staticmethod(lambda obj: None)  # scope of the audit row, when there is one
    order: int = 100


_TARGETS: dict[str, Target] = {}


def model_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_target(model, *, title, label, url, body_id, public, competition_id=None, order=100):
    _TARGETS[model_key(model)] = Target(model, title, label, url, body_id, public,
                                        competition_id or (lambda obj: None), order)


def registered():
    return sorted(_TARGETS.items(), key=lambda pair: (pair[1].order, pair[0]))


def target_of(obj):
    return _TARGETS.get(model_key(type(obj)))


def subject_key(obj):
    return f"{model_key(type(obj))}:{obj.pk}"


class UnknownSubject(ValueError):
    pass


def is_plain_id(text):
    """ASCII digits that fit a database id (``"²"`` and 30-digit numbers are not ids)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def resolve_subject(key, *, body_id):
    """The public object of ``body_id`` named by ``key``, or ``UnknownSubject``."""
    model_part, _sep, pk = str(key or "").partition(":")
    target = _TARGETS.get(model_part)
    if target is None or not is_plain_id(pk):
        raise UnknownSubject(_("Choose what the document is about."))
    obj = target.public(body_id).filter(pk=int(pk)).first()
    if obj is None:
        raise UnknownSubject(_("This plan or competition does not belong to the council's body or is not public."))
    return obj


def subject_choices(body_id):
    """``[(group title, [(key, label), ...]), ...]`` of everything a council of ``body_id`` may file on."""
    groups = []
    for key, target in registered():
        options = [(f"{key}:{obj.pk}", target.label(obj)) for obj in target.public(body_id)]
        if options:
            groups.append((target.title, options))
    return groups
