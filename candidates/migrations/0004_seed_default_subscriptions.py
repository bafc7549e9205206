from django.db import migrations

from candidates.notifications.defaults import seed_subscriptions, unseed_subscriptions


def seed(apps, schema_editor):
    seed_subscriptions(apps.get_model("candidates", "Subscription"))


def unseed(apps, schema_editor):
    unseed_subscriptions(apps.get_model("candidates", "Subscription"))


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_notifications_deliveries_webhooks_subscriptions")]

    operations = [migrations.RunPython(seed, unseed)]
