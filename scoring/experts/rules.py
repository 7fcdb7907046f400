"""Who may run the expert register: anyone who acts for a government body (``competitions.rules``)."""

import rules

from competitions.rules import acts_for_a_body

rules.add_perm("scoring.manage_experts", acts_for_a_body)
