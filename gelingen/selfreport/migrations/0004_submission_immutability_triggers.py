"""Frozen submissions in the database itself: triggers refuse UPDATE and DELETE of a submission row.

Only `registration_ref` (set later by the testing procedure) may change. A DELETE passes only while
selfreport_submissionpurge names the report (gelingen.selfreport.submission.purge); PostgreSQL's TRUNCATE
(the test database flush) does not fire row triggers.
"""

from django.db import migrations, models

TABLE = "selfreport_submission"
FROZEN = [
    "id", "report_id", "number", "kind", "previous_id", "submitted_at", "submitted_by_id", "content",
    "content_sha256", "pdf", "pdf_sha256", "docx", "docx_sha256", "page_count", "override_id",
]  # fmt: skip
MESSAGE = "Submissions are immutable"

POSTGRES = f"""
CREATE FUNCTION selfreport_submission_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM selfreport_submissionpurge WHERE report_id = OLD.report_id) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END IF;
    IF (to_jsonb(NEW) - 'registration_ref') IS DISTINCT FROM (to_jsonb(OLD) - 'registration_ref') THEN
        RAISE EXCEPTION '{MESSAGE}';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER selfreport_submission_frozen BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION selfreport_submission_frozen();
"""
POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS selfreport_submission_frozen ON {TABLE};
DROP FUNCTION IF EXISTS selfreport_submission_frozen();
"""

SQLITE = [
    f"""CREATE TRIGGER selfreport_submission_frozen_update BEFORE UPDATE ON {TABLE}
    WHEN {" OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in FROZEN)}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER selfreport_submission_frozen_delete BEFORE DELETE ON {TABLE}
    WHEN NOT EXISTS (SELECT 1 FROM selfreport_submissionpurge WHERE report_id = OLD.report_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS selfreport_submission_frozen_update;",
    "DROP TRIGGER IF EXISTS selfreport_submission_frozen_delete;",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)
    else:  # pragma: no cover - the project runs on these two only
        raise NotImplementedError(f"no submission triggers for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [POSTGRES_DROP] if vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("selfreport", "0003_page_layout")]

    operations = [
        migrations.CreateModel(
            name="SubmissionPurge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("report_id", models.BigIntegerField(unique=True)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
