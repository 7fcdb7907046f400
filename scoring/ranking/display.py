"""How a ranking reads to people, in the active language: outcome and tie-break labels, blocker messages,
a snapshot's rows laid out for the pages. Shared by the pages and the reports."""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from portal import charts
from portal.formatting import format_score, format_threshold

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
    rubric = data["rubric"]
    orders = [str(c["order"]) for c in rubric]
    table = []
    for row in data["rows"]:
        means = [row["criterion_means"].get(o) for o in orders]
        table.append({**row, "means": means, "outcome_label": outcome_label(row["outcome"]),
                      "criteria": [{"order": c["order"], "title": c["title"], "mean": mean}
                                   for c, mean in zip(rubric, means, strict=True)]})
    return table


def max_total(rubric):
    """The highest weighted total a rubric allows (the sum of weight × maximum score)."""
    return sum((Decimal(str(c["weight"])) * Decimal(str(c["max_score"])) for c in rubric), Decimal("0"))


def distribution_chart(data, *, bins=10):
    """The score distribution of a snapshot's data with its pass mark, for the pages: the inline SVG and
    the same counts as table rows (the fallback beside the chart), in the active language."""
    language = get_language() or "ru"
    maximum = max_total(data["rubric"])
    threshold = Decimal(str(data["method"]["pass_threshold"] or 0)) or None
    scores = [row["final_score"] for row in data["rows"]]
    svg = charts.score_distribution(
        scores, maximum=maximum, threshold=threshold, bins=bins, width=560, height=260, language=language,
        font_size=13,
        labels={"threshold": _("pass threshold"), "x": _("final score (rubric units)"), "y": _("applications"),
                "title": _("Distribution of final scores")})
    rows = [(f"{format_score(r['low'], language=language)}–{format_score(r['high'], language=language)}", r["count"])
            for r in charts.histogram(scores, maximum=maximum, bins=bins) if r["count"]]
    return {"svg": svg, "rows": rows, "headers": (_("Final score"), _("Applications")),
            "caption": _("Applications by final score. The dashed line is the pass threshold: %(threshold)s.")
            % {"threshold": format_threshold(threshold, maximum, language=language)}}
