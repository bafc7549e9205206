from django.db import migrations

# The default message templates were seeded here while templates belonged to this app.
# They moved to the notifications app, whose migration 0004 seeds whatever is missing;
# this step is kept, empty, so databases that applied it stay in step.


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0003_message_templates")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
