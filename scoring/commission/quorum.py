"""The commission's arithmetic: quorum and the decision from the votes. Pure: no database."""

APPROVE, SEND_BACK = "approve", "send_back"


def has_quorum(*, present, members, numerator=2, denominator=3):
    """At least ``numerator/denominator`` of the members present (integer arithmetic, no rounding)."""
    return members > 0 and present * denominator >= numerator * members


def tally(votes, *, chair=None):
    """The decision from ``{member: "approve" | "send_back" | "abstain"}``: approved by more "approve" than
    "send_back" votes; on a tie the chair's vote decides, and without one the ranking is sent back."""
    approve = sum(1 for v in votes.values() if v == APPROVE)
    against = sum(1 for v in votes.values() if v == SEND_BACK)
    if approve != against:
        return APPROVE if approve > against else SEND_BACK
    return APPROVE if chair is not None and votes.get(chair) == APPROVE else SEND_BACK
