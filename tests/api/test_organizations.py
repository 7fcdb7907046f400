"""Organisations through the API: registration (confirmed e-mail), owners change, members read."""

import pytest
from django.utils import timezone

from tests import factories as f

from .helpers import forced_client


def payload(**extra):
    return {"bin": f.make_bin(), "name": "Жастар орталығы", "legal_form": "public_association",
            "region": f.region().pk, "registered_on": "2020-01-15", **extra}


@pytest.mark.django_db
def test_registration_needs_a_confirmed_email_and_makes_an_owner():
    user = f.UserFactory(email_confirmed_at=None)
    assert forced_client(user).post("/api/v1/organizations/", payload(), format="json").status_code == 403
    user.email_confirmed_at = timezone.now()
    user.save()
    response = forced_client(user).post("/api/v1/organizations/", payload(), format="json")
    assert response.status_code == 201, response.json()
    assert user.memberships.get().role == "owner"
    assert forced_client(user).get("/api/v1/organizations/").json()["count"] == 1


@pytest.mark.django_db
def test_a_wrong_bin_is_refused_beside_the_field():
    user = f.UserFactory(email_confirmed_at=timezone.now())
    response = forced_client(user).post("/api/v1/organizations/", payload(bin="123456789012"), format="json")
    assert response.status_code == 400 and "bin" in response.json()


@pytest.mark.django_db
def test_members_change_the_profile_others_get_404():
    owner = f.MembershipFactory(role="owner")
    editor = f.MembershipFactory(role="editor", organization=owner.organization)
    url = f"/api/v1/organizations/{owner.organization.pk}/"
    assert forced_client(owner.user).patch(url, {"address": "Kostanay"}, format="json").json()["address"] == \
        "Kostanay"
    assert forced_client(editor.user).get(url).status_code == 200
    # Editors maintain the profile too (only owners manage members).
    assert forced_client(editor.user).patch(url, {"address": "Rudny"}, format="json").json()["address"] == "Rudny"
    assert forced_client(f.MembershipFactory().user).get(url).status_code == 404
