from .agreement import Agreement, AgreementVersion, Amendment
from .evaluation import EvaluationScore, ProjectEvaluation, ProjectEvaluator
from .money import Tranche, YearDecision
from .monitoring import ChecklistItem, ChecklistTemplate, CorrectiveAction, Finding, MonitoringVisit, VisitAnswer
from .project import Project, ProjectActivity, ProjectBudgetLine, ProjectIndicator, ProjectIndicatorTarget
from .reporting import (
    ProgressReport,
    ProjectMessage,
    ReportEvidence,
    ReportIndicatorValue,
    ReportingPeriod,
    ReportSpending,
)
from .revision import RevisedBudget

__all__ = [
    "Agreement", "AgreementVersion", "Amendment", "ChecklistItem", "ChecklistTemplate", "CorrectiveAction",
    "EvaluationScore", "Finding", "MonitoringVisit", "ProgressReport", "Project", "ProjectActivity",
    "ProjectBudgetLine", "ProjectEvaluation", "ProjectEvaluator", "ProjectIndicator", "ProjectIndicatorTarget",
    "ProjectMessage", "ReportEvidence", "ReportIndicatorValue", "ReportSpending", "ReportingPeriod",
    "RevisedBudget", "Tranche", "VisitAnswer", "YearDecision",
]
