"""Helpers of the scoring tests (the ``review`` fixture is in conftest.py)."""

from decimal import Decimal as D

from scoring.assignment.services import assignment_create, conflict_declare


def full_scores(criteria, values=(8, "4.5", 7)):
    return {c.pk: (D(str(v)), "because") for c, v in zip(criteria, values, strict=True)}


def accepted(review, official, index=0, application=0):
    _competition, _criteria, applications, experts = review
    assignment = assignment_create(application=applications[application], expert=experts[index],
                                            actor=official)
    conflict_declare(assignment=assignment, actor=experts[index].user, has_conflict=False)
    assignment.refresh_from_db()
    return assignment
