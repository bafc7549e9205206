from django.db import migrations

from recruiting.message_defaults import seed_templates, unseed_templates


def seed(apps, schema_editor):
    seed_templates(apps.get_model("recruiting", "MessageTemplate"))


def unseed(apps, schema_editor):
    unseed_templates(apps.get_model("recruiting", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0003_message_templates")]

    operations = [migrations.RunPython(seed, unseed)]
