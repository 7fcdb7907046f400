from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_rechain_existing_events'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_event_unsealed'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['scope', 'seq'], name='audit_event_scope_seq'),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('hash__isnull', True), ('seq__isnull', True)), models.Q(('hash__isnull', False), ('seq__gte', 1), ('seq__isnull', False)), _connector='OR'), name='audit_event_sealed_whole'),
        ),
    ]
