from django.db import migrations

# The default subscriptions were seeded here while subscriptions belonged to this app.
# They moved to the notifications app, whose migration 0004 seeds whatever is missing;
# this step is kept, empty, so databases that applied it stay in step.


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_notifications_deliveries_webhooks_subscriptions")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
