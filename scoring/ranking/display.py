"""How a ranking reads to people, in the active language: outcome and tie-break labels, blocker messages,
a snapshot's rows laid out for the pages. Shared by the pages and the reports."""

from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus

BLOCKER_MESSAGES = {
    "missing_evaluations": lambda b: _("%(submitted)s of %(required)s evaluations submitted")
    % {"submitted": b["submitted"], "required": b["required"]},
    "evaluation_pending": lambda b: _("%(pending)s evaluation(s) still in progress (%(submitted)s submitted)")
    % {"pending": b["pending"], "submitted": b["submitted"]},
}


def blocker_message(blocker):
    """What blocks the freezing, for one application (a blocker of ``Ranking.blockers``)."""
    return BLOCKER_MESSAGES[blocker["code"]](blocker)


def tie_break_labels(chain):
    """Readable names of the tie-break steps, in the active language."""
    rules = {"lower_amount": _("lower requested amount"), "earlier_submission": _("earlier submission"),
             "registration_number": _("lower registration number (last resort)")}
    labels = []
    for step in chain:
        if step.startswith("criterion:"):
            labels.append(_("higher mean on criterion %(n)s") % {"n": step.split(":", 1)[1]})
        else:
            labels.append(rules.get(step, step))
    return labels


def outcome_label(outcome):
    """The outcome's label in the active language (the code itself when it is unknown)."""
    try:
        return ApplicationStatus(outcome).label
    except ValueError:
        return outcome


def snapshot_table(snapshot=None, *, data=None):
    """Rows of a snapshot ready for the templates: per-criterion means in rubric order, outcome labels."""
    data = snapshot.data if data is None else data
    orders = [str(c["order"]) for c in data["rubric"]]
    return [{**row, "means": [row["criterion_means"].get(o) for o in orders],
             "outcome_label": outcome_label(row["outcome"])} for row in data["rows"]]
