"""Who may create, read and change rubrics. Acting for a body is ``competitions.rules`` (one rule everywhere)."""

import rules

from competitions.rules import acts_for_a_body, is_admin, may_act_for


def rubric_body_id(rubric):
    """The body a rubric belongs to: its competition's body for a competition's copy."""
    return rubric.competition.body_id if rubric.competition_id else rubric.body_id


@rules.predicate
def is_template(user, rubric):
    return rubric is not None and rubric.is_template


@rules.predicate
def acts_for_rubric_body(user, rubric):
    return rubric is not None and not rubric.is_template and may_act_for(user, rubric_body_id(rubric))


rules.add_perm("scoring.add_rubric", acts_for_a_body)
rules.add_perm("scoring.add_rubric_template", is_admin)
rules.add_perm("scoring.view_rubric", acts_for_rubric_body | (is_template & acts_for_a_body))
rules.add_perm("scoring.change_rubric", acts_for_rubric_body | (is_template & is_admin))
