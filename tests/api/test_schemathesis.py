"""schemathesis over the whole OpenAPI schema with every check (what ``schemathesis run --checks all`` does: its
own engine, in-process on the WSGI app), as an NGO, an official, an expert, an observer and anonymously: no server
error, every answer documented (status, content type, body), schema-valid requests accepted, invalid ones refused.
Bounded: a few examples per operation, a fixed seed, so the five runs stay within a few minutes.

The world gives the generated ids something to hit: a body with an open and a draft competition, an NGO with
a draft and a submitted application, an expert with an assignment, an observer of the body, a rubric.
"""

import os
import time

import pytest
from django.core.wsgi import get_wsgi_application

from portal.accounts.models import ApiToken
from tests import factories as f

from .schemathesis_run import run_all_checks

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "2"))
# The coverage phase (every boundary and every negation of every parameter, undocumented methods, missing
# headers: ~5 300 requests) runs as the official, who reaches the most; the other roles get the generated
# examples (fuzzing). SCHEMATHESIS_PHASES=examples,coverage,fuzzing runs the coverage phase for every role (all
# five had 0 failures so: 5 491 and 5 474 cases as official and anonymous).
PHASES = {"official": "examples,coverage,fuzzing"}
DEFAULT_PHASES = "examples,fuzzing"
ROLES = ["ngo", "official", "expert", "observer", "anonymous"]
# A refusal no OpenAPI schema can state: a rule across the fields of one body (or a file judged by its bytes). These
# operations answer 400 naming the fields for it, and schemathesis' positive_data_acceptance counts each such
# generated body; only that check and only these operations are excused.
ACROSS_FIELDS = {
    "POST /api/v1/rubrics/": "a scale's maximum above its minimum, a step that divides it, bands on the scale",
    "PATCH /api/v1/rubrics/{id}/": "the same rules of the scale",
    "POST /api/v1/competitions/": "closing after opening, the minimum amount below the maximum, project dates",
    "PATCH /api/v1/competitions/{id}/": "the same rules of dates and amounts",
    "PUT /api/v1/competitions/{id}/commission/": "a quorum numerator at most its denominator",
    "POST /api/v1/competitions/{id}/commission/meetings/": "an online meeting has its livestream link",
    "POST /api/v1/applications/{id}/return/": "a correction deadline a working day after today (the schema has no "
                                              "today)",
    "POST /api/v1/expert-applications/": "the nominating NGO's BIN (with its check digit) exactly when an NGO "
                                         "nominates; the CV a PDF, DOCX, XLSX, ODT, JPEG or PNG by its content",
}


def world():
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    ngo = f.MembershipFactory(role="owner")
    expert = f.ExpertProfileFactory()
    observer = f.ObserverMembershipFactory(body=body).user
    open_competition = f.CompetitionFactory(body=body)
    f.CompetitionFactory(body=body, status="draft", published_at=None)
    f.ApplicationFactory(competition=open_competition, organization=ngo.organization)
    submitted = f.ApplicationFactory(competition=open_competition, organization=ngo.organization,
                                     status="submitted")
    f.AssignmentFactory(application=submitted, expert=expert)
    f.CriterionFactory(rubric=f.RubricFactory(body=body))
    return {"ngo": ngo.user, "official": official, "expert": expert.user, "observer": observer}


def describe(failure):
    return f"{type(failure).__name__} {failure.operation} (status {getattr(failure, 'status_code', '-')}): " \
           f"{failure.title}\n{failure.message[:800]}\nsent: {getattr(failure, 'sent', '')}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_api_keeps_to_its_schema_under_every_check(role, capsys):
    users = world()
    headers = {} if role == "anonymous" else {
        "Authorization": f"Token {ApiToken.objects.create(user=users[role])[1]}"}
    started = time.monotonic()
    phases = os.environ.get("SCHEMATHESIS_PHASES") or PHASES.get(role, DEFAULT_PHASES)
    kinds, failures, cases, errors = run_all_checks(get_wsgi_application(), headers=headers,
                                                    max_examples=MAX_EXAMPLES, phases=phases.split(","))
    with capsys.disabled():  # the summary line of the run, as the CLI prints it
        print(f"\nschemathesis as {role}: {sum(cases.values())} cases {dict(cases)}, {len(failures)} failures "
              f"{dict(kinds)}, {len(errors)} errors, {time.monotonic() - started:.0f} s")
    assert sum(cases.values()) > 100
    assert not errors, [repr(getattr(error, "value", error)) for error in errors]
    unique = {}
    for failure in failures:
        if (type(failure).__name__ == "RejectedPositiveData" and getattr(failure, "status_code", None) == 400
                and failure.operation in ACROSS_FIELDS):
            continue
        unique.setdefault((type(failure).__name__, failure.operation, failure.title), failure)
    assert not unique, "\n\n".join(describe(failure) for failure in unique.values())
