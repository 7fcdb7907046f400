"""Services of the expert register: invitations and their acceptance."""


import pytest
from django.core import mail

from portal.errors import DomainError
from scoring.experts.services import (
    expert_invitation_accept,
    expert_invitation_from_token,
    expert_invitation_token,
    expert_invite,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_invitation_token_and_acceptance(official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = expert_invite(email="New.Expert@Example.org", actor=official)
    assert len(mail.outbox) == 1 and "/experts/invitation/" in mail.outbox[0].body
    token = expert_invitation_token(invitation)
    assert expert_invitation_from_token(token) == invitation
    assert expert_invitation_from_token(token + "x") is None
    user = f.UserFactory(email="new.expert@example.org")
    profile = expert_invitation_accept(invitation=invitation, user=user)
    assert profile.user == user and profile.invited_by == official
    assert expert_invitation_from_token(token) is None  # used
    with pytest.raises(DomainError):
        expert_invite(email="new.expert@example.org", actor=official)


# ------------------------------------------------------------------------------------- assignment
