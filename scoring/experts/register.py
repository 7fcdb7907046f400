"""Writes of the open expert register: applying (with a CV, the code of conduct accepted), vetting (approve
with an inclusion term, or decline with a reason), renewal, and the calibration exercise.
``expert_application_transition`` is the only writer of ``ExpertApplication.status``."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import ExpertProfile
from portal.accounts.validators import validate_bin
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from portal.uploads import UploadProblem, inspect_upload

from ..calc.calibration import deviations
from ..enums import EXPERT_APPLICATION_TRANSITIONS, ExpertApplicationStatus, NominationSource
from ..errors import ProblemsError
from ..models import CalibrationAttempt, ExpertApplication

INCLUSION_DAYS = 3 * 365  # the default term of inclusion in the register
LANGUAGE_CODES = {"kk", "ru", "en"}


def _problems(*, full_name, qualifications, priority_areas, languages, nomination_source, nominating_bin,
              accepted_code):
    problems = []
    if not full_name:
        problems.append(("full_name", _("Enter your full name.")))
    if not qualifications:
        problems.append(("qualifications", _("Describe your qualifications and experience.")))
    if not priority_areas:
        problems.append(("priority_areas", _("Choose at least one priority area.")))
    if not languages or not set(languages) <= LANGUAGE_CODES:
        problems.append(("languages", _("Choose your working languages.")))
    if nomination_source not in NominationSource.values:
        problems.append(("nomination_source", _("Choose who nominates you.")))
    if nomination_source == NominationSource.NGO:
        try:
            validate_bin(nominating_bin)
        except ValidationError as error:
            problems.append(("nominating_bin", error.messages[0]))
    elif nominating_bin:
        problems.append(("nominating_bin", _("A BIN is given only when an NGO nominates you.")))
    if not accepted_code:
        problems.append(("accept_code", _("Accept the code of conduct and the conflict-of-interest rules.")))
    return problems


@transaction.atomic
def expert_application_submit(*, applicant, full_name, cv, qualifications, priority_areas, regions=(),
                              languages=(), nomination_source=NominationSource.SELF, nominating_bin="",
                              accepted_code=False, now=None):
    """Apply to the register. Every problem is reported at once, beside its field."""
    now = now or timezone.now()
    full_name, qualifications = (full_name or "").strip(), (qualifications or "").strip()
    nominating_bin = (nominating_bin or "").strip()
    problems = _problems(full_name=full_name, qualifications=qualifications, priority_areas=priority_areas,
                         languages=languages, nomination_source=nomination_source, nominating_bin=nominating_bin,
                         accepted_code=accepted_code)
    inspected = None
    if cv is None:
        problems.append(("cv", _("Attach your CV.")))
    else:
        try:
            inspected = inspect_upload(cv, max_bytes=settings.UPLOAD_MAX_FILE_BYTES)
        except UploadProblem as problem:
            problems.append(("cv", problem.message))
    if ExpertApplication.objects.filter(applicant=applicant, status=ExpertApplicationStatus.SUBMITTED).exists():
        raise ProblemsError([(None, _("Your application to the register already awaits vetting."))],
                            code="application_pending")
    if problems:
        raise ProblemsError(problems)
    application = ExpertApplication(
        applicant=applicant, full_name=full_name[:200], qualifications=qualifications, languages=sorted(languages),
        nomination_source=nomination_source, nominating_bin=nominating_bin, code_of_conduct_accepted_at=now,
        submitted_at=now, status_changed_at=now, cv_name=inspected.name, cv_sha256=inspected.sha256)
    application.cv.save(inspected.name, cv, save=False)
    application.save()
    application.priority_areas.set(priority_areas)
    application.regions.set(regions)
    audit.record(actor=applicant, action="expert_application.submitted", target=application,
                 after={"nomination_source": nomination_source, "nominating_bin": nominating_bin,
                        "cv_sha256": inspected.sha256, "code_of_conduct": True})
    return application


@transaction.atomic
def expert_application_transition(*, application, to, actor, reason="", now=None):
    """The only writer of ``ExpertApplication.status``."""
    now = now or timezone.now()
    before = application.status
    check_transition(table=EXPERT_APPLICATION_TRANSITIONS, kind="expert_application", current=before, to=to)
    application.status, application.status_changed_at = to, now
    application.decided_by, application.decision_reason = actor, reason
    application.save(update_fields=["status", "status_changed_at", "decided_by", "decision_reason",
                                    "valid_until"])
    audit.record(actor=actor, action=f"expert_application.{to}", target=application, before={"status": before},
                 after={"status": to, "valid_until": application.valid_until}, reason=reason)
    notify(users=[application.applicant],
           subject=later(_("Your application to the expert register: %(status)s"),
                         status=ExpertApplicationStatus(to).label),
           body=reason, url="/experts/apply/")
    return application


@transaction.atomic
def expert_application_decide(*, application, approve, actor, reason="", valid_until=None, now=None):
    """Approve (the person enters the register until ``valid_until``) or decline with a reason."""
    now = now or timezone.now()
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ExpertApplicationStatus.SUBMITTED:
        raise DomainError(_("This application has already been decided."), code="already_decided")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ProblemsError([("reason", _("Give the reason for declining."))])
    if not approve:
        return expert_application_transition(application=application, to=ExpertApplicationStatus.DECLINED,
                                             actor=actor, reason=reason, now=now)
    today = timezone.localdate(now)
    valid_until = valid_until or today + timedelta(days=INCLUSION_DAYS)
    if valid_until <= today:
        raise ProblemsError([("valid_until", _("The inclusion term must end in the future."))])
    application.valid_until = valid_until
    profile, _created = ExpertProfile.objects.get_or_create(user=application.applicant)
    profile.is_active, profile.languages = True, application.languages
    profile.bio = profile.bio or application.qualifications
    profile.save(update_fields=["is_active", "languages", "bio"])
    profile.priority_areas.add(*application.priority_areas.all())
    profile.regions.add(*application.regions.all())
    if not application.applicant.full_name:
        application.applicant.full_name = application.full_name
        application.applicant.save(update_fields=["full_name"])
    return expert_application_transition(application=application, to=ExpertApplicationStatus.APPROVED,
                                         actor=actor, reason=reason, now=now)


@transaction.atomic
def expert_inclusion_renew(*, application, valid_until, actor, reason=""):
    """Extend the term of an approved inclusion."""
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ExpertApplicationStatus.APPROVED:
        raise DomainError(_("Only an approved inclusion can be renewed."), code="not_approved")
    if application.valid_until and valid_until <= application.valid_until:
        raise ProblemsError([("valid_until", _("The new term must end after the current one."))])
    before = application.valid_until
    application.valid_until, application.expired_at = valid_until, None
    application.save(update_fields=["valid_until", "expired_at"])
    ExpertProfile.objects.filter(user=application.applicant).update(is_active=True)
    audit.record(actor=actor, action="expert_application.renewed", target=application,
                 before={"valid_until": before}, after={"valid_until": valid_until}, reason=reason)
    return application


@transaction.atomic
def calibration_submit(*, exercise, expert, scores, now=None):
    """Score the reference application; the deviation from the reference per criterion is stored and shown."""
    criteria = list(exercise.rubric.criteria.order_by("order"))
    problems = []
    clean = {}
    for criterion in criteria:
        key = str(criterion.order)
        value = scores.get(key)
        if value in (None, ""):
            problems.append((f"c{criterion.order}", _("Score this criterion.")))
            continue
        try:
            number = Decimal(str(value))
        except (ArithmeticError, ValueError):
            number = None
        if number is None or not number.is_finite():
            problems.append((f"c{criterion.order}", _("Enter a number.")))
            continue
        if not criterion.min_score <= number <= criterion.max_score:
            problems.append((f"c{criterion.order}", _("Between %(min)s and %(max)s.")
                             % {"min": criterion.min_score, "max": criterion.max_score}))
        clean[key] = number
    unknown = sorted(set(scores) - {str(c.order) for c in criteria})
    if unknown:
        problems.append(("scores", _("The rubric has no criterion %(keys)s.") % {"keys": ", ".join(unknown)}))
    if problems:
        raise ProblemsError(problems)
    result, mean = deviations(clean, exercise.reference_scores)
    attempt = CalibrationAttempt.objects.create(
        exercise=exercise, expert=expert, scores={k: str(v) for k, v in clean.items()},
        deviations={k: str(v) for k, v in result.items()}, mean_abs_deviation=mean, submitted_at=now or timezone.now())
    audit.record(actor=expert.user, action="calibration.submitted", target=attempt,
                 after={"exercise": exercise.pk, "mean_abs_deviation": mean})
    return attempt
