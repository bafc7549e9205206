# Chinese text uses full-width punctuation, as Chinese typography does.
# ruff: noqa: RUF001
"""The messages a new installation starts with, in English and Simplified Chinese.

Seeded by a data migration; admins edit them afterwards. The HTML part is built from
the text part, paragraph by paragraph, so the two never drift apart in the defaults.
"""

from __future__ import annotations

from typing import Any

from candidates.notifications.catalogue import EventType as E

UNSUBSCRIBE_EN = (
    "{% if unsubscribe_url %}\n\nTo stop progress updates (you will still hear about "
    "decisions): {{ unsubscribe_url }}{% endif %}"
)
UNSUBSCRIBE_ZH = (
    "{% if unsubscribe_url %}\n\n如不想再收到进度通知（录用决定仍会通知您）："
    "{{ unsubscribe_url }}{% endif %}"
)
DIGEST_EN = (
    "{% for item in items %}- {{ item.candidate_name }}, {{ item.job_title }}: "
    "{{ item.stage_name }}, due {{ item.due_at }}\n{% endfor %}"
)
DIGEST_ZH = (
    "{% for item in items %}- {{ item.candidate_name }}，{{ item.job_title }}："
    "{{ item.stage_name }}，截止 {{ item.due_at }}\n{% endfor %}"
)

