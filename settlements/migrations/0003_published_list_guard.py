"""A published settlement list version never changes: PostgreSQL refuses it too.

The services already refuse; these triggers make a stray UPDATE/DELETE (a shell, a script, a bug)
fail loudly instead of silently changing what the Labour Exchange and the recipients received.
Only the content is guarded: nulling a user or settlement reference (ON DELETE SET NULL) is allowed.
"""

from django.db import migrations

GUARD_SQL = """
CREATE OR REPLACE FUNCTION settlements_published_list_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'settlement list version % is published and cannot be deleted', OLD.version;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'published' AND (
        NEW.status IS DISTINCT FROM OLD.status OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.year IS DISTINCT FROM OLD.year OR NEW.checksum IS DISTINCT FROM OLD.checksum
        OR NEW.document IS DISTINCT FROM OLD.document OR NEW.items_count IS DISTINCT FROM OLD.items_count
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
    ) THEN
        RAISE EXCEPTION 'settlement list version % is published and cannot change', OLD.version;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER settlements_published_list_guard
    BEFORE UPDATE OR DELETE ON settlements_settlementlist
    FOR EACH ROW EXECUTE FUNCTION settlements_published_list_guard();

CREATE OR REPLACE FUNCTION settlements_published_item_guard() RETURNS trigger AS $$
DECLARE
    list_ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        list_ids := ARRAY[NEW.settlement_list_id];
    ELSIF TG_OP = 'DELETE' THEN
        list_ids := ARRAY[OLD.settlement_list_id];
    ELSE
        IF (to_jsonb(NEW) - 'settlement_id') = (to_jsonb(OLD) - 'settlement_id') THEN
            RETURN NEW;
        END IF;
        list_ids := ARRAY[OLD.settlement_list_id, NEW.settlement_list_id];
    END IF;
    IF EXISTS (SELECT 1 FROM settlements_settlementlist WHERE id = ANY(list_ids) AND status = 'published') THEN
        RAISE EXCEPTION 'the items of a published settlement list version cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER settlements_published_item_guard
    BEFORE INSERT OR UPDATE OR DELETE ON settlements_settlementlistitem
    FOR EACH ROW EXECUTE FUNCTION settlements_published_item_guard();
"""

UNGUARD_SQL = """
DROP TRIGGER IF EXISTS settlements_published_item_guard ON settlements_settlementlistitem;
DROP FUNCTION IF EXISTS settlements_published_item_guard();
DROP TRIGGER IF EXISTS settlements_published_list_guard ON settlements_settlementlist;
DROP FUNCTION IF EXISTS settlements_published_list_guard();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("settlements", "0002_settlement_list_and_deliveries")]

    operations = [migrations.RunPython(_run(GUARD_SQL), _run(UNGUARD_SQL))]
