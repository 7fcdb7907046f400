"""Assignments made through the services, for the page tests."""

from scoring.assignment.services import assignment_create, conflict_declare
from tests import factories as f


def assigned(competition, expert, official, *, declare=True):
    application = f.ApplicationFactory(competition=competition, status="admitted")
    assignment = assignment_create(application=application, expert=expert, actor=official)
    if declare:
        conflict_declare(assignment=assignment, actor=expert.user, has_conflict=False)
        assignment.refresh_from_db()
    return assignment
