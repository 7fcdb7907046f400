"""Words for the codes the audit trail stores, rendered at display time in the reader's language.

Events keep codes and parameters (``action="ranking.frozen"``, ``before={"status": "published"}``, a system
reason ``@deadline_reached`` or ``@ranking_frozen {"number": 1, "sha256": "..."}``); pages turn them into words
here. ``system_reason(code, **params)`` writes such a reason; a reason a person typed is kept and shown as typed.

- ``action_label(code)``: the registry below, else "<object>: <state>" from the model choices, else the code.
- ``key_label(key)`` / ``value_label(key, value)``: before/after keys and values (choices of every model field
  with that name, so a status code reads as its label).
- ``reason_parts(reason)``: (template, params) of a system reason, also for the English sentences older events
  stored ("deadline reached", "ranking snapshot #1 <hash>", "appeal #4 upheld: ...").
"""

import json
import re
from datetime import date
from functools import cache

from django.apps import apps
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

OBJECTS = {
    "application": _("Application"),
    "competition": _("Competition"),
    "assignment": _("Assignment"),
    "appeal": _("Appeal"),
    "evaluation": _("Evaluation"),
    "declaration": _("Conflict-of-interest declaration"),
    "plan": _("Plan of topics"),
    "plan_item": _("Topic of the plan"),
    "proposal": _("Topic proposal"),
    "comment": _("Comment in the discussion"),
    "council_document": _("Council document"),
    "organization": _("Organisation"),
    "ranking": _("Ranking"),
    "results": _("Results"),
    "rubric": _("Rubric"),
    "user": _("Account"),
    "signature": _("Electronic signature"),
    "potential_conflict": _("Possible conflict of interest"),
}

ACTIONS = {
    "application.created": _("Draft started"),
    "application.submitted": _("Submitted"),
    "application.withdrawn": _("Withdrawn"),
    "application.returned": _("Returned for correction"),
    "application.admitted": _("Admitted to expert review"),
    "application.rejected": _("Not admitted"),
    "application.winner": _("Winner"),
    "application.reserve": _("Reserve"),
    "application.not_funded": _("Not funded"),
    "application.below_threshold": _("Below the pass threshold"),
    "competition.created": _("Competition created"),
    "competition.configured": _("Competition settings changed"),
    "competition.deadline_extended": _("Deadline extended"),
    "competition.document_added": _("Document added"),
    "competition.document_removed": _("Document removed"),
    "competition.rubric_chosen": _("Rubric chosen"),
    "ranking.frozen": _("Ranking frozen"),
    "results.published": _("Results published"),
    "report.generated": _("Report generated"),
    "evaluation.submitted": _("Evaluation submitted"),
    "evaluation.reopened": _("Evaluation reopened"),
    "declaration.made": _("Conflict-of-interest declaration made"),
    "appeal.filed": _("Appeal filed"),
    "appeal.upheld": _("Appeal upheld"),
    "appeal.dismissed": _("Appeal dismissed"),
    "assignment.created": _("Expert assigned"),
    "assignment.proposed": _("Expert proposed"),
    "assignment.proposal_confirmed": _("Proposed expert confirmed"),
    "assignment.removed": _("Expert removed"),
    "pool.experts_added": _("Experts added to the pool"),
    "pool.expert_removed": _("Expert removed from the pool"),
    "expert_application.expired": _("Inclusion in the expert register expired"),
    "expert_course.completed": _("Methodology course completed"),
    "draw.observers_invited": _("Council members invited to observe the draw"),
    "commission.observers_invited": _("Council members invited to observe the meeting"),
    "clarification.asked": _("Question asked"),
    "clarification.answer_edited": _("Answer edited"),
    "user.language_set": _("Language of the profile changed"),
    "notifications.channel_linked": _("SMS or Telegram linked"),
    "notifications.channel_unlinked": _("SMS or Telegram unlinked"),
    "notifications.preferences_set": _("Choice of notifications changed"),
    "project_message.posted": _("Message in the project thread"),
    "report.evidence_added": _("Evidence added to the report"),
    "report.evidence_removed": _("Evidence removed from the report"),
    "report.flagged_late": _("Report flagged as late"),
}

KEYS = {
    "status": _("status"),
    "closes_at": _("deadline"),
    "opens_at": _("opens"),
    "number": _("number"),
    "sha256": _("SHA-256"),
    "snapshot": _("snapshot"),
    "score": _("score"),
    "total": _("total"),
    "reason": _("reason"),
    "decision": _("decision"),
    "expert": _("expert"),
    "application": _("application"),
    "registration_number": _("registration number"),
    "resubmission": _("submitted again"),
    "preferred_language": _("language"),
    "channel": _("channel"),
    "choices": _("choices"),
    "version": _("version"),
    "ranked": _("applications ranked"),
    "winners": _("winners"),
    "applications": _("applications"),
    "rank": _("rank"),
    "final_score": _("final score"),
    "awarded_amount": _("awarded amount"),
    "outcome": _("outcome"),
    "scores": _("scores"),
    "pairs": _("pairs"),
    "seed": _("seed"),
    "reasons": _("reasons"),
    "return_reasons": _("reasons for return"),
    "correction_deadline": _("correction deadline"),
    "has_conflict": _("conflict of interest"),
    "max_load": _("maximum load"),
    "reserve": _("reserve"),
    "recipients": _("recipients"),
    "reopened_assignments": _("evaluations reopened"),
    "due_on": _("due on"),
    "signals": _("signals"),
    "weigh_performance": _("expert performance weighed"),
    "pools_left": _("pools left"),
    "observers": _("invited observers"),
}