# (event type, audience) → language → (subject, text body).
DEFAULTS: dict[tuple[E, str], dict[str, tuple[str, str]]] = {
    (E.APPLICATION_CREATED, "candidate"): {
        "en": (
            "We received your application for {{ job_title }}",
            "Dear {{ candidate_name }},\n\nThank you for applying for {{ job_title }} "
            "with {{ unit_name }} in {{ city }}. We will be in touch soon.",
        ),
        "zh-hans": (
            "我们已收到您应聘{{ job_title }}的申请",
            "{{ candidate_name }}您好：\n\n感谢您应聘{{ unit_name }}（{{ city }}）的"
            "{{ job_title }}职位，我们会尽快与您联系。",
        ),
    },
    (E.APPLICATION_FAST_TRACKED, "candidate"): {
        "en": (
            "You are on our fast track for {{ job_title }}",
            "Dear {{ candidate_name }},\n\nGood news: you skip the written test. Your "
            "application for {{ job_title }} goes straight to an assessment by "
            "{{ unit_name }}." + UNSUBSCRIBE_EN,
        ),
        "zh-hans": (
            "您已进入{{ job_title }}快速通道",
            "{{ candidate_name }}您好：\n\n好消息：您免于笔试，应聘{{ job_title }}的申请将直接由"
            "{{ unit_name }}评估。" + UNSUBSCRIBE_ZH,
        ),
    },
    (E.APPLICATION_MOVED, "candidate"): {
        "en": (
            "Your application for {{ job_title }}: {{ stage_name }}",
            "Dear {{ candidate_name }},\n\nYour application for {{ job_title }} has moved to "
            "the {{ stage_name }} stage. We will contact you with the details." + UNSUBSCRIBE_EN,
        ),
        "zh-hans": (
            "您应聘{{ job_title }}的进展：{{ stage_name }}",
            "{{ candidate_name }}您好：\n\n您应聘{{ job_title }}的申请已进入{{ stage_name }}阶段，"
            "我们会与您联系具体安排。" + UNSUBSCRIBE_ZH,
        ),
    },
    (E.APPLICATION_REJECTED, "candidate"): {
        "en": (
            "Your application for {{ job_title }}",
            "Dear {{ candidate_name }},\n\nThank you for your interest in {{ job_title }}. "
            "After careful consideration we will not take your application further.",
        ),
        "zh-hans": (
            "关于您应聘{{ job_title }}的申请",
            "{{ candidate_name }}您好：\n\n感谢您对{{ job_title }}职位的关注。经过慎重考虑，"
            "我们决定不再推进您的申请。",
        ),
    },
    (E.ASSESSMENT_ASSIGNED, "assessor"): {
        "en": (
            "New assessment: {{ candidate_name }} for {{ job_title }}",
            "Hello {{ recipient_name }},\n\nYou are on the panel assessing {{ candidate_name }} "
            "for {{ job_title }} ({{ stage_name }}). Please submit your scorecard by {{ due_at }}.",
        ),
        "zh-hans": (
            "新的评估任务：{{ candidate_name }}（{{ job_title }}）",
            "{{ recipient_name }}您好：\n\n您被安排评估{{ candidate_name }}（{{ job_title }}，"
            "{{ stage_name }}），请在{{ due_at }}前提交评分表。",
        ),
    },
    (E.ASSESSMENT_DUE_SOON, "assessor"): {
        "en": (
            "Due soon: assessment of {{ candidate_name }}",
            "Hello {{ recipient_name }},\n\nYour scorecard for {{ candidate_name }} "
            "({{ job_title }}) is due {{ due_at }}.",
        ),
        "zh-hans": (
            "即将到期：{{ candidate_name }}的评估",
            "{{ recipient_name }}您好：\n\n您对{{ candidate_name }}（{{ job_title }}）的评分表"
            "将于{{ due_at }}到期。",
        ),
    },
    (E.ASSESSMENT_OVERDUE, "assessor"): {
        "en": (
            "Overdue: assessment of {{ candidate_name }}",
            "Hello {{ recipient_name }},\n\nYour scorecard for {{ candidate_name }} "
            "({{ job_title }}) was due {{ due_at }}. Please submit it now.",
        ),
        "zh-hans": (
            "已逾期：{{ candidate_name }}的评估",
            "{{ recipient_name }}您好：\n\n您对{{ candidate_name }}（{{ job_title }}）的评分表"
            "已于{{ due_at }}到期，请尽快提交。",
        ),
    },
    (E.ASSESSMENT_OVERDUE, "unit_lead"): {
        "en": (
            "Escalation: assessment of {{ candidate_name }} is overdue",
            "Hello {{ recipient_name }},\n\nThe {{ unit_name }} assessment of "
            "{{ candidate_name }} for {{ job_title }} was due {{ due_at }} and is not decided.",
        ),
        "zh-hans": (
            "升级提醒：{{ candidate_name }}的评估已逾期",
            "{{ recipient_name }}您好：\n\n{{ unit_name }}对{{ candidate_name }}（{{ job_title }}）"
            "的评估已于{{ due_at }}到期，尚未完成。",
        ),
    },
    (E.ASSESSMENT_UNDERSTAFFED, "unit_lead"): {
        "en": (
            "Panel short: {{ seated }} of {{ panel_size }} for {{ candidate_name }}",
            "Hello {{ recipient_name }},\n\nOnly {{ seated }} of {{ panel_size }} assessors "
            "could be seated for {{ candidate_name }} ({{ job_title }}). Please assign more.",
        ),
        "zh-hans": (
            "评估小组人数不足：{{ seated }}/{{ panel_size }}（{{ candidate_name }}）",
            "{{ recipient_name }}您好：\n\n{{ candidate_name }}（{{ job_title }}）的评估小组"
            "仅安排了{{ seated }}/{{ panel_size }}名评估人，请补充人员。",
        ),
    },
    (E.ASSESSMENT_QUORUM_REACHED, "unit_lead"): {
        "en": (
            "Quorum reached: {{ candidate_name }} for {{ job_title }}",
            "Hello {{ recipient_name }},\n\n{{ submitted }} scorecards are in for "
            "{{ candidate_name }} ({{ job_title }}); the assessment can be decided.",
        ),
        "zh-hans": (
            "已达法定人数：{{ candidate_name }}（{{ job_title }}）",
            "{{ recipient_name }}您好：\n\n{{ candidate_name }}（{{ job_title }}）已收到"
            "{{ submitted }}份评分表，可以作出评估结论。",
        ),
    },
    (E.DIGEST_OVERDUE_ASSESSMENTS, "unit_lead"): {
        "en": (
            "{{ count }} overdue assessment{{ count|pluralize }} in {{ unit_name }}",
            "Hello {{ recipient_name }},\n\nThese assessments are overdue:\n" + DIGEST_EN,
        ),
        "zh-hans": (
            "{{ unit_name }}有{{ count }}项评估逾期",
            "{{ recipient_name }}您好：\n\n以下评估已逾期：\n" + DIGEST_ZH,
        ),
    },
    (E.DIGEST_STALE_APPLICATIONS, "user"): {
        "en": (
            "{{ count }} application{{ count|pluralize }} past their stage's SLA",
            "Hello {{ recipient_name }},\n\nThese applications have sat in their stage "
            "beyond its SLA:\n" + DIGEST_EN,
        ),
        "zh-hans": (
            "{{ count }}份申请超出阶段时限",
            "{{ recipient_name }}您好：\n\n以下申请停留在当前阶段已超出时限：\n" + DIGEST_ZH,
        ),
    },
    (E.WEBHOOK_DISABLED, "user"): {
        "en": (
            "Webhook disabled: {{ url }}",
            "Hello {{ recipient_name }},\n\nThe webhook {{ url }} failed {{ failures }} times "
            "in a row and has been disabled. Last error: {{ last_error }}. Fix the receiver, "
            "enable it again and replay its dead deliveries.",
        ),
        "zh-hans": (
            "Webhook已停用：{{ url }}",
            "{{ recipient_name }}您好：\n\nWebhook {{ url }}连续失败{{ failures }}次，已被停用。"
            "最后的错误：{{ last_error }}。请修复接收端后重新启用，并重放失败的投递。",
        ),
    },
}


def html_from_text(text: str) -> str:
    paragraphs = [p.replace("\n", "<br>\n") for p in text.split("\n\n")]
    return "".join(f"<p>{p}</p>\n" for p in paragraphs)


def default_templates() -> list[dict[str, Any]]:
    return [
        {
            "event_type": event_type,
            "audience": audience,
            "language": language,
            "subject": subject,
            "body_text": text,
            "body_html": html_from_text(text),
        }
        for (event_type, audience), languages in DEFAULTS.items()
        for language, (subject, text) in languages.items()
    ]


def seed_templates(model: Any) -> None:
    """Create the defaults that are missing; `model` may be a migration's historical one."""
    for row in default_templates():
        keys = {k: row[k] for k in ("event_type", "audience", "language")}
        model.objects.get_or_create(**keys, defaults={k: row[k] for k in row if k not in keys})


def unseed_templates(model: Any) -> None:
    for (event_type, audience), languages in DEFAULTS.items():
        model.objects.filter(
            event_type=event_type, audience=audience, language__in=list(languages)
        ).delete()
