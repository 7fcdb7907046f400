"""Who acts on councils. Everything about a council is public to read.

* ``councils.file_document``: the council's chair or secretary (object: the council).
* ``councils.answer_document``: the officials of the council's body, while the document awaits its answer
  (object: the document). Administrators do not answer in a body's name.
"""

import rules

from portal.accounts.selectors import roles_for_user

from .enums import FILING_ROLES, CouncilDocumentStatus
from .selectors import council_roles_for_user


@rules.predicate
def files_for_council(user, council):
    return council is not None and council_roles_for_user(user).get(council.pk) in FILING_ROLES


@rules.predicate
def is_official_of_document_body(user, document):
    return document is not None and document.council.body_id in roles_for_user(user).official_body_ids


@rules.predicate
def awaits_answer(user, document):
    return document.status == CouncilDocumentStatus.FILED


rules.add_perm("councils.file_document", files_for_council)
rules.add_perm("councils.answer_document", is_official_of_document_body & awaits_answer)
# Read-only pages of the officials' side (answer form): the body's officials, whatever the state.
rules.add_perm("councils.view_answer_form", is_official_of_document_body)
