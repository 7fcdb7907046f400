import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from portal.errors import DomainError, TransitionError
from portal.formatting import MONTHS, format_money
from portal.notifications.models import OutboxMessage
from portal.signatures.seal import check_seal
from projects.enums import AgreementStatus, AmendmentStatus, ProjectStatus, RenderStatus, TrancheStatus
from projects.models import Project
from projects.services import (
    agreement_create,
    agreement_into_force,
    agreement_render,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    amendment_approve,
    amendment_refuse,
    amendment_request,
    project_fund_lower,
)
from projects.services.agreement import AmendmentRefused
from tests.bilingual_pdf import bilingual
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _signed(official, ngo):
    agreement = agreement_create(project=Project.objects.get(), actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    return agreement_sign_body(agreement=agreement, actor=official)


def test_agreement_content_follows_the_project_and_the_terms(official):
    competition, _apps, _members = published_world(official)
    project = Project.objects.get()
    agreement = agreement_create(project=project, actor=official)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTING and agreement.status == AgreementStatus.DRAFT
    version = agreement.versions.get()
    content = version.content
    assert content["body"]["bin"] == competition.body.bin
    assert content["organization"]["bin"] == project.organization.bin
    assert content["amount"] == "1500000.00" and content["schedule"] == "halves"
    assert [(t["amount"], t["condition"]) for t in content["tranches"]] == [
        ("750000.00", "agreement_in_force"), ("750000.00", "report_accepted")]
    assert [p["kind"] for p in content["reporting"]] == ["interim", "final"]
    assert len(version.sha256) == 64
    assert OutboxMessage.objects.filter(channel="task", address="projects.render_agreement").count() == 1


def test_a_lower_amount_makes_a_new_version(official):
    published_world(official)
    project = Project.objects.get()
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    first = agreement.versions.get().sha256
    project_fund_lower(project=project, amount="1000001", reason="Lower", actor=official)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    current = agreement.versions.get(is_current=True)
    assert current.number == 2 and current.sha256 != first
    assert [t["amount"] for t in current.content["tranches"]] == ["500000.50", "500000.50"]


def test_signing_in_order_puts_it_in_force_with_its_schedule(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    agreement = agreement_create(project=Project.objects.get(), actor=official)
    with pytest.raises(DomainError) as refused:
        agreement_sign_ngo(agreement=agreement, actor=ngo)
    assert refused.value.code == "not_sent"
    agreement_send(agreement=agreement, actor=official)
    with pytest.raises(DomainError):
        agreement_sign_body(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    agreement_sign_body(agreement=agreement, actor=official)
    agreement.refresh_from_db()
    project = agreement.project
    project.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE and project.status == ProjectStatus.IN_PROGRESS
    assert [(t.number, t.amount, t.status) for t in project.tranches.all()] == [
        (1, D("750000.00"), TrancheStatus.DUE), (2, D("750000.00"), TrancheStatus.PLANNED)]
    assert sum(t.amount for t in project.tranches.all()) == project.amount
    assert project.tranches.get(number=2).condition_period == project.periods.get(number=1)
    assert [p.report.status for p in project.periods.all()] == ["not_started", "not_started"]


def test_signature_is_required_when_the_setting_says_so(official, settings):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    settings.SIGNATURE_REQUIRED = {**settings.SIGNATURE_REQUIRED, "agreement": True}
    agreement = agreement_create(project=Project.objects.get(), actor=official)
    agreement_send(agreement=agreement, actor=official)
    with pytest.raises(DomainError) as refused:
        agreement_sign_ngo(agreement=agreement, actor=ngo)
    assert refused.value.code == "signature_required"


def test_budget_move_within_the_limit_is_a_new_version(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    agreement = _signed(official, ngo)
    first, second = agreement.project.budget_lines.all()  # 1 125 000 and 375 000; 10 % of each may move
    with pytest.raises(AmendmentRefused) as refused:
        amendment_request(agreement=agreement, kind="budget_move", reason="More venues", actor=ngo,
                          changes={"moves": {str(first.pk): "-50000", str(second.pk): "50000"}})
    assert [code for _line, code in refused.value.codes] == ["over_limit"]  # 50 000 > 37 500
    with pytest.raises(AmendmentRefused) as refused:
        amendment_request(agreement=agreement, kind="budget_move", reason="More venues", actor=ngo,
                          changes={"moves": {str(first.pk): "-30000", str(second.pk): "20000"}})
    assert [code for _line, code in refused.value.codes] == ["not_balanced"]
    amendment = amendment_request(agreement=agreement, kind="budget_move", reason="More venues", actor=ngo,
                                  changes={"moves": {str(first.pk): "-30000", str(second.pk): "30000"}})
    amendment_approve(amendment=amendment, actor=official, reason="Justified")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED and amendment.version.number == 2
    assert [line.amount for line in agreement.project.budget_lines.all()] == [D("1095000.00"), D("405000.00")]
    assert list(agreement.versions.values_list("number", "is_current")) == [(1, False), (2, True)]
    with pytest.raises(DomainError):
        amendment_approve(amendment=amendment, actor=official)


def test_refusing_an_amendment_needs_a_reason(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    agreement = _signed(official, ngo)
    amendment = amendment_request(agreement=agreement, kind="dates", reason="Later end", actor=ngo,
                                  changes={"ends_on": "2026-12-20"})
    with pytest.raises(DomainError):
        amendment_refuse(amendment=amendment, actor=official, reason="")
    amendment_refuse(amendment=amendment, actor=official, reason="The year's budget closes on 15 December")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REFUSED and amendment.version is None


def test_a_sent_agreement_cannot_skip_to_in_force(official):
    published_world(official)
    agreement = agreement_create(project=Project.objects.get(), actor=official)
    with pytest.raises(TransitionError):
        agreement_into_force(agreement=agreement, actor=official)


def test_render_makes_one_sealed_pdf_in_kazakh_then_russian(official):
    published_world(official)
    with TestCase.captureOnCommitCallbacks(execute=False):
        agreement = agreement_create(project=Project.objects.get(), actor=official)
    version = agreement_render(version_id=agreement.versions.get().pk)
    assert version.render_status == RenderStatus.DONE
    data = version.pdf.read()
    assert check_seal(data).ok and hashlib.sha256(data).hexdigest() == version.pdf_sha256
    assert (version.pdf_kk.name, version.pdf_ru.name, version.pdf_kk_sha256) == ("", "", "")
    halves = bilingual(data, kk="Грант беру туралы шарт", ru="Договор о предоставлении гранта", name="agreement")
    starts = date.fromisoformat(version.content["project"]["starts_on"])
    kk_day = f"{starts.day} {MONTHS['kk'][starts.month - 1]} {starts.year}"
    ru_day = f"{starts.day} {MONTHS['ru'][starts.month - 1]} {starts.year}"
    ru_first = halves.page_of("Договор о предоставлении гранта")
    assert halves.page_of(kk_day) < ru_first <= halves.page_of(ru_day)
    amount = format_money(version.content["amount"], language="ru")
    assert halves.page_of(amount) is not None
    assert agreement_render(version_id=version.pk).pdf_sha256 == version.pdf_sha256  # idempotent


def test_a_version_rendered_before_as_two_files_stays_downloadable(client, official):
    published_world(official)
    with TestCase.captureOnCommitCallbacks(execute=False):
        agreement = agreement_create(project=Project.objects.get(), actor=official)
    version = agreement.versions.get()
    for language in ("kk", "ru"):  # as the worker stored a version before one file carried both languages
        getattr(version, f"pdf_{language}").save(f"{language}.pdf", ContentFile(b"%PDF-1.4 " + language.encode()),
                                                 save=False)
    version.render_status = RenderStatus.DONE
    version.save()
    client.force_login(official)
    for language in ("kk", "ru"):
        response = client.get(reverse("projects:agreement_pdf", kwargs={"pk": version.pk, "language": language}))
        assert b"".join(response.streaming_content) == b"%PDF-1.4 " + language.encode()
    assert client.get(reverse("projects:agreement_pdf", kwargs={"pk": version.pk, "language": "kk-ru"})
                      ).status_code == 404
    assert agreement_render(version_id=version.pk).pdf.name == ""  # a finished version is not rendered again
