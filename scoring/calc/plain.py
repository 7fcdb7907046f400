"""Plain JSON values: decimals and datetimes become strings, recursively, so the JSON is exact and portable.
Pure (no Django): the frozen snapshot and the API's ranking answer both use it."""

from decimal import Decimal


def plain_value(value):
    """One value: a Decimal as its exact string, a date or time in ISO 8601, anything else as it is."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_plain(value):
    """Decimals and datetimes become strings, recursively, so the JSON is exact and portable."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    return plain_value(value)