SYSTEM_REASONS = {
    "deadline_reached": _("The application deadline has passed"),
    "ranking_frozen": _("Ranking snapshot No. %(number)s, SHA-256 %(sha256)s"),
    "results_published": _("Results published from ranking snapshot No. %(number)s, SHA-256 %(sha256)s"),
    "appeal_upheld": _("Appeal No. %(appeal)s upheld: %(reasoning)s"),
    "closed_by_official": _("Closed by an official after the deadline"),
    "admission_closed": _("Admission check finished: %(admitted)s admitted"),
    "proposals_open": _("Proposals accepted until %(until)s"),
    "discussion_open": _("Public discussion from %(starts)s to %(ends)s"),
    "answered_late": _("Answered after the deadline"),
    "inclusion_expired": _("The inclusion in the expert register ended on %(until)s"),
    "no_longer_winner": _("No longer a winner in the results re-published from ranking snapshot No. %(number)s"),
}

# Sentences older events stored before the codes: matched once, shown in the reader's language.
_LEGACY = (
    (re.compile(r"^deadline reached$"), "deadline_reached", ()),
    (re.compile(r"^ranking snapshot #(\d+) ([0-9a-f]{64})$"), "ranking_frozen", ("number", "sha256")),
    (re.compile(r"^appeal #(\d+) upheld: (.*)$", re.S), "appeal_upheld", ("appeal", "reasoning")),
    (re.compile(r"^closed by an official after the deadline$"), "closed_by_official", ()),
    (re.compile(r"^admission closed: (\d+) admitted$"), "admission_closed", ("admitted",)),
    (re.compile(r"^proposals until (\d{4}-\d\d-\d\d)$"), "proposals_open", ("until",)),
    (re.compile(r"^discussion (\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d)$"), "discussion_open", ("starts", "ends")),
    (re.compile(r"^answered after the deadline$"), "answered_late", ()),
)
HASH_PARAMS = {"sha256"}
DATE_PARAMS = {"until", "starts", "ends"}


def system_reason(code, **params):
    """The stored form of a reason the system gives: ``@code`` plus its parameters as JSON."""
    if code not in SYSTEM_REASONS:
        raise ValueError(f"unknown system reason {code!r}")
    return f"@{code} {json.dumps(params, ensure_ascii=False, sort_keys=True)}" if params else f"@{code}"


def reason_parts(reason):
    """(lazy template, params) of a system reason, or None for a reason a person wrote."""
    reason = reason or ""
    if reason.startswith("@"):
        code, _sep, raw = reason[1:].partition(" ")
        if code in SYSTEM_REASONS:
            try:
                params = json.loads(raw) if raw else {}
            except ValueError:
                return None
            return SYSTEM_REASONS[code], params if isinstance(params, dict) else {}
    for pattern, code, names in _LEGACY:
        match = pattern.match(reason)
        if match:
            return SYSTEM_REASONS[code], dict(zip(names, match.groups(), strict=True))
    return None


@cache
def _choices():
    """{field name: {stored value: label}} over every model's fields with choices."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                found.setdefault(field.name, {}).update({str(v): label for v, label in field.flatchoices})
    return found


@cache
def _verbose_names():
    """{field name: verbose name} over every model (the first model to name a field wins)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "verbose_name", None) and not field.name.endswith("_ptr"):
                found.setdefault(field.name, field.verbose_name)
    return found


def key_label(key):
    """A before/after key in words: the registry, else the verbose name of a model field of that name."""
    if key in KEYS:
        return KEYS[key]
    name = key[:-3] if key.endswith("_id") else key
    return _verbose_names().get(name, key.replace("_", " "))


def value_label(key, value):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(value_label(key, item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {value_label(k, v)}" for k, v in value.items())
    if isinstance(value, str | int) and not isinstance(value, bool):
        label = _choices().get(key, {}).get(str(value))
        if label is not None:
            return label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def action_label(code):
    if code in ACTIONS:
        return ACTIONS[code]
    noun, _sep, verb = (code or "").partition(".")
    if noun in OBJECTS:
        state = _choices().get("status", {}).get(verb) or _choices().get("decision", {}).get(verb)
        if state is not None:
            return f"{OBJECTS[noun]}: {state}"
    return code


def param_text(key, value):
    """A parameter as words: an ISO date in the active language's format, anything else as it is."""
    if key in DATE_PARAMS:
        try:
            return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            pass
    return str(value)


_UNTITLED = re.compile(r"^#(\d+) untitled draft$")


def target_text(label):
    """An event's object as stored; a draft's English "#20 untitled draft" (older events) in the reader's words."""
    match = _UNTITLED.match(label or "")
    if match:
        return _("Draft No. %(number)s (untitled)") % {"number": match.group(1)}
    return label or ""


def reason_text(reason):
    """A reason as plain words in the active language (notifications, exports); a typed reason unchanged."""
    parts = reason_parts(reason)
    if parts is None:
        return reason or ""
    template, params = parts
    try:
        return str(template) % {key: param_text(key, value) for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return reason


reason_text_lazy = lazy(reason_text, str)
