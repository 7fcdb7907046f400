from django.db import transaction

from .models import Sequence


@transaction.atomic
def sequence_next(*, key):
    """Return the next value of the counter ``key``; rows are locked so concurrent callers never collide."""
    Sequence.objects.get_or_create(key=key)
    sequence = Sequence.objects.select_for_update().get(key=key)
    sequence.value += 1
    sequence.save(update_fields=["value"])
    return sequence.value
