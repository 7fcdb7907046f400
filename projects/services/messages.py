"""The message thread of a project (issue 13, step 9): the organisation's members and the officials of the body
write to each other, with an optional attachment checked exactly as an application's; each message is an audit
event (a code, not a sentence) and a notification to the other side."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.uploads import check_upload
from portal import audit
from portal.accounts.selectors import roles_for_user
from portal.errors import DomainError
from portal.notifications.services import later, notify

from ..models import ProjectMessage
from .reports import curators, members

MAX_BODY = 10000


@transaction.atomic
def message_post(*, project, actor, body, attachment=None, now=None):
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the message."), code="body_required")
    if len(body) > MAX_BODY:
        raise DomainError(_("The message is too long."), code="body_too_long")
    message = ProjectMessage(project=project, author=actor, body=body, created_at=now or timezone.now())
    if attachment is not None:
        checked = check_upload(attachment)
        attachment.seek(0)
        message.attachment_name, message.attachment_sha256 = checked.display_name, checked.sha256
        message.attachment_type = checked.kind.content_type
        message.attachment.save(checked.display_name, attachment, save=False)
    message.save()
    from_grantee = project.organization_id in roles_for_user(actor).organization_ids
    audit.record(actor=actor, action="project_message.posted", target=project, competition_id=project.competition_id,
                 after={"message": message.pk, "side": "organization" if from_grantee else "body",
                        "sha256": message.attachment_sha256})
    recipients = curators(project) if from_grantee else members(project)
    notify(users=[user for user in recipients if user.pk != actor.pk], url=f"/projects/{project.pk}/messages/",
           subject=later(_("Project %(reference)s: a new message"), reference=project.reference))
    return message
