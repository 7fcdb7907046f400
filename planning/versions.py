"""What changed between two versions of an approved plan. Pure: plain dicts in, plain tuples out, no ORM.

A version's snapshot holds ``items``: one dict per item with its ``number`` and its public fields (see
``selectors.plan_snapshot``). Items are matched by number (numbers are never reused within a plan).
"""

from dataclasses import dataclass, field

# The fields compared, in the order they are shown; evidence and the discussion are not part of the terms.
COMPARED = ("topic_kk", "topic_ru", "topic_en", "priority_area", "target_group", "regions", "amount",
            "term_years", "expected_results", "indicators", "legal_act", "legal_act_number", "legal_act_date")


@dataclass(frozen=True)
class ItemChange:
    number: int
    kind: str  # "added", "withdrawn" or "changed"
    fields: tuple = field(default_factory=tuple)  # ((name, before, after), ...)


def item_changes(before_items, after_items):
    """The changes from ``before_items`` to ``after_items``, by item number."""
    before = {item["number"]: item for item in before_items}
    changes = []
    for item in sorted(after_items, key=lambda i: i["number"]):
        old = before.get(item["number"])
        if old is None:
            changes.append(ItemChange(item["number"], "added"))
            continue
        if item.get("withdrawn") and not old.get("withdrawn"):
            changes.append(ItemChange(item["number"], "withdrawn", (("withdrawal_reason", "",
                                                                      item.get("withdrawal_reason", "")),)))
            continue
        diff = tuple((name, old.get(name), item.get(name)) for name in COMPARED if old.get(name) != item.get(name))
        if diff:
            changes.append(ItemChange(item["number"], "changed", diff))
    return changes
