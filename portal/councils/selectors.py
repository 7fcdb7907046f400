"""Every read of councils. Councils and their documents are public; who may act is in ``rules.py``."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from portal.accounts.selectors import roles_for_user

from .enums import CouncilDocumentKind, CouncilDocumentStatus, CouncilRole
from .models import Council, CouncilDocument, CouncilMember


def overdue_q(today, prefix=""):
    """Recommendations still unanswered after their deadline day (``prefix``: e.g. ``"documents__"``)."""
    return Q(**{f"{prefix}kind": CouncilDocumentKind.RECOMMENDATION, f"{prefix}status": CouncilDocumentStatus.FILED,
                f"{prefix}answer_due_on__lt": today})


def councils_public():
    today = timezone.localdate()
    return (Council.objects.select_related("body")
            .annotate(n_documents=Count("documents", distinct=True),
                      n_overdue=Count("documents", filter=overdue_q(today, "documents__"), distinct=True))
            .order_by("body__name_ru", "name_ru", "id"))


def council_members(council):
    return (CouncilMember.objects.filter(council=council).select_related("user")
            .order_by("role", "user__full_name", "user__email"))


def documents_public():
    return CouncilDocument.objects.select_related("council", "council__body").order_by("-filed_at", "-id")


def documents_of_council(council):
    return documents_public().filter(council=council)


def documents_on(obj):
    """The council documents filed on ``obj`` (a plan, a competition...), newest first."""
    return documents_public().filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)


def documents_awaiting_answer(user, *, today=None):
    """Unanswered documents of the councils at the bodies the user works for, overdue and nearest deadline first."""
    today = today or timezone.localdate()
    roles = roles_for_user(user)
    qs = documents_public().filter(status=CouncilDocumentStatus.FILED)
    if not roles.is_admin:
        qs = qs.filter(council__body_id__in=roles.official_body_ids)
    return qs.order_by("answer_due_on", "filed_at", "id")


def council_roles_for_user(user):
    """``{council_id: role}`` of the user's council memberships, computed once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_council_roles", None)
    if cached is None:
        cached = dict(CouncilMember.objects.filter(user=user).values_list("council_id", "role"))
        user._council_roles = cached
    return cached


def memberships_of_user(user):
    if not getattr(user, "is_authenticated", False):
        return CouncilMember.objects.none()
    return CouncilMember.objects.filter(user=user).select_related("council", "council__body").order_by("council_id")


def council_of_member(user, *, body_id):
    """The council of ``body_id`` the user sits on (the first, should there be several), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (CouncilMember.objects.filter(user=user, council__body_id=body_id).select_related("council")
                  .order_by("council_id").first())
    return membership.council if membership else None


def members_to_notify(council):
    return [m.user for m in CouncilMember.objects.filter(council=council, user__is_active=True).select_related("user")]


def members_of_body_councils(body_id):
    return [m.user for m in CouncilMember.objects.filter(council__body_id=body_id, user__is_active=True)
            .select_related("user")]


def observers_to_invite(body_id):
    """The members of the body's public councils invited to observe a draw or a meeting: ``(users, rows)``, a
    row ``{"name", "council_kk", "council_ru", "council_en"}`` per membership (kept with the draw or meeting)."""
    memberships = list(CouncilMember.objects.filter(council__body_id=body_id, user__is_active=True)
                       .select_related("user", "council").order_by("council_id", "user__full_name", "id"))
    rows = [{"name": m.user.full_name or "", "council_kk": m.council.name_kk, "council_ru": m.council.name_ru,
             "council_en": m.council.name_en} for m in memberships]
    return list({m.user_id: m.user for m in memberships}.values()), rows


def filing_councils_for_user(user):
    """Councils in whose name the user files documents (chair or secretary)."""
    roles = council_roles_for_user(user)
    ids = [pk for pk, role in roles.items() if role in (CouncilRole.CHAIR, CouncilRole.SECRETARY)]
    return Council.objects.filter(pk__in=ids).select_related("body")
