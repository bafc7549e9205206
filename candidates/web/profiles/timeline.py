"""One application's timeline in words, newest first: every history row (what happened,
why, who), the routing decision of each step onto a fast track (a rule that held, or
an override with who and why), every panel, and for admins and recruiters the emails,
in-app notices and webhooks sent about each.

The sentences are made here rather than in the template: at 200 rows the template's
own logic was most of the page's time."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from candidates.notifications.catalogue import EventType
from candidates.web import labels
from candidates.web.profiles.selectors import (
    application_panels,
    delivery_rows,
    event_rows,
    history_rows,
)
from recruiting.roles import Role, has_role

# Who reads what the product told whom about an application.
DELIVERY_READERS = (Role.ADMIN, Role.RECRUITER)
CHANNEL_ICONS = {"email": "✉", "webhook": "⇄", "in_app": "◉"}
DELIVERY_BADGES = {"sent": "badge-ok", "dead": "badge-bad", "cancelled": "badge-muted"}


# History rows and the messages sent about them are written as HTML here rather than in
# the template (which writes the few panels): a long history has hundreds of each, and
# the template engine took two thirds of the page's time on them. Every value is
# escaped (`_e`); the whole is marked safe once.
_e = html.escape


@dataclass
class Entry:
    at: datetime
    kind: str
    title: str = ""
    when: str = ""
    what: str = ""
    reason: str = ""
    note: str = ""
    who: str = ""
    # Why the application went onto a fast track at this step.
    routing: dict[str, Any] | None = None
    routing_text: str = ""
    panel: dict[str, Any] | None = None
    # The messages sent about it, each an escaped list item.
    sent: list[str] = field(default_factory=list)
    order: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Timeline:
    entries: list[Entry]
    # The entries as the timeline's list items.
    html: SafeString
    shows_deliveries: bool
    delivery_count: int
    # Who acted on the application, by user id.
    actors: dict[int, str]


@dataclass(frozen=True)
class Words:
    """Every word the timeline uses, translated once per page (at hundreds of rows,
    looking each up again was a tenth of the page's time)."""

    titles: dict[str, str]
    roles: dict[str, str]
    # Escaped already: they go into every message's list item.
    channels: dict[str, str]
    recipients: dict[str, str]
    statuses: dict[str, str]
    fell_back: str
    starts: str
    skipped: str
    at: str
    active_again: str
    now_at: str
    by: str
    by_system: str
    overridden: str
    failed_rules: str
    rule_held: str
    panel: str
    reason: str
    note: str
    override: str
    fast_track: str
    messages_sent: str

    @classmethod
    def now(cls) -> Words:
        def table(words: dict[str, Any]) -> dict[str, str]:
            return {code: str(word) for code, word in words.items()}

        def escaped(words: dict[str, Any]) -> dict[str, str]:
            return {code: _e(str(word)) for code, word in words.items()}

        return cls(
            titles=table(labels.TRANSITION),
            roles=table(labels.ACTOR_ROLE),
            channels=escaped(labels.DELIVERY_CHANNEL),
            recipients=escaped(labels.RECIPIENT),
            statuses=escaped(labels.DELIVERY_STATUS),
            fell_back=_("Fell back"),
            starts=_("Starts at %(stage)s on %(track)s"),
            skipped=_("Skipped %(stage)s"),
            at=_("At %(stage)s"),
            active_again=_("Active again at %(stage)s"),
            now_at=_("now at %(stage)s"),
            by=_("by %(who)s (%(role)s)"),
            by_system=_("by the system"),
            overridden=_("The fast-track rules did not hold; %(who)s overrode them."),
            failed_rules=_("Rules that failed:"),
            rule_held=_("Rule “%(rule)s” (version %(version)s) of %(track)s held."),
            panel=_("Panel: %(stage)s"),
            reason=_("Reason:"),
            note=_("Note:"),
            override=_("⚑ Override"),
            fast_track=_("⚡ Fast track"),
            messages_sent=_("Messages sent"),
        )


def application_timeline(user: Any, application: Any, now: datetime) -> Timeline:
    history = history_rows(application)
    events = event_rows(application)
    shows_deliveries = has_role(user, *DELIVERY_READERS)
    deliveries = delivery_rows(application) if shows_deliveries else []
    routing = {
        event["transition_id"]: event["routing"]
        for event in events
        if event["type"] == EventType.APPLICATION_FAST_TRACKED
    }
    text = _Text(Words.now(), timezone.get_current_timezone())
    entries = [text.transition(row, routing.get(str(row["id"]))) for row in history]
    by_transition = {str(row["id"]): entry for row, entry in zip(history, entries, strict=True)}
    panels = {
        str(panel["id"]): text.panel(panel, _opened_by(panel, history))
        for panel in application_panels(user, application, now)
    }
    entries += panels.values()
    event_owner = {
        event["id"]: panels.get(event["assessment_id"] or "")
        or by_transition.get(event["transition_id"] or "")
        for event in events
    }
    for delivery in deliveries:
        owner = event_owner.get(delivery["event_id"])
        if owner is not None:
            owner.sent.append(text.sent(delivery))
    entries.sort(key=lambda entry: entry.order, reverse=True)
    html = mark_safe("".join(text.item(entry) for entry in entries))  # every part is escaped
    actors = {row["actor_id"]: _name(row) for row in history if row["actor_id"]}
    return Timeline(entries, html, shows_deliveries, len(deliveries), actors)


@dataclass(frozen=True)
class _Text:
    words: Words
    zone: tzinfo

    def when(self, moment: datetime) -> str:
        """As the `when` filter writes it, in the reader's time zone."""
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def transition(self, row: dict[str, Any], routing: dict[str, Any] | None) -> Entry:
        return Entry(
            at=row["created_at"],
            kind=row["kind"],
            title=self.title(row),
            when=self.when(row["created_at"]),
            what=self.what(row),
            reason=_own_reason(row, routing),
            note=row["note"],
            who=self.who(row),
            routing=routing,
            routing_text=self.routing(routing, _name(row)) if routing else "",
            # At one moment, the history row before the panel it opened.
            order=(row["created_at"], 0, row["id"]),
        )

    def title(self, row: dict[str, Any]) -> str:
        if row["kind"] == "track_switched" and (row["data"] or {}).get("fallback"):
            return self.words.fell_back
        return self.words.titles.get(row["kind"], row["kind"])

    def what(self, row: dict[str, Any]) -> str:
        w, kind = self.words, row["kind"]
        came, went = row["from_stage__name"], row["to_stage__name"]
        if kind == "created":
            return w.starts % {"stage": went, "track": row["to_stage__track__name"]}
        if kind in ("moved", "hired"):
            return f"{came} → {went}"
        if kind == "skipped":
            return w.skipped % {"stage": came}
        if kind == "rejected":
            at, label = w.at % {"stage": came}, row["rejection_reason__label"]
            return f"{at}: {label}" if label else at
        if kind == "unrejected":
            return w.active_again % {"stage": went}
        if kind == "track_switched":
            tracks = f"{row['from_stage__track__name']} → {row['to_stage__track__name']}"
            return f"{tracks} · " + w.now_at % {"stage": went}
        return w.at % {"stage": went}

    def who(self, row: dict[str, Any]) -> str:
        if row["actor_id"] is None:
            return self.words.by_system
        role = self.words.roles.get(row["actor_role"], row["actor_role"])
        return self.words.by % {"who": _name(row), "role": role}

    def routing(self, routing: dict[str, Any], who: str) -> str:
        w = self.words
        if routing.get("decided") == "override":
            failed = ", ".join(
                f"“{r.get('rule')}” (v{r.get('rule_version')})"
                for r in routing.get("failed_rules", [])
            )
            said = w.overridden % {"who": who}
            return f"{said} {w.failed_rules} {failed}" if failed else said
        return w.rule_held % {
            "rule": routing.get("rule"),
            "version": routing.get("rule_version"),
            "track": routing.get("track"),
        }

    def panel(self, panel: dict[str, Any], opened: datetime) -> Entry:
        return Entry(
            at=opened,
            kind="assessment",
            title=self.words.panel % {"stage": panel["stage"]["name"]},
            when=self.when(opened),
            panel=panel,
            order=(opened, 1, panel["id"]),
        )

    def item(self, entry: Entry) -> str:
        """The entry as a list item; a panel's comes from its template (there are few)."""
        if entry.panel is not None:
            sent = mark_safe(self.sent_list(entry.sent))  # every part is escaped
            context = {"entry": entry, "p": entry.panel, "sent": sent}
            return render_to_string("profiles/_panel.html", context)
        return f'<li class="kind-{_e(entry.kind)}">{self.html(entry)}</li>'

    def html(self, entry: Entry) -> str:
        w = self.words
        parts = [
            f'<div class="tl-head"><strong>{_e(entry.title)}</strong> '
            f'<span class="when">{_e(entry.when)}</span></div>'
            f'<div class="tl-what">{_e(entry.what)}</div>'
        ]
        if entry.routing:
            overridden = entry.routing.get("decided") == "override"
            badge, word = ("badge-warn", w.override) if overridden else ("badge-fast", w.fast_track)
            parts.append(
                f'<div class="tl-routing"><span class="badge {badge}">{_e(word)}</span> '
                f"{_e(entry.routing_text)}</div>"
            )
        for label, remark in ((w.reason, entry.reason), (w.note, entry.note)):
            if remark:
                parts.append(
                    f'<div class="tl-reason"><span class="muted">{_e(label)}</span> '
                    f"{_e(remark)}</div>"
                )
        parts.append(f'<div class="tl-who">{_e(entry.who)}</div>')
        parts.append(self.sent_list(entry.sent))
        return mark_safe("".join(parts))

    def sent_list(self, sent: list[str]) -> str:
        if not sent:
            return ""
        items = "".join(sent)
        return f'<ul class="sent-list" aria-label="{_e(self.words.messages_sent)}">{items}</ul>'

    def sent(self, delivery: dict[str, Any]) -> str:
        """One message as a list item: the channel, who it went to, its state, when."""
        w, channel, status = self.words, delivery["channel"], delivery["status"]
        recipient = "endpoint" if channel == "webhook" else delivery["audience"]
        # Codes the tables do not know are escaped; the tables' words are already.
        channel_word = w.channels.get(channel) or _e(channel)
        recipient_word = w.recipients.get(recipient) or _e(recipient or "")
        status_word = w.statuses.get(status) or _e(status)
        return (
            f"<li><span>{CHANNEL_ICONS.get(channel, '•')} {channel_word} → {recipient_word}</span>"
            f' <span class="badge {DELIVERY_BADGES.get(status, "badge-warn")}">{status_word}</span>'
            f' <span class="when">{self.when(delivery["at"])}</span></li>'
        )


def _own_reason(row: dict[str, Any], routing: dict[str, Any] | None) -> str:
    """The row's reason, unless the entry says it already: a rejection's is its
    configured label; an application routed on arrival names the rule that matched."""
    if row["kind"] == "rejected" or (row["kind"] == "created" and routing):
        return ""
    return str(row["reason"])


def _opened_by(panel: dict[str, Any], history: list[dict[str, Any]]) -> datetime:
    """When the panel opened: as the application entered its stage (the last entry
    into it by the panel's creation), which imported or back-dated history keeps."""
    entered = [
        row["created_at"]
        for row in history
        if row["to_stage_id"] == panel["stage"]["id"]
        and row["kind"] != "skipped"
        and row["created_at"] <= panel["created_at"]
    ]
    return entered[-1] if entered else panel["created_at"]


def _name(row: dict[str, Any]) -> str:
    name = " ".join(n for n in (row["actor__first_name"], row["actor__last_name"]) if n)
    return name or row["actor__username"] or ""
