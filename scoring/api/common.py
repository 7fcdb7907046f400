"""What the scoring API modules share: number formats of the schema, the error answers, the competition."""

from competitions.selectors import competitions_for_user
from portal.api_common import errors, visible_or_404

SCORE = {"max_digits": None, "decimal_places": 3}
MONEY = {"max_digits": None, "decimal_places": 2}
ERRORS = errors(400, 401, 403, 404, 409)


def competition_or_404(request, pk):
    """A competition the caller may see (404 otherwise)."""
    return visible_or_404(competitions_for_user(request.user), pk=pk)
