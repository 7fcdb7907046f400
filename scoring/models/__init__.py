"""The models of the ``scoring`` app, one module per concept, all re-exported here.

The app label stays ``scoring`` (table names, content types, permission codenames and the audit chain's
``target_type`` strings such as ``scoring.rankingsnapshot`` do not change with the modules).
"""

from ..enums import ProposalKind
from .appeals import Appeal
from .assignment import Assignment, AssignmentDraw, AutoAssignmentProposal
from .commission import (
    Commission,
    CommissionMeeting,
    CommissionMember,
    MeetingAttendance,
    MeetingProtocol,
    MeetingVote,
)
from .conflicts import ConflictDeclaration, DeclarationOverride, PotentialConflictDecision
from .evaluation import CriterionScore, Evaluation
from .experts import ExpertInvitation, PoolMember
from .ranking import RankingSnapshot, Report
from .register import (
    CalibrationAttempt,
    CalibrationExercise,
    CompletionAct,
    CourseCompletion,
    CourseQuestion,
    CourseSection,
    ExpertApplication,
    ExpertFee,
)
from .rubrics import Criterion, Rubric

__all__ = [
    "Appeal", "Assignment", "AssignmentDraw", "AutoAssignmentProposal", "Commission", "CommissionMeeting",
    "CommissionMember", "MeetingAttendance", "MeetingProtocol", "MeetingVote", "ConflictDeclaration", "Criterion",
    "CriterionScore",
    "DeclarationOverride", "Evaluation", "ExpertInvitation", "PoolMember", "PotentialConflictDecision",
    "ProposalKind", "RankingSnapshot", "Report", "Rubric", "CalibrationAttempt", "CalibrationExercise",
    "CompletionAct", "ExpertApplication", "ExpertFee", "CourseCompletion", "CourseQuestion", "CourseSection",
]
