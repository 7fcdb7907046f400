"""What every scoring page shares: the competition it concerns and the permission it asks."""

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from competitions.selectors import competitions_followed_by


def require(request, perm, obj=None):
    """403 for someone who may see ``obj`` but not do this."""
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def followed_competition(request, reference, *, manage=False):
    """The competition of a review or ranking page: 404 unless the user follows it (officials, observers,
    administrators); with ``manage`` 403 unless they manage it (observers only read)."""
    competition = get_object_or_404(competitions_followed_by(request.user),
                                    reference=reference)
    if manage:
        require(request, "competitions.manage_competition", competition)
    return competition
