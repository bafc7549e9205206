"""The default message templates and subscriptions a new installation starts with
(seeded earlier by recruiting 0004 and candidates 0004, now empty steps): whatever is
missing is created, nothing an admin changed is touched. The `offer.*` subscription of
earlier versions is removed: no offer event exists yet."""

from django.db import migrations

from candidates.notifications.defaults import seed_subscriptions, unseed_subscriptions
from candidates.notifications.message_defaults import seed_templates, unseed_templates


def seed(apps, schema_editor):
    seed_templates(apps.get_model("notifications", "MessageTemplate"))
    subscription = apps.get_model("notifications", "Subscription")
    seed_subscriptions(subscription)
    subscription.objects.filter(event_type="offer.*", audience="recruiter").delete()


def unseed(apps, schema_editor):
    unseed_templates(apps.get_model("notifications", "MessageTemplate"))
    unseed_subscriptions(apps.get_model("notifications", "Subscription"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_content_types_follow")]

    operations = [migrations.RunPython(seed, unseed)]
