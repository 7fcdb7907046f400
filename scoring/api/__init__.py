"""REST API of the review: rubrics, the expert register and pool, assignments (manual and automatic), conflict
declarations, evaluations, the ranking, reports, published results and appeals; one module per concept.

Reads start from the selectors (and the competitions' and applications' selectors for what the caller may
see: 404 otherwise); permissions are ``rules`` perms (403), the same the pages ask; every write is a service.
Nothing here computes a score, a rank or a conflict.
"""
