"""What projects hooks into below it (connected from ``ProjectsConfig.ready``): lower apps never import
projects.

* ``competitions.signals.competition_status_changed``: when results are published (the ranking service moves
  the competition to ``results_published`` after every application got its outcome), each winner becomes a
  Project in the same transaction, so published results and their projects commit together.
* ``portal.signatures.kinds``: the agreement's EDS signature is over its current version's sha256.
"""

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from competitions.signals import competition_status_changed
from portal.signatures import kinds
from portal.signatures.enums import SignatureKind


def on_competition_status_changed(sender, *, competition, before, to, actor, **kwargs):
    if to == CompetitionStatus.RESULTS_PUBLISHED and _has_published_ranking(competition):
        from .services import projects_create_from_results, projects_follow_results  # needs the app registry

        projects_follow_results(competition=competition, snapshot_number=_published_number(competition), actor=actor)
        projects_create_from_results(competition=competition, actor=actor)


def _has_published_ranking(competition):
    """Results are published through the ranking service, which stamps the frozen snapshot first; a status moved
    by hand (an administrator's correction, a state-machine test) has no winners to turn into projects."""
    from scoring.models import RankingSnapshot  # models need the app registry ready

    return RankingSnapshot.objects.filter(competition=competition, is_current=True,
                                          published_at__isnull=False).exists()


def _published_number(competition):
    from scoring.models import RankingSnapshot  # models need the app registry ready

    return (RankingSnapshot.objects.filter(competition=competition, is_current=True)
            .values_list("number", flat=True).first())


def _agreement_sha256(agreement):
    version = agreement.versions.filter(is_current=True).first()
    return version.sha256 if version else ""


def register():
    competition_status_changed.connect(on_competition_status_changed, sender=Competition,
                                       dispatch_uid="projects.from_results")
    kinds.register(SignatureKind.AGREEMENT, current_sha256=_agreement_sha256)
