"""Each assessor's count of open seats, kept by the services (filled in 0008)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('candidates', '0008_list_and_search_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='AssessorLoad',
            fields=[
                ('assessor', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('open_seats', models.IntegerField(default=0)),
            ],
            options={
                'ordering': ['assessor_id'],
            },
        ),
    ]
