"""Competitions as an official sets them up: the draft with its rubric, the terms of reference, publication,
questions and answers, cancellation. Every step through the competitions and scoring services."""

from datetime import date, timedelta

from competitions.enums import CompetitionDocumentKind, TermType
from competitions.models import Competition
from competitions.services import (
    clarification_answer,
    clarification_ask,
    competition_cancel,
    competition_close_if_due,
    competition_create,
    competition_document_add,
    competition_publish,
)
from portal.reference.models import PriorityArea, Region
from scoring.models import Rubric
from scoring.rubrics.services import competition_rubric_choose

from .context import Timeline, money
from .files import pdf_upload
from .specs import CANCELLATION_REASON, PASS_THRESHOLD, REQUIRED_DOCUMENTS, TEMPLATE_NAME_PREFIX

QUESTIONS = [
    # (asking NGO, question, the official's answer or "" while unanswered)
    ("ngo2", "Можно ли включить в смету аренду автобуса для выезда участников в районы?",
     "Да, транспортные расходы относятся к прямым расходам проекта (статья «Командировки и выезды»); "
     "приложите расчёт стоимости."),
    ("ngo3", "Принимаются ли заявки от организаций, зарегистрированных в другой области?", ""),
]


def load_templates():
    """The rubric templates shipped by the migrations, newest version of each."""
    templates = {}
    for key, prefix in TEMPLATE_NAME_PREFIX.items():
        template = (Rubric.objects.filter(is_template=True, competition__isnull=True, name__startswith=prefix)
                    .order_by("-version").first())
        if template is None:
            raise LookupError(f"The rubric template “{prefix}…” is missing: run the migrations first.")
        templates[key] = template
    return templates


def existing_competition(ctx, spec):
    """The demo competition of ``spec`` if an earlier run made it (its natural key: body and Russian title)."""
    return Competition.objects.filter(body=ctx.body, title_ru=spec.title_ru).first()


def create_competition(ctx, spec):
    """The draft, configured as the official's form would, with its own copy of the rubric template;
    returns the competition and its timeline."""
    opens_at, closes_at = ctx.days(spec.opens, hour=9), ctx.days(spec.closes, hour=18)
    project_start = (closes_at + timedelta(days=45)).date().replace(day=1)
    years = [project_start.year + index for index in range(spec.years)]
    project_end = date(years[-1], 12, 15) if spec.years > 1 else project_start + timedelta(days=270)
    fields = {
        "kind": spec.kind, "title_ru": spec.title_ru, "title_kk": spec.title_kk, "title_en": spec.title_en,
        "description_ru": spec.description_ru, "description_kk": spec.description_kk,
        "priority_area": PriorityArea.objects.get(code=spec.area),
        "term_type": TermType.LONG if spec.years > 1 else TermType.SHORT,
        "project_starts_on": project_start, "project_ends_on": project_end, "project_years": years,
        "total_budget": money(spec.total),
        "min_amount": money(spec.min_amount), "max_amount": money(spec.max_amount), "planned_grants": spec.planned,
        "opens_at": opens_at, "closes_at": closes_at, "evaluation_deadline": (closes_at + timedelta(days=20)).date(),
        "min_organization_age_months": 12, "restrict_to_regions": spec.restrict_to_regions,
        "pass_threshold": PASS_THRESHOLD[spec.rubric],
    }
    required = [{"document_type": doc_type, "mandatory": mandatory, "note": note}
                for doc_type, mandatory, note in REQUIRED_DOCUMENTS]
    created_at = min(opens_at - timedelta(days=10), ctx.days(-1))  # a draft of the future is made today
    competition = competition_create(body=ctx.body, fields=fields, regions=[Region.objects.get(code="kostanay")],
                                     required_documents=required, actor=ctx.official, now=created_at)
    competition_rubric_choose(competition=competition, source=ctx.templates[spec.rubric], actor=ctx.official)
    return competition, Timeline(opens_at, closes_at)


def add_terms_of_reference(ctx, competition, spec):
    upload = pdf_upload(f"{competition.reference}-terms.pdf", [
        f"Competition {competition.reference}: terms of reference", spec.title_en,
        f"Total budget: {spec.total} KZT; per application {spec.min_amount}-{spec.max_amount} KZT.",
    ])
    return competition_document_add(competition=competition, kind=CompetitionDocumentKind.TERMS_OF_REFERENCE,
                                    title="Техническая спецификация конкурса", upload=upload, actor=ctx.official)


def publish(ctx, competition, spec, *, at):
    """The terms of reference, then publication (the rubric is checked and locked on the way)."""
    add_terms_of_reference(ctx, competition, spec)
    competition_publish(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()
    return competition


def close_at_deadline(competition):
    """What the beat task does at ``closes_at``: the window closes, with no one acting."""
    competition_close_if_due(competition=competition, now=competition.closes_at)
    competition.refresh_from_db()
    return competition


def ask_questions(ctx, competition, *, at):
    """NGOs ask while the window is open; the official answers the first question, the other one waits."""
    for index, (org_key, question, answer) in enumerate(QUESTIONS):
        clarification = clarification_ask(competition=competition, organization=ctx.organizations[org_key],
                                          question=question, actor=ctx.users[org_key],
                                          now=at + timedelta(days=index))
        if answer:
            clarification_answer(clarification=clarification, answer=answer, actor=ctx.official)


def cancel(ctx, competition, *, at):
    competition_cancel(competition=competition, reason=CANCELLATION_REASON, actor=ctx.official, now=at)
    competition.refresh_from_db()
    return competition

