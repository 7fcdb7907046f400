"""Writes of rubrics: the builder (create, change, new version) and a competition's choice of its rubric."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal import audit
from portal.errors import DomainError
from portal.multilingual import CONTENT_LANGUAGES, guess_language

from ..errors import ProblemsError
from ..models import Criterion, Rubric
from .validators import criterion_problems

CRITERION_FIELDS = ("title", "description", "guidance", "min_score", "max_score", "step", "weight", "min_required",
                    "comment_required", "title_kk", "title_ru", "title_en", "description_kk", "description_ru",
                    "description_en")
BAND_TEXTS = ("text_kk", "text_ru", "text_en")


def _criteria_rows(criteria):
    """Validate criterion dicts (in order); raise ProblemsError with field keys "<index>-<field>"."""
    problems = []
    if not criteria:
        problems.append(("criteria", _("Add at least one criterion.")))
    for index, row in enumerate(criteria):
        if not str(row.get("title", "")).strip():
            problems.append((f"{index}-title", _("Enter the title of the criterion.")))
        for problem in criterion_problems(min_score=row.get("min_score"), max_score=row.get("max_score"),
                                          step=row.get("step"), weight=row.get("weight"),
                                          min_required=row.get("min_required"), guidance=row.get("guidance") or ()):
            problems.append((f"{index}-{problem.field}", problem.message))
    if problems:
        raise ProblemsError(problems)


def _in_its_language(values):
    """A criterion written in one language only: its text also becomes that language's version (kk/ru/en)."""
    for field in ("title", "description"):
        text = values.get(field) or ""
        if text and not any(values.get(f"{field}_{code}") for code in CONTENT_LANGUAGES):
            values[f"{field}_{guess_language(text)}"] = text
    for band in values["guidance"]:
        if band.get("text") and not any(band.get(key) for key in BAND_TEXTS):
            band[f"text_{guess_language(band['text'])}"] = band["text"]


def _write_criteria(rubric, criteria):
    existing = {c.pk: c for c in rubric.criteria.all()}
    keep = {row.get("id") for row in criteria if row.get("id") in existing}
    rubric.criteria.exclude(pk__in=keep).delete()
    # Move the kept rows out of the way of the unique (rubric, order) constraint first.
    for offset, pk in enumerate(sorted(keep)):
        Criterion.objects.filter(pk=pk).update(order=10_000 + offset)
    for order, row in enumerate(criteria, start=1):
        values = {name: row.get(name) for name in CRITERION_FIELDS}
        values["guidance"] = [
            {"from": str(b["from"]), "to": str(b["to"]), "text": b["text"],
             **{key: str(b[key]) for key in BAND_TEXTS if b.get(key)}} for b in (row.get("guidance") or [])]
        values["description"] = values["description"] or ""
        language_fields = [name for name in CRITERION_FIELDS if name.startswith(("title_", "description_"))]
        if row.get("id") in keep and not any(name in row for name in language_fields):
            for name in language_fields:  # a form without translations keeps the ones stored
                values.pop(name)
        else:
            for name in language_fields:
                values[name] = str(values[name] or "").strip()
            _in_its_language(values)
        values["comment_required"] = bool(values["comment_required"])
        if row.get("id") in keep:
            Criterion.objects.filter(pk=row["id"]).update(order=order, **values)
        else:
            Criterion.objects.create(rubric=rubric, order=order, **values)


def _rubric_state(rubric):
    return {"name": rubric.name, "version": rubric.version, "criteria": [
        {name: getattr(c, name) for name in ("order",) + CRITERION_FIELDS} for c in rubric.criteria.all()]}


@transaction.atomic
def rubric_create(*, name, actor, criteria, description="", body=None, is_template=False,
                  suggested_pass_threshold=None):
    _criteria_rows(criteria)
    rubric = Rubric.objects.create(name=name, description=description, body=body, is_template=is_template,
                                   suggested_pass_threshold=suggested_pass_threshold, created_by=actor)
    _write_criteria(rubric, criteria)
    audit.record(actor=actor, action="rubric.created", target=rubric, after=_rubric_state(rubric))
    return rubric


@transaction.atomic
def rubric_update(*, rubric, actor, name, criteria, description="", suggested_pass_threshold=None):
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.is_locked:
        raise DomainError(_("This rubric is locked because a published competition uses it: make a new version."),
                          code="rubric_locked")
    _criteria_rows(criteria)
    before = _rubric_state(rubric)
    rubric.name, rubric.description = name, description
    rubric.suggested_pass_threshold = suggested_pass_threshold
    rubric.save(update_fields=["name", "description", "suggested_pass_threshold"])
    _write_criteria(rubric, criteria)
    audit.record(actor=actor, action="rubric.updated", target=rubric, competition_id=rubric.competition_id,
                 before=before, after=_rubric_state(rubric))
    return rubric


def _rubric_copy(source, *, actor, **fields):
    copy = Rubric.objects.create(
        name=fields.pop("name", source.name), description=source.description,
        suggested_pass_threshold=source.suggested_pass_threshold, created_by=actor, **fields)
    Criterion.objects.bulk_create([
        Criterion(rubric=copy, order=c.order, **{name: getattr(c, name) for name in CRITERION_FIELDS})
        for c in source.criteria.all()])
    return copy


@transaction.atomic
def rubric_new_version(*, rubric, actor):
    """Editing a locked rubric: a copy with version + 1 that the caller may edit (no competition attached)."""
    body = rubric.body or (rubric.competition.body if rubric.competition_id else None)
    latest = Rubric.objects.filter(Q(pk=rubric.pk) | Q(previous_version=rubric)).order_by("-version").first()
    copy = _rubric_copy(rubric, actor=actor, is_template=rubric.is_template, body=None if rubric.is_template else body,
                        version=max(rubric.version, latest.version) + 1, previous_version=rubric,
                        copied_from=rubric.copied_from)
    audit.record(actor=actor, action="rubric.new_version", target=copy, before={"rubric_id": rubric.pk,
                 "version": rubric.version}, after={"rubric_id": copy.pk, "version": copy.version})
    return copy


@transaction.atomic
def competition_rubric_choose(*, competition, source, actor):
    """Copy ``source`` (a template or a rubric of the body) into the competition's own rubric."""

    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError(_("The rubric can be chosen only while the competition is a draft."),
                          code="competition_not_draft")
    if not (source.is_template or (source.body_id == competition.body_id and source.competition_id is None)):
        raise DomainError(_("Choose a template or one of your body's rubrics."), code="rubric_not_allowed")
    if not source.criteria.exists():
        raise DomainError(_("This rubric has no criteria."), code="rubric_empty")
    previous = Rubric.objects.filter(competition=competition).first()
    before = {}
    if previous is not None:
        if previous.is_locked:
            raise DomainError(_("The competition's rubric is locked."), code="rubric_locked")
        before = {"rubric_id": previous.pk, "copied_from": previous.copied_from_id}
        previous.delete()
    copy = _rubric_copy(source, actor=actor, competition=competition, body=competition.body,
                        copied_from=source, version=1)
    audit.record(actor=actor, action="competition.rubric_chosen", target=competition, competition_id=competition.pk,
                 before=before, after={"rubric_id": copy.pk, "copied_from": source.pk, "name": source.name,
                                       "version": source.version})
    return copy
