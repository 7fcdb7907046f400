"""factory_boy factories for every model the tests touch. Valid BINs come from ``make_bin``."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from applications.enums import ApplicationStatus, BudgetCategory
from applications.models import Application, BudgetLine
from competitions.enums import CompetitionKind, CompetitionStatus
from competitions.models import Competition, RequiredDocument
from portal.accounts.models import (
    ExpertProfile,
    GovernmentBody,
    Membership,
    ObserverMembership,
    OfficialMembership,
    Organization,
    User,
)
from portal.accounts.validators import bin_check_digit
from portal.reference.models import PriorityArea, Region
from scoring.models import Assignment, Criterion, Evaluation, Rubric

_bin_counter = itertools.count(1)


def make_bin(prefix="1001"):
    """A fresh BIN with a valid check digit (skips the rare prefixes that have none)."""
    while True:
        first_eleven = f"{prefix}4{next(_bin_counter):06d}"[:11]
        digit = bin_check_digit(first_eleven)
        if digit is not None:
            return first_eleven + str(digit)


PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "en"  # tests read the source language; translation tests switch explicitly
    # Confirmed: an unconfirmed account cannot sign in at all; tests of confirmation pass email_confirmed_at=None.
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def region(code="kostanay"):
    return Region.objects.get(code=code)


def priority_area(code="youth"):
    return PriorityArea.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Public association No. {n}")
    bin = factory.LazyFunction(make_bin)
    legal_form = "public_association"
    region = factory.LazyFunction(region)
    registered_on = factory.LazyFunction(lambda: date.today() - timedelta(days=3 * 365))
    in_ngo_database = True
    ngo_database_registered_on = factory.LazyFunction(lambda: date.today() - timedelta(days=2 * 365))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "owner"


class GovernmentBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentBody

    name_ru = factory.Sequence(lambda n: f"Управление внутренней политики {n}")
    name_kk = factory.Sequence(lambda n: f"Ішкі саясат басқармасы {n}")
    short_code = factory.Sequence(lambda n: f"body-{n}")
    bin = factory.LazyFunction(lambda: make_bin("0902"))
    region = factory.LazyFunction(region)


class OfficialMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialMembership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(GovernmentBodyFactory)
    role = "secretary"


class ObserverMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObserverMembership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(GovernmentBodyFactory)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    languages = ["ru", "kk"]


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SZ-2026-{n + 1000:04d}")
    kind = CompetitionKind.STATE_GRANT
    body = factory.SubFactory(GovernmentBodyFactory)
    status = CompetitionStatus.PUBLISHED
    title_ru = factory.Sequence(lambda n: f"Конкурс грантов № {n}")
    title_kk = factory.Sequence(lambda n: f"Гранттар конкурсы № {n}")
    description_ru = "Поддержка молодежных инициатив."
    description_kk = "Жастар бастамаларын қолдау."
    priority_area = factory.LazyFunction(priority_area)
    total_budget = Decimal("30000000.00")
    min_amount = Decimal("1000000.00")
    max_amount = Decimal("5000000.00")
    planned_grants = 6
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=11))

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create:
            obj.regions.set(extracted if extracted is not None else [region()])


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    competition = factory.SubFactory(CompetitionFactory)
    document_type = "charter"
    mandatory = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    competition = factory.SubFactory(CompetitionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = ApplicationStatus.DRAFT
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A project for young people."
    requested_amount = Decimal("2000000.00")
    registration_number = factory.LazyAttribute(
        lambda o: None if o.status == ApplicationStatus.DRAFT else f"{o.competition.reference}-{next(_bin_counter):03d}"
    )


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    category = BudgetCategory.SERVICES
    description = "Trainer fees"
    quantity = Decimal("10")
    unit_cost = Decimal("100000.00")


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    name = factory.Sequence(lambda n: f"Rubric {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Criterion {n}")
    min_score = Decimal("0")
    max_score = Decimal("10")
    step = Decimal("1")
    weight = Decimal("1")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    expert = factory.SubFactory(ExpertProfileFactory)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    assignment = factory.SubFactory(AssignmentFactory)


# --- accounts: invitations (accounts helper) -----------------------------------------------------


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Invitation"

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.kz")
    role = "editor"
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=7))


# --- planning and public councils ----------------------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Plan"

    body = factory.SubFactory(GovernmentBodyFactory)
    year = factory.Sequence(lambda n: 2027 + n)
    title_ru = factory.LazyAttribute(lambda o: f"План тем на {o.year} год")
    title_kk = factory.LazyAttribute(lambda o: f"{o.year} жылға арналған тақырыптар жоспары")


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A complete item (everything the discussion needs)."""

    class Meta:
        model = "planning.PlanItem"
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    priority_area = factory.LazyFunction(priority_area)
    topic_ru = factory.Sequence(lambda n: f"Тема № {n}")
    topic_kk = factory.Sequence(lambda n: f"№ {n} тақырып")
    topic_en = factory.Sequence(lambda n: f"Topic No. {n}")
    target_group = "Young people aged 14-29"
    amount = Decimal("12000000.00")
    term_years = 1
    expected_results = "200 young people trained"
    legal_act = "Law on state social order"
    legal_act_number = "36-III"

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create:
            obj.regions.set(extracted if extracted is not None else [region()])


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "councils.Council"

    body = factory.SubFactory(GovernmentBodyFactory)
    name_ru = factory.Sequence(lambda n: f"Общественный совет № {n}")
    name_kk = factory.Sequence(lambda n: f"Қоғамдық кеңес № {n}")


class TopicProposalFactory(factory.django.DjangoModelFactory):
    """A decided (declined) proposal unless told otherwise; submitted ones come from ``proposal_submit``."""

    class Meta:
        model = "planning.TopicProposal"

    plan = factory.SubFactory(PlanFactory)
    author = factory.SubFactory(UserFactory)
    priority_area = factory.LazyFunction(priority_area)
    topic = factory.Sequence(lambda n: f"Proposed topic {n}")
    justification = "Figures show the need."
    status = "declined"
    decision_reason = "Outside the body's competence."


def approve_ranking(competition, *, actor, members=3, dissent="", held_at=None):
    """A commission (``actor`` as chair plus ``members - 1`` others) meets and approves the current frozen ranking,
    so that ``results_publish`` may run. With ``dissent``, the last member votes against and says why.
    Returns the meeting."""
    from scoring.commission import services as commission
    from scoring.enums import CommissionRole, Vote

    board = commission.commission_setup(competition=competition, actor=actor)
    seats = list(board.members.all())
    if not seats:
        seats = [commission.commission_member_add(commission=board, user=actor, full_name="Chair",
                                                  role=CommissionRole.CHAIR, actor=actor)]
        seats += [commission.commission_member_add(commission=board, user=UserFactory(), full_name=f"Member {n}",
                                                   actor=actor) for n in range(2, members + 1)]
    meeting = commission.meeting_schedule(commission=board, held_at=held_at or timezone.now(), actor=actor)
    meeting = commission.meeting_hold(meeting=meeting, present_member_ids=[s.pk for s in seats], actor=actor)
    votes = {s.pk: (Vote.APPROVE, "") for s in seats}
    if dissent:
        votes[seats[-1].pk] = (Vote.SEND_BACK, dissent)
    return commission.meeting_decide(meeting=meeting, votes=votes, actor=actor)
