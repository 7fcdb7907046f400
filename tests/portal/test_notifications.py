import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from portal.notifications.models import Notification
from portal.notifications.services import later, notify
from tests import factories as f


@pytest.mark.django_db(transaction=True)
def test_each_recipient_reads_the_notification_in_their_own_language():
    kazakh = f.UserFactory(preferred_language="kk")
    russian = f.UserFactory(preferred_language="ru")
    with translation.override("en"):  # the sender works in English
        notify(users=[kazakh, russian],
               subject=later(_("Application %(number)s withdrawn"), number="SZ-2026-0001-001"),
               body=later(_("Result: %(outcome)s."), outcome=ApplicationStatus.WINNER.label))
    by_user = {n.user_id: n for n in Notification.objects.all()}
    assert by_user[kazakh.pk].subject == "SZ-2026-0001-001 өтінім кері қайтарып алынды"
    assert by_user[russian.pk].subject == "Заявка SZ-2026-0001-001 отозвана"
    assert by_user[kazakh.pk].body == "Нәтиже: Жеңімпаз."
    assert by_user[russian.pk].body == "Результат: Победитель."
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kazakh.email, russian.email])
