"""One audit trail: the same append-only table in the public schema and in every municipality,
written by one function, read by the console and the municipality's admin."""

import pathlib

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from platform_core import audit
from platform_core.models import AuditEntry


def _refused(statement):
    """Run ``statement`` in a savepoint; True if PostgreSQL refused it (the test transaction goes on)."""
    try:
        with transaction.atomic():
            statement()
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


def _raw(sql):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return run


def _assert_append_only():
    entry = audit.log("test.entry", actor="system", note="unchanged")
    table = AuditEntry._meta.db_table
    assert _refused(_raw(f"UPDATE {table} SET action = 'forged' WHERE id = {entry.pk}"))
    assert _refused(_raw(f"DELETE FROM {table} WHERE id = {entry.pk}"))
    assert _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="forged"))
    assert _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).delete())
    assert _refused(lambda: AuditEntry.objects.all().delete())
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.data) == ("test.entry", {"note": "unchanged"})


def test_state_log_refuses_update_and_delete(db):
    _assert_append_only()


def test_municipality_log_refuses_update_and_delete(kassel):
    with schema_context(kassel.schema_name):
        _assert_append_only()
    # Kassel's entry went into Kassel's table, not into the state's.
    assert not AuditEntry.objects.filter(action="test.entry").exists()


def test_cloned_municipality_has_its_own_trigger_and_function(kassel):
    """Kassel was cloned from the template schema: the trigger came along and calls the
    function in Kassel's own schema (not the template's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tn.nspname, pn.nspname FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace tn ON tn.oid = c.relnamespace"
            " JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace"
            " WHERE t.tgname = 'platform_core_auditentry_append_only'"
        )
        schemas = set(cursor.fetchall())
    assert (kassel.schema_name, kassel.schema_name) in schemas
    assert ("public", "public") in schemas


def test_actor_kinds_and_targets(kassel):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    staff = User.objects.create_user(username="land-audit@hessen.example", email="land-audit@hessen.example")
    entry = audit.log("municipality.suspended", actor=staff, target=kassel, reason="Test")
    assert (entry.actor_kind, entry.actor_id, entry.actor_label) == ("state_staff", str(staff.pk), staff.email)
    assert (entry.target_type, entry.target_id) == ("tenants.municipality", str(kassel.pk))
    assert (entry.municipality_name, entry.municipality_ags, entry.municipality_slug) == (
        "Kassel",
        "06611000",
        "kassel",
    )
    assert audit.log("x.y", actor=None).actor_kind == "system"
    assert audit.log("x.y", actor=audit.Actor.applicant("a@b.example")).actor_kind == "applicant"
    with schema_context(kassel.schema_name):
        clerk = User.objects.get(email="admin@kassel.example")
        entry = audit.log("survey.publish", actor=clerk)
        assert (entry.actor_kind, entry.actor_id) == ("municipal_user", str(clerk.pk))


def test_deleting_a_municipality_keeps_its_state_log_rows(db, tmp_path):
    """Deleted through the lifecycle service; its rows in the state log keep name and key."""
    from tenants import lifecycle
    from tenants.models import Municipality, MunicipalityArchive
    from tenants.services import municipality_provision

    municipality = municipality_provision(
        ags="06437010", slug="audit-loeschtest", admin_email="admin@loeschtest.example", send_invitation=False
    ).municipality
    name = municipality.name
    audit.log("municipality.suspended", actor="pruefer@hessen.example", target=municipality, reason="Test")
    Municipality.objects.filter(pk=municipality.pk).update(status=Municipality.Status.ARCHIVED)
    municipality.refresh_from_db()
    archive_file = pathlib.Path(tmp_path) / "archive.tar.gz"
    archive_file.write_bytes(b"archive")  # the delete only checks that an archive file exists
    MunicipalityArchive.objects.create(
        municipality=municipality,
        municipality_name=name,
        ags="06437010",
        schema_name=municipality.schema_name,
        path=str(archive_file),
        size=7,
        sha256="0" * 64,
    )
    with connection.cursor() as cursor:  # provisioned in this test's transaction: check its deferred keys now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    lifecycle.municipality_delete(
        municipality=municipality, confirmation="audit-loeschtest", actor="pruefer@hessen.example"
    )

    assert not Municipality.objects.filter(ags="06437010").exists()
    rows = AuditEntry.objects.filter(municipality_slug="audit-loeschtest")
    assert {"municipality.provisioned", "municipality.suspended", "municipality.deleted"} <= set(
        rows.values_list("action", flat=True)
    )
    assert set(rows.values_list("municipality_name", "municipality_ags")) == {(name, "06437010")}
