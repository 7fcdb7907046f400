"""The document a person signs to prove an organisation is theirs.

It names the BIN and the claiming account, so a signature over it proves nothing for anyone else; its sha256
is what NCALayer signs (as for every document, ``kinds.signed_content``).
"""

import hashlib

from django.conf import settings


def claim_document(organization_bin, user):
    """(text, sha256) of the claim of ``user`` over the organisation with ``organization_bin``."""
    text = (f"{settings.SITE_URL.rstrip('/')}\norganization-claim\nbin={organization_bin}\n"
            f"user={user.pk}\nemail={user.email.lower()}\n")
    return text, hashlib.sha256(text.encode()).hexdigest()
