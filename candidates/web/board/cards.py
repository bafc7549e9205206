"""What a card shows, worked out once per card in Python rather than in the template:
a board renders a hundred and fifty cards, and a template tag per detail (a URL, a
plural, an inclusion tag for the SLA badge) cost more than the queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import Application, ApplicationStatus, Candidate
from candidates.web import labels
from candidates.web.board.filters import in_chinese
from candidates.web.board.list_selectors import json_text
from candidates.web.dashboard import sla_state

SLA_ICONS = {"ontime": "✓", "soon": "◷", "overdue": "⚠"}
# Who a bulk command or the move menu may still change.
OPEN = (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD)


def _prefix(name: str, *args: int) -> str:
    """The URL of `name` for id 0, without the 0: a card's own id goes there."""
    url = reverse(name, args=[*args, 0])
    return url[: -len("0/")]


STATUS_BADGES: dict[str, tuple[str, str]] = {
    ApplicationStatus.ON_HOLD: ("badge-warn", "‖"),
    ApplicationStatus.REJECTED: ("badge-bad", "✗"),
    ApplicationStatus.HIRED: ("badge-ok", "✓"),
    ApplicationStatus.WITHDRAWN: ("badge-muted", "↩"),
}


def decorate(cards: list[Application], *, job_id: int, query: str, now: datetime) -> None:
    """Days in the stage and the SLA state (an active application's only: a held one's
    clock is stopped), in words; the candidate's specialties in the reader's language,
    read for every card at once; the links of the card."""
    specialties = _specialties({card.candidate_id for card in cards})
    sla_words = {"ontime": _("on time"), "soon": _("due soon"), "overdue": _("overdue")}
    sources = {code: str(words) for code, words in labels.SOURCE.items()}
    statuses = {code: str(words) for code, words in labels.STATUS.items()}
    select = _("Select %(name)s")
    # A fast track given by a person, not a rule.
    overridden = _("override of the rules")
    profile = _prefix("web:application")
    menu = _prefix("web:job_board_card", job_id)
    for card in cards:
        card.__dict__.update(_facts(card, now, sla_words, sources, statuses, overridden))
        card.specialty_names = specialties.get(card.candidate_id, "")  # type: ignore[attr-defined]
        key = str(card.pk)
        card.__dict__.update(
            key=key,
            version_key=str(card.version),
            item=f"{key}:{card.version}",
            name=card.candidate.full_name,
            select_label=select % {"name": card.candidate.full_name},
            url=f"{profile}{key}/",
            menu_url=f"{menu}{key}/?{query}",
        )


def _specialties(candidate_ids: set[int]) -> dict[int, str]:
    """Each candidate's specialties, named in the reader's language, in one query (as
    values: a related manager per card cost more than the query)."""
    links = Candidate.specialties.through.objects.filter(candidate_id__in=candidate_ids)
    names: dict[int, list[str]] = {}
    for candidate_id, name, name_zh in links.order_by("specialty__name").values_list(
        "candidate_id", "specialty__name", "specialty__name_zh"
    ):
        names.setdefault(candidate_id, []).append((in_chinese() and name_zh) or name)
    return {candidate_id: ", ".join(found) for candidate_id, found in names.items()}


def allow(cards: list[Application], *, can_move: bool, can_act: bool) -> None:
    """Whether the reader may drag each card (`can_move` out of its column, and only an
    active application) and act on it otherwise (`can_act`, on an open one)."""
    for card in cards:
        is_open = card.status in OPEN
        classes = ["app-card"]
        if card.status == ApplicationStatus.ON_HOLD:
            classes.append("is-held")
        elif not is_open:
            classes.append("is-closed")
        if not (can_move and card.status == ApplicationStatus.ACTIVE):
            classes.append("is-locked")
        card.css_class = " ".join(classes)  # type: ignore[attr-defined]
        card.actionable = can_act and is_open  # type: ignore[attr-defined]


def _facts(
    card: Application,
    now: datetime,
    sla_words: dict[str, str],
    sources: dict[str, str],
    statuses: dict[str, str],
    overridden: str,
) -> dict[str, Any]:
    days = max((now - card.stage_entered_at).days, 0)
    sla = sla_state(card.due_at, now) if card.status == ApplicationStatus.ACTIVE else ""
    if sla:
        badge_class, badge_text = f"sla-{sla}", f"{SLA_ICONS[sla]} {sla_words[sla]}"
    elif card.status in STATUS_BADGES:
        badge_class, icon = STATUS_BADGES[card.status]
        badge_text = f"{icon} {statuses.get(card.status, card.status)}"
    else:
        badge_class = badge_text = ""
    fast_title = ""
    if card.is_fast_track:
        track = json_text(getattr(card, "reason_track", None)) or ""
        rule = json_text(getattr(card, "reason_rule", None))
        version = json_text(getattr(card, "reason_rule_version", None))
        fast_title = f"{track} — {rule} (v{version})" if rule else f"{track} — {overridden}"
    return {
        "days_text": ngettext("%(days)s day in stage", "%(days)s days in stage", days)
        % {"days": days},
        "badge_class": badge_class,
        "badge_text": badge_text,
        "fast_title": fast_title,
        "source_text": sources.get(card.candidate.source, card.candidate.source),
    }
