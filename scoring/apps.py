from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Expert review and ranking")

    def ready(self):
        # The app's registrations, once the models are loaded (Django's idiom for ready()): the rules of
        # each concept, the Celery tasks (not in a top-level tasks.py), the receivers, the dashboard panels.
        from portal.dashboard import register_panel

        from .appeals import rules as _appeal_rules  # noqa: F401
        from .assignment import rules as _assignment_rules  # noqa: F401
        from .assignment import tasks as _assignment_tasks  # noqa: F401
        from .commission import rules as _commission_rules  # noqa: F401
        from .commission import tasks as _commission_tasks  # noqa: F401
        from .evaluation import rules as _evaluation_rules  # noqa: F401
        from .experts import rules as _expert_rules  # noqa: F401
        from .experts import tasks as _expert_tasks  # noqa: F401
        from .panels import expert_panel, official_panel
        from .ranking import rules as _ranking_rules  # noqa: F401
        from .reports import tasks as _report_tasks  # noqa: F401
        from .rubrics import receivers as _rubric_receivers  # noqa: F401
        from .rubrics import rules as _rubric_rules  # noqa: F401

        register_panel(key="scoring_expert", order=50, template="review/dashboard_panel.html",
                       applies=lambda roles: roles.is_expert, context=expert_panel)
        register_panel(key="scoring_official", order=55, template="scoring/dashboard_official_panel.html",
                       applies=lambda roles: roles.is_official or roles.is_admin, context=official_panel)
