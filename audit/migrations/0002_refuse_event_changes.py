"""On PostgreSQL the database itself refuses to change or delete an audit event.

The only update allowed is the sealing of an unsealed event: setting its ``seq``, ``prev_hash`` and
``hash`` once, with every other column unchanged.
"""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit events cannot be deleted (event %)', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.seq IS NOT NULL
       OR NEW.seq IS NULL OR NEW.hash = ''
       OR (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.action, NEW.record_type, NEW.record_id,
           NEW.organisation_id, NEW.project_id, NEW.details, NEW.justification)
          IS DISTINCT FROM
          (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.action, OLD.record_type, OLD.record_id,
           OLD.organisation_id, OLD.project_id, OLD.details, OLD.justification)
    THEN
        RAISE EXCEPTION 'audit events cannot be changed (event %)', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_guard();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD, params=None)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(guard, unguard)]
