from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Expert review and ranking")

    def ready(self):
        from portal.dashboard import register_panel

        from . import (
            receivers,  # noqa: F401
            reminder_tasks,  # noqa: F401  (not tasks.py: registered with the worker here)
            results_rules,  # noqa: F401  (ranking, results and appeals permissions)
        )

        def expert_context(request, roles):
            from .review_views import dashboard_context

            return dashboard_context(request.user)

        register_panel(key="scoring_expert", order=50, template="review/dashboard_panel.html",
                       applies=lambda roles: roles.is_expert, context=expert_context)
        def official_context(request, roles):
            from .selectors import competitions_for_review

            reviews = competitions_for_review(request.user).filter(status="under_review")
            if not roles.is_admin:
                reviews = reviews.filter(body_id__in=roles.official_body_ids)
            return {"reviews": list(reviews[:10])}

        register_panel(key="scoring_official", order=55, template="scoring/dashboard_official_panel.html",
                       applies=lambda roles: roles.is_official or roles.is_admin,
                       context=official_context)
