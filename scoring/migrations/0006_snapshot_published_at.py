"""RankingSnapshot.published_at: the publication is stored on the snapshot (no longer read back from the audit log).

The backfill reads the audit trail ONCE, here: every ``results.published`` event names the snapshot it
published and the time; later reads use the field only.
"""

from django.db import migrations, models


def fill_published_at(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    RankingSnapshot = apps.get_model("scoring", "RankingSnapshot")
    events = AuditEvent.objects.filter(action="results.published", target_type="scoring.rankingsnapshot")
    for target_id, created_at in events.order_by("id").values_list("target_id", "created_at"):
        if str(target_id).isdigit():
            RankingSnapshot.objects.filter(pk=int(target_id), published_at__isnull=True).update(
                published_at=created_at)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_verbose_names"),
        ("scoring", "0005_report_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="rankingsnapshot",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="results published at"),
        ),
        migrations.RunPython(fill_published_at, migrations.RunPython.noop),
    ]
