"""The expert register's pages (scoring.views.experts)."""


import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 15])
def test_expert_register_query_count(client, django_assert_num_queries, official, count):
    for _ in range(count):
        f.ExpertProfileFactory()
    client.force_login(official)
    with django_assert_num_queries(14):
        response = client.get(reverse("scoring:expert_register"), {"language": "ru"})
    assert response.status_code == 200
