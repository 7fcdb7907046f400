"""The permission matrix: every URL pattern of the project has a declared expectation per role.

Each app keeps its cases in ``tests/permissions/cases_<app>.py`` as ``CASES = [Case(...), ...]``.
``test_matrix.py`` collects them, fails on any URL pattern without a case, and checks every role.

Outcomes:
- ``"ok"``: 2xx (or a 302 that is not to the sign-in page: a successful POST redirects).
- ``"login"``: a redirect to the sign-in page (pages) or 401/403 (API).
- ``"denied"``: 403 or 404 (or the sign-in redirect for anonymous).
- ``"404"``, ``"403"``, ``"400"``, ``"405"``: exactly that status.
- ``"any"``: anything but a 5xx (used sparingly, for e.g. language switching).
Roles not listed in ``expect`` take ``default`` (``"denied"`` unless said otherwise).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")


@dataclass
class Case:
    name: str  # the URL name, with namespace: "competitions:detail"
    kwargs: Callable = field(default=lambda world: {})  # world -> URL kwargs
    expect: dict = field(default_factory=dict)  # role -> outcome
    default: str = "denied"
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    note: str = ""

    def outcome_for(self, role):
        return self.expect.get(role, self.default)


# URL names that need no case: Django admin (staff-only, covered by Django itself) and static helpers.
EXEMPT_PREFIXES = ("admin:",)
