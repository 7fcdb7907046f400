"""The actor becomes a frozen plain id (no foreign key: deleting a user no longer touches any event), events
get the seal fields (seq, HMAC, key id, time) and the published heads their table.

The actor column keeps its name and values: the foreign-key constraint is dropped first, then the state
swaps the ForeignKey for a BigIntegerField over the same ``actor_id`` column (no data moves)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_verbose_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, db_constraint=False,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name='+',
                                    to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='auditevent', name='actor'),
                migrations.AddField(
                    model_name='auditevent',
                    name='actor_id',
                    field=models.BigIntegerField(blank=True, db_index=True, help_text="The user's id when the event was recorded (kept after the user is deleted).", null=True, verbose_name='actor id'),
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name='PublishedHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('published_at', models.DateTimeField(db_index=True, verbose_name='published at')),
                ('seq', models.BigIntegerField(unique=True, verbose_name='position in the chain')),
                ('hash', models.CharField(max_length=64, verbose_name='hash')),
                ('event_id', models.BigIntegerField(verbose_name='event')),
            ],
            options={
                'verbose_name': 'published chain head',
                'verbose_name_plural': 'published chain heads',
                'ordering': ['-seq'],
            },
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='hmac',
            field=models.CharField(blank=True, max_length=64, verbose_name='HMAC'),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='hmac_key_id',
            field=models.CharField(blank=True, max_length=16, verbose_name='HMAC key id'),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='last_seq',
            field=models.BigIntegerField(default=0, verbose_name='last position'),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='sealed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='sealed at'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hmac',
            field=models.CharField(blank=True, max_length=64, verbose_name='HMAC'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hmac_key_id',
            field=models.CharField(blank=True, max_length=16, verbose_name='HMAC key id'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='sealed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='sealed at'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True, unique=True, verbose_name='position in the chain'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True, verbose_name='hash'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='previous hash'),
        ),
    ]
