"""The sections of the application form, in order, and how complete each one is."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COMPLETE, NOT_STARTED, HAS_PROBLEMS = "complete", "not_started", "has_problems"
STATE_LABELS = {COMPLETE: _("complete"), NOT_STARTED: _("not started"), HAS_PROBLEMS: _("has problems")}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple = ()  # Application fields edited in this section
    rows: str = ""  # related rows edited here: "activities", "indicators" or "budget_lines"
    intro: str = ""

    @property
    def is_rows(self):
        return bool(self.rows)

    @property
    def is_documents(self):
        return self.key == "documents"


SECTIONS = (
    Section("project", _("Project"), ("title", "summary", "co_financing"),
            intro=_("Name the project and describe it in a few sentences.")),
    Section("problem", _("Problem and relevance"), ("problem",),
            intro=_("Which social problem does the project address, where, and why now? Give figures and sources.")),
    Section("goals", _("Goal and objectives"), ("goals",),
            intro=_("One goal and the concrete objectives that lead to it.")),
    Section("target_group", _("Target group and beneficiaries"), ("target_group", "beneficiaries_count"),
            intro=_("Who benefits directly and how many people.")),
    Section("activities", _("Activities plan"), rows="activities",
            intro=_("The calendar plan: each activity with its dates and expected result.")),
    Section("indicators", _("Result indicators"), rows="indicators",
            intro=_("Measurable indicators with their unit, the value today and the target.")),
    Section("budget", _("Budget"), rows="budget_lines",
            intro=_("Every cost as a line: category, description, quantity and unit cost. The amount and the "
                    "totals are calculated for you.")),
    Section("team", _("Project team"), ("team",),
            intro=_("Who runs the project: roles, experience, time on the project.")),
    Section("sustainability", _("Sustainability"), ("sustainability",),
            intro=_("What remains and continues after the grant ends.")),
    Section("documents", _("Documents"),
            intro=_("Attach each mandatory document. Accepted: PDF, DOCX, XLSX, ODT, JPEG, PNG.")),
)
SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}


def next_section(key):
    keys = [s.key for s in SECTIONS]
    index = keys.index(key)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def _started(application, section, counts):
    if section.is_documents:
        return counts.get("attachments", 0) > 0
    if section.is_rows:
        return counts.get(section.rows, 0) > 0
    for field in section.fields:
        value = getattr(application, field)
        if field == "co_financing":
            if value:
                return True
        elif value not in (None, ""):
            return True
    return False


def section_states(application, problems, counts):
    """[(section, state, [problems of the section])] in form order.

    ``counts`` maps "activities", "indicators", "budget_lines", "attachments" to the number of rows.
    """
    by_section = {}
    for problem in problems:
        by_section.setdefault(problem.section, []).append(problem)
    result = []
    for section in SECTIONS:
        own = by_section.get(section.key, [])
        if not _started(application, section, counts):
            state = NOT_STARTED if own or not section.is_documents else COMPLETE
        elif own:
            state = HAS_PROBLEMS
        else:
            state = COMPLETE
        result.append((section, state, own))
    return result
