"""The calibration reports' tallies, kept by the scoring services (filled in 0010)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0010_count_open_seats'),
        ('recruiting', '0006_message_templates_leave'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgreementTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('size', models.PositiveSmallIntegerField()),
                ('panels', models.IntegerField(default=0)),
                ('total', models.DecimalField(decimal_places=3, default=0, max_digits=18)),
                ('squares', models.DecimalField(decimal_places=6, default=0, max_digits=22)),
                ('spread', models.DecimalField(decimal_places=6, default=0, max_digits=24)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='recruiting.businessunit')),
            ],
            options={
                'ordering': ['unit_id', 'size'],
                'constraints': [models.UniqueConstraint(fields=('unit', 'size'), name='agreement_unique_unit_size')],
            },
        ),
        migrations.CreateModel(
            name='CalibrationTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scored', models.IntegerField(default=0)),
                ('score_sum', models.DecimalField(decimal_places=3, default=0, max_digits=16)),
                ('decided', models.IntegerField(default=0)),
                ('passed', models.IntegerField(default=0)),
                ('deviated', models.IntegerField(default=0)),
                ('deviation_sum', models.DecimalField(decimal_places=4, default=0, max_digits=18)),
                ('assessor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='recruiting.businessunit')),
            ],
            options={
                'ordering': ['unit_id', 'assessor_id'],
                'constraints': [models.UniqueConstraint(fields=('assessor', 'unit'), name='tally_unique_assessor_unit')],
            },
        ),
    ]
