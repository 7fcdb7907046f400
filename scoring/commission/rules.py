"""Object permissions of the commission. Officials of the body manage it; observers and officials follow it."""

import rules

from competitions.rules import follows_competition, manages_competition

from ..ranking.rules import is_ranked

rules.add_perm("scoring.manage_commission", manages_competition)
rules.add_perm("scoring.hold_meeting", manages_competition & is_ranked)
rules.add_perm("scoring.view_commission", follows_competition)
rules.add_perm("scoring.run_draw", manages_competition)
