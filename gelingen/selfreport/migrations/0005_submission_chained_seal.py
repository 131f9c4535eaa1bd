"""A chained seal over each submission's metadata and hashes; existing submissions are sealed in order.

The triggers of 0004 are paused around the backfill and recreated with the new column frozen too
(SQLite rebuilds the table to add a column, which drops its triggers: both are created again).
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

TABLE = "selfreport_submission"
FROZEN = [
    "id", "report_id", "number", "kind", "previous_id", "submitted_at", "submitted_by_id", "content",
    "content_sha256", "pdf", "pdf_sha256", "docx", "docx_sha256", "page_count", "override_id", "seal_sha256",
]  # fmt: skip
SQLITE_UPDATE = f"""CREATE TRIGGER selfreport_submission_frozen_update BEFORE UPDATE ON {TABLE}
    WHEN {{columns}}
    BEGIN SELECT RAISE(ABORT, 'Submissions are immutable'); END;"""
SQLITE_DELETE = f"""CREATE TRIGGER selfreport_submission_frozen_delete BEFORE DELETE ON {TABLE}
    WHEN NOT EXISTS (SELECT 1 FROM selfreport_submissionpurge WHERE report_id = OLD.report_id)
    BEGIN SELECT RAISE(ABORT, 'Submissions are immutable'); END;"""


def _sqlite_update(columns):
    return SQLITE_UPDATE.format(columns=" OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns))


def pause_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER selfreport_submission_frozen;")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS selfreport_submission_frozen_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS selfreport_submission_frozen_delete;")


def resume_triggers(apps, schema_editor, columns=FROZEN):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER selfreport_submission_frozen;")
    else:
        schema_editor.execute(_sqlite_update(columns))
        schema_editor.execute(SQLITE_DELETE)


def seal(s, previous_seal):  # a copy of gelingen.selfreport.submission.seal as of this migration
    facts = {
        "previous": previous_seal,
        "report": s.report_id,
        "number": s.number,
        "kind": s.kind,
        "submitted_at": s.submitted_at.astimezone(UTC).isoformat(),
        "submitted_by": s.submitted_by_id,
        "page_count": s.page_count,
        "content": s.content_sha256,
        "pdf": s.pdf_sha256,
        "docx": s.docx_sha256,
        "override": s.override_id,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def seal_existing(apps, schema_editor):
    Submission = apps.get_model("selfreport", "Submission")
    previous = {}
    for s in Submission._base_manager.order_by("report_id", "number"):
        s.seal_sha256 = seal(s, previous.get(s.report_id, ""))
        previous[s.report_id] = s.seal_sha256
        Submission._base_manager.filter(pk=s.pk).update(seal_sha256=s.seal_sha256)


class Migration(migrations.Migration):
    dependencies = [("selfreport", "0004_submission_immutability_triggers")]

    operations = [
        migrations.RunPython(
            pause_triggers, lambda apps, se: resume_triggers(apps, se, FROZEN[:-1]), elidable=False
        ),
        migrations.AddField(
            model_name="submission", name="seal_sha256", field=models.CharField(default="", max_length=64)
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RunPython(resume_triggers, pause_triggers),
    ]
