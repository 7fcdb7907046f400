"""The official's appeal page (scoring.views.appeals): bad input is refused beside its field, never a 500."""

import pytest
from django.urls import reverse

from scoring.appeals.services import appeal_file
from scoring.enums import AppealStatus
from scoring.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("data", "message", "anchor"), [
    ({"decision": "dismissed", "reasoning": ""}, "Give the reasoning for the decision.", 'href="#reasoning"'),
    ({"decision": "maybe", "reasoning": "x"}, "Choose: upheld or dismissed.", 'href="#decision"'),
    ({"decision": "upheld", "reasoning": "x", "reopen": ["abc"]},
     "Only submitted evaluations of this application can be reopened.", 'href="#reasoning"'),
])
def test_bad_decisions_answer_400_with_the_message(client, official, published, data, message, anchor):
    competition, _a, b, _user_a, user_b = published
    appeal = appeal_file(application=b, reason="Criterion 1", actor=user_b, now=competition.results_published_at)
    client.force_login(official)
    response = client.post(reverse("results:appeal", args=[competition.reference, appeal.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and anchor in html
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.PENDING
