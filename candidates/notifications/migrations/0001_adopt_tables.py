"""The notification models join their own app, keeping their tables and rows.

Message templates and staff preferences came from `recruiting`, the rest from
`candidates`. This step only tells Django's state that the models now live here, with
their old table names; the tables are renamed in 0002. The other apps forget the models
in their own migrations (candidates 0005, recruiting 0006) before this one."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import candidates.notifications.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("candidates", "0005_notification_models_leave"),
        ("recruiting", "0006_message_templates_leave"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='PeriodicClaim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'candidates_periodicclaim',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CandidateContact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('language', models.CharField(default='en', max_length=10)),
                        ('unsubscribed_at', models.DateTimeField(blank=True, null=True)),
                        ('candidate', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='contact_preference', to='candidates.candidate')),
                    ],
                    options={
                        'db_table': 'candidates_candidatecontact',
                        'ordering': ['candidate_id'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('channel', models.CharField(choices=[('email', 'Email'), ('in_app', 'In App'), ('webhook', 'Webhook')], max_length=10)),
                        ('recipient', models.CharField(max_length=40)),
                        ('audience', models.CharField(blank=True, choices=[('candidate', 'Candidate'), ('assessor', 'Assessor'), ('unit_lead', 'Unit Lead'), ('recruiter', 'Recruiter'), ('user', 'User')], max_length=20)),
                        ('is_essential', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('dead', 'Dead'), ('cancelled', 'Cancelled')], default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField()),
                        ('enqueued_at', models.DateTimeField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.TextField(blank=True)),
                        ('candidate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='candidates.candidate')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='candidates.outboxevent')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'candidates_delivery',
                        'ordering': ['-created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField()),
                        ('at', models.DateTimeField()),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('duration_ms', models.PositiveIntegerField(default=0)),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempt_log', to='notifications.delivery')),
                    ],
                    options={
                        'db_table': 'candidates_deliveryattempt',
                        'ordering': ['delivery_id', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='MessageTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('event_type', models.CharField(max_length=60)),
                        ('audience', models.CharField(choices=[('candidate', 'Candidate'), ('assessor', 'Assessor'), ('unit_lead', 'Unit Lead'), ('recruiter', 'Recruiter'), ('user', 'User')], max_length=20)),
                        ('language', models.CharField(choices=[('en', 'English'), ('zh-hans', '简体中文')], default='en', max_length=10)),
                        ('subject', models.CharField(max_length=300)),
                        ('body_text', models.TextField()),
                        ('body_html', models.TextField(blank=True, help_text='Empty: the email has a text part only.')),
                        ('is_active', models.BooleanField(default=True)),
                    ],
                    options={
                        'db_table': 'recruiting_messagetemplate',
                        'ordering': ['event_type', 'audience', 'language'],
                        'constraints': [models.UniqueConstraint(fields=('event_type', 'audience', 'language'), name='message_template_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='StaffPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('language', models.CharField(choices=[('en', 'English'), ('zh-hans', '简体中文')], default='en', max_length=10)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_preference', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'recruiting_staffpreference',
                        'ordering': ['user_id'],
                    },
                ),
                migrations.CreateModel(
                    name='Subscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('event_type', models.CharField(max_length=60)),
                        ('audience', models.CharField(choices=[('candidate', 'Candidate'), ('assessor', 'Assessor'), ('unit_lead', 'Unit Lead'), ('recruiter', 'Recruiter'), ('user', 'User')], max_length=20)),
                        ('channel', models.CharField(choices=[('email', 'Email'), ('in_app', 'In App'), ('webhook', 'Webhook')], max_length=10)),
                        ('stage_kinds', models.JSONField(blank=True, default=list)),
                        ('delay', models.DurationField(blank=True, null=True)),
                        ('is_essential', models.BooleanField(default=False)),
                        ('is_active', models.BooleanField(default=True)),
                    ],
                    options={
                        'db_table': 'candidates_subscription',
                        'ordering': ['event_type', 'audience', 'channel'],
                        'constraints': [models.UniqueConstraint(fields=('event_type', 'audience', 'channel'), name='subscription_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('url', models.URLField(max_length=500)),
                        ('description', models.CharField(blank=True, max_length=200)),
                        ('secret', models.CharField(default=candidates.notifications.models.new_webhook_secret, max_length=100)),
                        ('event_types', models.JSONField(blank=True, default=list)),
                        ('is_active', models.BooleanField(default=True)),
                        ('failure_count', models.PositiveIntegerField(default=0)),
                        ('disabled_at', models.DateTimeField(blank=True, null=True)),
                        ('disabled_reason', models.CharField(blank=True, max_length=300)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='webhook_endpoints', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'candidates_webhookendpoint',
                        'ordering': ['url', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='delivery',
                    name='endpoint',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notifications.webhookendpoint'),
                ),
                migrations.CreateModel(
                    name='JobFollower',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='recruiting.job')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followed_jobs', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'candidates_jobfollower',
                        'ordering': ['job_id', 'user_id'],
                        'constraints': [models.UniqueConstraint(fields=('job', 'user'), name='job_follower_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('event_type', models.CharField(max_length=60)),
                        ('title', models.CharField(max_length=300)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('delivery', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notification', to='notifications.delivery')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'candidates_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                    },
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='delivery_status_due'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['status', 'claimed_at'], name='delivery_status_claimed'),
                ),
                migrations.AddConstraint(
                    model_name='delivery',
                    constraint=models.UniqueConstraint(fields=('event', 'channel', 'recipient'), name='delivery_unique_recipient'),
                ),
            ],
        ),
    ]
