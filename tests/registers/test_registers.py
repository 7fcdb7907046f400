"""The state registers: the HTTP client against a local fake, the offline twin, registration through an outage
and the beat re-check that verifies afterwards."""

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.accounts import services as account_services
from portal.accounts.models import VerificationStatus
from portal.audit.models import AuditEvent
from portal.registers import services
from portal.registers.base import RegisterUnavailable
from portal.registers.http import HttpRegister
from portal.registers.offline import FixtureRegister
from portal.registers.tasks import recheck_unverified
from tests import factories as f
from tests.fakeserver import FakeServer

BIN = "120540011106"  # in the fixture file: active, in the NGO database since 2013-01-20
ENTITY = {"bin": BIN, "name_kk": "«Ашық қоғам» қоғамдық бірлестігі", "name_ru": "ОО «Открытое общество»",
          "registered_on": "2012-05-14", "status": "active", "head": "Сейтказиев Арман Нурланович",
          "address": "г. Астана, ул. Кенесары, 40"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def register_gateway(state):
    """Answers as the register gateway: ``state["mode"]`` is "up", "500" or "slow"."""

    def handle(method, path, body):
        state["calls"] = state.get("calls", 0) + 1
        if state["mode"] == "500":
            return 500, {"error": "maintenance"}, 0
        if state["mode"] == "slow":
            return 200, ENTITY, 1.0
        if path == f"/legal-entities/{BIN}":
            return 200, ENTITY, 0
        if path == f"/ngo-database/{BIN}":
            return 200, {"bin": BIN, "registered_on": "2013-01-20"}, 0
        return 404, {"error": "not found"}, 0

    return handle


@pytest.fixture
def gateway(settings):
    state = {"mode": "up"}
    with FakeServer(register_gateway(state)) as server:
        settings.REGISTER_URL = server.url
        settings.REGISTER_BACKEND = "portal.registers.http.HttpRegister"
        settings.REGISTER_TIMEOUT = 0.3
        settings.REGISTER_RETRIES = 2
        server.state = state
        yield server


def test_http_lookup_reads_both_registers_and_caches(gateway):
    record = HttpRegister(backoff=0).lookup(BIN)
    assert (record.found, record.name_ru, record.registered_on, record.status, record.head_name) == (
        True, ENTITY["name_ru"], date(2012, 5, 14), "active", ENTITY["head"])
    assert (record.in_ngo_database, record.ngo_database_registered_on) == (True, date(2013, 1, 20))
    assert [r[1] for r in gateway.requests] == [f"/legal-entities/{BIN}", f"/ngo-database/{BIN}"]
    assert HttpRegister(backoff=0).lookup(BIN) == record
    assert len(gateway.requests) == 2, "the second lookup came from the cache"


def test_http_lookup_of_an_unknown_bin_is_not_found(gateway):
    record = HttpRegister(backoff=0).lookup("150340012300")
    assert record.found is False
    assert len(gateway.requests) == 1, "no NGO-database question for an unknown legal entity"


@pytest.mark.parametrize("mode", ["500", "slow"])
def test_http_outage_is_retried_a_bounded_number_of_times_then_unavailable(gateway, mode):
    gateway.state["mode"] = mode
    with pytest.raises(RegisterUnavailable):
        HttpRegister(backoff=0).lookup(BIN)
    assert gateway.state["calls"] == 3  # one try and REGISTER_RETRIES=2 retries
    with pytest.raises(RegisterUnavailable):
        HttpRegister(backoff=0).lookup(BIN)
    assert gateway.state["calls"] == 3, "marked down: nobody waits on it again for a minute"


def test_the_offline_twin_answers_from_the_fixture():
    register = FixtureRegister()
    assert register.lookup("100740033309").in_liquidation is True
    assert register.lookup("081140044408").is_bankrupt is True
    assert register.lookup("170240055502").in_ngo_database is False
    assert register.lookup("050440066606").status == "liquidated"
    assert register.lookup("150340012300").name_kk.startswith("«Болашақ»")
    assert register.lookup("111111111110").found is False


def _org_fields(**overrides):
    fields = {"name": "Ашық қоғам", "bin": BIN, "legal_form": "public_association", "region": f.region(),
              "registered_on": date(2020, 1, 1), "in_ngo_database": False, "ngo_database_registered_on": None}
    return fields | overrides


def _confirmed_user():
    return f.UserFactory(email_confirmed_at=timezone.now())


@pytest.mark.django_db
def test_registration_fills_the_eligibility_facts_from_the_register(gateway):
    organization = account_services.organization_create(actor=_confirmed_user(), **_org_fields())
    assert organization.verification_status == VerificationStatus.VERIFIED
    assert organization.verified_at is not None
    assert (organization.registered_on, organization.in_ngo_database, organization.ngo_database_registered_on) == (
        date(2012, 5, 14), True, date(2013, 1, 20))
    assert (organization.name_kk, organization.name_ru, organization.head_name) == (
        ENTITY["name_kk"], ENTITY["name_ru"], ENTITY["head"])


@pytest.mark.django_db
def test_an_outage_leaves_registration_working_unverified_then_the_beat_verifies(gateway):
    gateway.state["mode"] = "500"
    user = _confirmed_user()
    organization = account_services.organization_create(actor=user, **_org_fields(
        registered_on=date(2012, 5, 14), in_ngo_database=True, ngo_database_registered_on=date(2013, 1, 20)))
    assert organization.verification_status == VerificationStatus.UNVERIFIED
    assert organization.verified_at is None
    assert organization.registered_on == date(2012, 5, 14)  # the applicant's word meanwhile
    gateway.state["mode"] = "up"
    cache.clear()  # the minute during which the register counts as down is over
    assert recheck_unverified.delay().get() == 1
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED
    assert organization.verified_at is not None and organization.name_ru == ENTITY["name_ru"]
    event = AuditEvent.objects.get(action="organization.register_check")
    assert event.actor_id is None and event.after["verification_status"] == "verified"


@pytest.mark.django_db
def test_a_recheck_that_finds_other_facts_marks_a_mismatch_and_keeps_the_differences(gateway):
    gateway.state["mode"] = "500"
    organization = account_services.organization_create(actor=_confirmed_user(), **_org_fields(
        registered_on=date(2010, 1, 1), in_ngo_database=True, ngo_database_registered_on=date(2011, 1, 1)))
    gateway.state["mode"] = "up"
    cache.clear()
    services.organizations_recheck()
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.MISMATCH
    assert organization.verification_notes == {
        "registered_on": {"declared": "2010-01-01", "register": "2012-05-14"},
        "ngo_database_registered_on": {"declared": "2011-01-01", "register": "2013-01-20"}}
    assert organization.registered_on == date(2012, 5, 14)  # eligibility now uses the register's facts


@pytest.mark.django_db
def test_the_recheck_stops_at_an_outage_and_changes_nothing(gateway):
    organization = f.OrganizationFactory(bin=BIN)
    gateway.state["mode"] = "500"
    assert services.organizations_recheck() == 0
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.UNVERIFIED
    assert not AuditEvent.objects.filter(action="organization.register_check").exists()


@pytest.mark.django_db
def test_liquidation_and_bankruptcy_come_from_the_register():
    user = _confirmed_user()
    liquidating = account_services.organization_create(actor=user, **_org_fields(bin="100740033309"))
    bankrupt = account_services.organization_create(actor=user, **_org_fields(bin="081140044408"))
    unknown = account_services.organization_create(actor=user, **_org_fields(bin=f.make_bin()))
    assert (liquidating.in_liquidation, liquidating.is_bankrupt, liquidating.verification_status) == (
        True, False, "verified")
    assert (bankrupt.is_bankrupt, bankrupt.in_liquidation) == (True, False)
    assert unknown.verification_status == VerificationStatus.NOT_FOUND


@pytest.mark.django_db
def test_the_owner_cannot_overwrite_verified_facts(gateway):
    user = _confirmed_user()
    organization = account_services.organization_create(actor=user, **_org_fields())
    account_services.organization_update(organization=organization, actor=user, registered_on=date(2000, 1, 1),
                                         in_ngo_database=False, address="New address")
    organization.refresh_from_db()
    assert (organization.registered_on, organization.in_ngo_database, organization.address) == (
        date(2012, 5, 14), True, "New address")
