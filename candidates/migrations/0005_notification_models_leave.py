"""The notification models move to the `notifications` app (its migration 0001 adopts
them with their tables and rows). Only Django's state forgets them here; the database
is untouched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("candidates", "0004_seed_default_subscriptions")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                # Those pointing at others first.
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="DeliveryAttempt"),
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="WebhookEndpoint"),
                migrations.DeleteModel(name="JobFollower"),
                migrations.DeleteModel(name="CandidateContact"),
                migrations.DeleteModel(name="Subscription"),
                migrations.DeleteModel(name="PeriodicClaim"),
            ],
        ),
    ]
