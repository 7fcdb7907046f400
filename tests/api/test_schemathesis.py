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
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,coverage,fuzzing").split(",")
ROLES = ["ngo", "official", "expert", "observer", "anonymous"]


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
           f"{failure.title}\n{failure.message[:800]}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_api_keeps_to_its_schema_under_every_check(role, capsys):
    users = world()
    headers = {} if role == "anonymous" else {
        "Authorization": f"Token {ApiToken.objects.create(user=users[role])[1]}"}
    started = time.monotonic()
    kinds, failures, cases, errors = run_all_checks(get_wsgi_application(), headers=headers,
                                                    max_examples=MAX_EXAMPLES, phases=PHASES)
    with capsys.disabled():  # the summary line of the run, as the CLI prints it
        print(f"\nschemathesis as {role}: {sum(cases.values())} cases {dict(cases)}, {len(failures)} failures "
              f"{dict(kinds)}, {len(errors)} errors, {time.monotonic() - started:.0f} s")
    assert sum(cases.values()) > 300
    assert not errors, [repr(getattr(error, "value", error)) for error in errors]
    unique = {}
    for failure in failures:
        unique.setdefault((type(failure).__name__, failure.operation, failure.title), failure)
    assert not unique, "\n\n".join(describe(failure) for failure in unique.values())
