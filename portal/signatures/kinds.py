"""What each kind of signed document requires, registered by the app that owns the document.

``portal`` never imports a domain app: ``applications`` registers the rules of an application's signature
(the certificate's BIN must be the applicant organisation's; the document is the application's current
content hash) in its ``AppConfig.ready``; the agreement, the evaluation and the protocol register theirs the
same way, and then signing each of them is one call to ``signature_attach``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class KindRule:
    # (target, actor) -> the BIN the certificate must carry, or "" when a personal certificate will do
    expected_bin: Callable | None = None
    # target -> the sha256 the signature must cover now (refuses a signature over an older version)
    current_sha256: Callable | None = None


_RULES: dict[str, KindRule] = {}


def register(kind, *, expected_bin=None, current_sha256=None):
    _RULES[str(kind)] = KindRule(expected_bin=expected_bin, current_sha256=current_sha256)


def rule_for(kind) -> KindRule:
    return _RULES.get(str(kind), KindRule())


def signed_content(document_sha256: str) -> bytes:
    """The bytes NCALayer signs for a document: its sha256 as 64 lower-case hex characters."""
    return document_sha256.encode("ascii")
