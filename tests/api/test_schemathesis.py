"""Schemathesis over the whole OpenAPI schema, signed in with a token as an NGO, an official and an expert:
no answer is a server error and every answer matches the schema. Examples are bounded to keep the run short.

The world gives the generated ids something to hit: a body with an open and a draft competition, an NGO with
a draft and a submitted application, an expert with an assignment, a rubric and a question.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from portal.accounts.models import ApiToken
from tests import factories as f

MAX_EXAMPLES = 5


@pytest.fixture(params=["ngo", "official", "expert"])
def role_token(request, db):
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    ngo = f.MembershipFactory(role="owner")
    expert = f.ExpertProfileFactory()
    open_competition = f.CompetitionFactory(body=body)
    f.CompetitionFactory(body=body, status="draft", published_at=None)
    f.ApplicationFactory(competition=open_competition, organization=ngo.organization)
    submitted = f.ApplicationFactory(competition=open_competition, organization=ngo.organization,
                                     status="submitted")
    f.AssignmentFactory(application=submitted, expert=expert)
    f.CriterionFactory(rubric=f.RubricFactory(body=body))
    users = {"ngo": ngo.user, "official": official, "expert": expert.user}
    return ApiToken.objects.create(user=users[request.param])[1]


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request (``close_old_connections``), which on
    PostgreSQL would end the test's transaction; Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_never_fails_and_keeps_to_its_schema(role_token, keep_test_connection):
    """Every operation of the schema, a few generated examples each; all failures are reported together."""
    api_schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    headers = {"Authorization": f"Token {role_token}"}
    failures = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        if operation.method.upper() == "DELETE" and operation.path.endswith("/auth/token/"):
            continue  # it revokes the token this run signs in with (tests/api/test_foundation.py covers it)

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def run(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as error:  # noqa: BLE001 - collected and reported with the operation
            failures.append(f"{operation.label}: {error}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
