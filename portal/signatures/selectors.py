from django.contrib.contenttypes.models import ContentType

from .models import Signature


def signatures_of(target, *, kind=None):
    """The signatures stored for ``target`` (newest first), optionally of one kind."""
    qs = Signature.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.select_related("signed_by")


def valid_signature(target, *, kind, document_sha256):
    """The newest signature of ``kind`` over exactly ``document_sha256``, or None."""
    return signatures_of(target, kind=kind).filter(document_sha256=document_sha256,
                                                   valid_at_signing=True).first()
