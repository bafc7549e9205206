"""Message templates and staff preferences move to the `notifications` app (its
migration 0001 adopts them with their tables and rows). Only Django's state forgets
them here; the database is untouched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0005_staff_preference")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="MessageTemplate"),
                migrations.DeleteModel(name="StaffPreference"),
            ],
        ),
    ]
