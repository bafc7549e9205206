"""The adopted tables take this app's names (`notifications_*`); rows, keys and indexes
stay as they are (a rename, not a copy)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_adopt_tables'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='candidatecontact',
            table=None,
        ),
        migrations.AlterModelTable(
            name='delivery',
            table=None,
        ),
        migrations.AlterModelTable(
            name='deliveryattempt',
            table=None,
        ),
        migrations.AlterModelTable(
            name='jobfollower',
            table=None,
        ),
        migrations.AlterModelTable(
            name='messagetemplate',
            table=None,
        ),
        migrations.AlterModelTable(
            name='notification',
            table=None,
        ),
        migrations.AlterModelTable(
            name='periodicclaim',
            table=None,
        ),
        migrations.AlterModelTable(
            name='staffpreference',
            table=None,
        ),
        migrations.AlterModelTable(
            name='subscription',
            table=None,
        ),
        migrations.AlterModelTable(
            name='webhookendpoint',
            table=None,
        ),
    ]
