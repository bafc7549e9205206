"""The moved models' content types follow them to this app, so their admin permissions
(and any log entry or generic relation naming them) keep pointing at the same rows."""

from django.db import migrations

MOVED = {
    "recruiting": ["messagetemplate", "staffpreference"],
    "candidates": [
        "candidatecontact",
        "delivery",
        "deliveryattempt",
        "jobfollower",
        "notification",
        "periodicclaim",
        "subscription",
        "webhookendpoint",
    ],
}


def _move(apps, *, to_notifications):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_label, models in MOVED.items():
        source, target = (old_label, "notifications") if to_notifications else ("notifications", old_label)
        for model in models:
            # A fresh database has neither yet; one that ran post_migrate after the state
            # moved may have both: the old row, with its permissions, wins.
            if content_type.objects.filter(app_label=source, model=model).exists():
                content_type.objects.filter(app_label=target, model=model).delete()
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move(apps, to_notifications=True)


def backwards(apps, schema_editor):
    _move(apps, to_notifications=False)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_rename_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
