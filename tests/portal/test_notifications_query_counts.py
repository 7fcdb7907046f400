"""Query count of the notifications page: the same for one notification and for many (DESIGN.md §5)."""

import pytest
from django.urls import reverse

from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 20])
def test_notifications_page_query_count(client, django_assert_num_queries, count):
    user = f.UserFactory()
    Notification.objects.bulk_create([Notification(user=user, subject=f"Subject {n}", body="Text", url="/")
                                      for n in range(count)])
    client.force_login(user)
    url = reverse("notifications:list")
    client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
