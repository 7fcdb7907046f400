"""Tampering the way someone with database access would do it (``QuerySet.update``/``delete`` behind the
services' back), with and without the HMAC key: every change is found, and the failed check (link, hash,
HMAC, published head) and the event are named."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import transaction

from portal import audit
from portal.audit import chain as ch
from portal.audit.models import AuditChainHead, AuditEvent, PublishedHead
from portal.audit.services import audit_seal, head_publish, verify_chain
from portal.audit.verify import PROBLEMS, check_scope

from .conftest import rehash, stored_row

pytestmark = pytest.mark.django_db


def _fails(check, event, *, checked, reason=None):
    result = verify_chain()
    assert not result.ok
    assert (result.check, result.bad_event_id, result.checked) == (check, event.pk, checked)
    if reason is not None:
        assert result.problem == verify_problem(reason)
    return result


def verify_problem(reason):
    return PROBLEMS[reason]


def test_empty_chain_verifies():
    result = verify_chain()
    assert (result.ok, result.checked, result.head) == (True, 0, ch.GENESIS_HASH)


def test_intact_chain_verifies(chain):
    result = verify_chain()
    assert (result.ok, result.checked, result.head, result.bad_event_id) == (True, 5, chain[-1].hash, None)


def test_verify_seals_waiting_events_first(chain):
    audit.record(actor=None, action="test.pending")
    assert verify_chain(seal=False).checked == 5
    assert verify_chain().checked == 6


@pytest.mark.parametrize(("field", "value"), [
    ("reason", "nothing to see here"),
    ("after", {"status": "cancelled"}),
    ("before", {}),
    ("action", "competition.final"),
    ("actor_id", 424242),
    ("actor_label", "someone@example.kz"),
    ("target_type", "applications.application"),
    ("target_id", "424242"),
    ("target_label", "another"),
    ("scope", ""),
    ("created_at", datetime(2020, 1, 1, tzinfo=UTC)),
])
def test_an_edited_field_fails_the_hash_check(chain, field, value):
    AuditEvent.objects.filter(pk=chain[2].pk).update(**{field: value})
    _fails(ch.HASH, chain[2], checked=2, reason="content")


def test_an_edited_row_rehashed_without_the_key_fails_the_hmac_check(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).update(reason="quietly changed")
    rehash(chain[1].pk)
    _fails(ch.HMAC, chain[1], checked=1, reason="mac")


def test_an_edited_row_signed_with_a_guessed_key_fails_the_hmac_check(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).update(reason="quietly changed")
    rehash(chain[1].pk, key="a-guessed-key-that-is-not-the-real-one-0000")
    _fails(ch.HMAC, chain[1], checked=1, reason="unknown_key")


def test_a_deleted_middle_row_fails_the_link_check_at_the_next_event(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    _fails(ch.LINK, chain[3], checked=2, reason="seq_gap")


def test_a_deleted_row_with_the_positions_renumbered_fails_the_link_check(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    for event in chain[3:]:
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq - 1)
    # The renumbered rows also no longer match their hashes, but the broken link comes first.
    _fails(ch.LINK, chain[3], checked=2, reason="prev_hash")


def test_a_deleted_first_row_fails_the_link_check(chain):
    AuditEvent.objects.filter(pk=chain[0].pk).delete()
    _fails(ch.LINK, chain[1], checked=0)


def test_a_deleted_newest_row_is_caught_through_the_signed_head(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    _fails(ch.LINK, chain[-1], checked=4, reason="truncated")


def test_a_deleted_newest_row_with_the_head_rewound_fails_the_head_hmac(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    AuditChainHead.objects.update(last_seq=4, last_hash=chain[3].hash, last_event_id=chain[3].pk)
    _fails(ch.HMAC, chain[3], checked=4, reason="head_mac")


def test_a_deleted_head_row_is_caught(chain):
    AuditChainHead.objects.all().delete()
    _fails(ch.LINK, chain[0], checked=0, reason="beyond_head")


def test_all_rows_deleted_is_caught(chain):
    AuditEvent.objects.all().delete()
    _fails(ch.LINK, chain[-1], checked=0, reason="truncated")


def test_two_rows_with_swapped_content_fail_the_hash_check(chain):
    fields = ["created_at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label",
              "scope", "before", "after", "reason"]
    a, b = chain[1], chain[3]
    with transaction.atomic():
        AuditEvent.objects.filter(pk=b.pk).update(**{name: getattr(a, name) for name in fields})
        AuditEvent.objects.filter(pk=a.pk).update(**{name: getattr(b, name) for name in fields})
    _fails(ch.HASH, a, checked=1)


def test_two_rows_with_swapped_ids_fail_the_hash_check(chain):
    a, b = chain[3], chain[4]
    spare = b.pk + 1000
    with transaction.atomic():
        AuditEvent.objects.filter(pk=a.pk).update(id=spare)
        AuditEvent.objects.filter(pk=b.pk).update(id=a.pk)
        AuditEvent.objects.filter(pk=spare).update(id=b.pk)
    result = verify_chain()
    assert (result.ok, result.check, result.checked) == (False, ch.HASH, 3)


def _rewrite_everything_with_the_key(settings, *, reason):
    """The strongest attacker: database access and the key. Edit the first event, recompute every hash, HMAC
    and the head, exactly as the sealer would."""
    key, prev = settings.AUDIT_HMAC_KEY, ch.GENESIS_HASH
    AuditEvent.objects.filter(seq=1).update(reason=reason)
    for event in AuditEvent.objects.order_by("seq"):
        row = {**stored_row(event.pk), "prev_hash": prev}
        digest = ch.event_hash(prev, row)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest, hmac=ch.event_mac(key, digest))
        prev, last = digest, event
    AuditChainHead.objects.update(last_hash=prev, hmac=ch.head_mac(key, last.seq, prev))


def test_a_rewrite_with_the_key_before_any_publication_verifies(chain, settings):
    """What the HMAC alone cannot catch: the reason published heads exist."""
    _rewrite_everything_with_the_key(settings, reason="rewritten")
    assert verify_chain().ok


def test_a_rewrite_with_the_key_after_publication_fails_the_published_head_check(chain, settings):
    published = head_publish()
    audit.record(actor=None, action="test.after_publication")
    audit_seal()
    _rewrite_everything_with_the_key(settings, reason="rewritten")
    result = _fails(ch.PUBLISHED_HEAD, chain[-1], checked=4, reason="published_mismatch")
    assert result.seq == published.seq == 5


def test_truncation_below_a_published_head_with_the_key_is_caught(chain, settings):
    head_publish()
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    AuditChainHead.objects.update(last_seq=4, last_hash=chain[3].hash, last_event_id=chain[3].pk,
                                  hmac=ch.head_mac(settings.AUDIT_HMAC_KEY, 4, chain[3].hash))
    result = verify_chain()
    assert (result.ok, result.check, result.seq, result.checked) == (False, ch.PUBLISHED_HEAD, 5, 4)
    assert result.problem == verify_problem("published_missing")


def test_key_rotation_keeps_old_events_verifiable(chain, settings):
    old_key = settings.AUDIT_HMAC_KEY
    settings.AUDIT_HMAC_KEY, settings.AUDIT_HMAC_OLD_KEYS = "a-brand-new-key-for-the-audit-chain-0123456789", [old_key]
    audit.record(actor=None, action="test.after_rotation")
    audit_seal()
    newest = AuditEvent.objects.get(seq=6)
    assert newest.hmac_key_id == ch.key_id(settings.AUDIT_HMAC_KEY) != chain[0].hmac_key_id
    assert verify_chain().ok
    settings.AUDIT_HMAC_OLD_KEYS = []
    result = _fails(ch.HMAC, chain[0], checked=0, reason="unknown_key")
    assert result.check_name == "HMAC"


# ------------------------------------------------------------------------------------- one competition

def test_scope_check_covers_the_events_of_one_competition(chain):
    result = check_scope(chain[0].scope)
    assert (result.ok, result.checked, result.head) == (True, 3, chain[3].hash)
    assert check_scope("competition:999999").checked == 0


def test_scope_check_names_an_edited_event_and_ignores_unsealed_ones(chain):
    audit.record(actor=None, action="test.pending", competition_id=int(chain[0].scope.split(":")[1]))
    AuditEvent.objects.filter(pk=chain[3].pk).update(reason="edited")
    result = check_scope(chain[0].scope)
    assert (result.ok, result.check, result.bad_event_id, result.checked) == (False, ch.HASH, chain[3].pk, 2)


def test_scope_check_finds_a_removed_event_of_another_competition_before_its_own(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).delete()  # competition 2's event, just before chain[2]
    result = check_scope(chain[0].scope)
    assert (result.ok, result.check, result.bad_event_id) == (False, ch.LINK, chain[2].pk)


# ------------------------------------------------------------------------------------------- command

def test_verify_audit_command_reports_an_intact_chain(chain):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit chain intact: 5 events" in out.getvalue()
    assert chain[-1].hash in out.getvalue()


@pytest.mark.parametrize(("tamper", "named"), [
    (lambda c: AuditEvent.objects.filter(pk=c[3].pk).update(after={"status": "ranked"}), "hash check failed"),
    (lambda c: (AuditEvent.objects.filter(pk=c[3].pk).update(reason="x"), rehash(c[3].pk)), "HMAC check failed"),
    (lambda c: AuditEvent.objects.filter(pk=c[2].pk).delete(), "link check failed"),
])
def test_verify_audit_command_names_the_check_and_the_event(chain, tamper, named):
    tamper(chain)
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    message = str(failed.value)
    assert message.startswith("Audit chain BROKEN: ") and named in message
    assert f"#{chain[3].pk}" in message


def test_verify_audit_command_names_a_published_head_mismatch(chain, settings):
    head_publish()
    _rewrite_everything_with_the_key(settings, reason="rewritten")
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    assert "published head check failed" in str(failed.value) and f"#{chain[-1].pk}" in str(failed.value)


def test_verify_audit_command_exits_non_zero_from_the_shell(chain):
    AuditEvent.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code == 1


def test_a_kept_head_list_catches_a_rewrite_of_the_chain_and_of_the_database_list(chain, settings, tmp_path, client):
    head_publish()
    kept_txt, kept_json = tmp_path / "audit-heads.txt", tmp_path / "audit-heads.json"
    kept_txt.write_bytes(client.get("/audit/heads.txt").content)
    kept_json.write_bytes(client.get("/audit/heads.json").content)
    out = StringIO()
    call_command("verify_audit", "--heads", str(kept_txt), "--heads", str(kept_json), stdout=out)
    assert "(+2 kept heads)" in out.getvalue()
    _rewrite_everything_with_the_key(settings, reason="rewritten")
    PublishedHead.objects.update(hash=AuditChainHead.objects.get().last_hash)  # the database list too
    call_command("verify_audit")  # the database alone can no longer tell
    for kept in (kept_txt, kept_json):
        with pytest.raises(CommandError) as failed:
            call_command("verify_audit", "--heads", str(kept))
        assert "published head check failed" in str(failed.value)


def test_a_malformed_head_list_is_refused_with_its_name(tmp_path, db):
    bad = tmp_path / "heads.txt"
    bad.write_text("2026-03-01 five abc\n")
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit", "--heads", str(bad))
    assert str(bad) in str(failed.value) and "line 1" in str(failed.value)
    with pytest.raises(CommandError):
        call_command("verify_audit", "--heads", str(tmp_path / "missing.txt"))


def test_verify_audit_no_seal_leaves_waiting_events(chain):
    audit.record(actor=None, action="test.pending")
    out = StringIO()
    call_command("verify_audit", "--no-seal", stdout=out)
    assert "5 events" in out.getvalue()
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 1
