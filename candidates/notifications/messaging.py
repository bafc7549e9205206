"""Rendering messages with what their event lets them say, and nothing else.

Templates see only the variables the event catalogue lists for their event: plain strings, numbers
and lists of plain dicts, never model objects, so a template cannot reach into data
the event does not expose. Rendering is strict: an unknown variable, a syntax error or
a tag library fails instead of printing an empty string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine

from candidates.notifications.catalogue import CATALOGUE, variables_of
from candidates.notifications.models import MessageTemplate
from recruiting.errors import InvalidInput

# Event type → every variable its messages may use, with a sample value for previews.
VARIABLES: dict[str, dict[str, Any]] = {
    str(event_type): dict(spec.variables) for event_type, spec in CATALOGUE.items()
}

_INVALID = "\x00invalid variable\x00"
_TEXT = Engine(autoescape=False, string_if_invalid=_INVALID)
_HTML = Engine(autoescape=True, string_if_invalid=_INVALID)


class RenderError(Exception):
    """A template that does not render with its event's variables."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def sample_variables(event_type: str) -> dict[str, Any]:
    return variables_of(event_type)


def _render(engine: Engine, source: str, variables: dict[str, Any], part: str) -> str:
    if not source:
        return ""
    try:
        output = engine.from_string(source).render(Context(variables, autoescape=engine.autoescape))
    except Exception as exc:
        raise RenderError(f"{part}: {exc}") from exc
    if _INVALID in output:
        raise RenderError(
            f"{part}: uses a variable this event does not provide "
            f"(available: {', '.join(sorted(variables))})."
        )
    return output


def render_message(
    *, subject: str, body_text: str, body_html: str, variables: dict[str, Any]
) -> Rendered:
    """Render the three parts; raises RenderError naming the part that failed."""
    rendered_subject = _render(_TEXT, subject, variables, "subject")
    return Rendered(
        # A header cannot hold a newline; a template line break must not inject one.
        subject=" ".join(rendered_subject.split()),
        text=_render(_TEXT, body_text, variables, "body_text"),
        html=_render(_HTML, body_html, variables, "body_html"),
    )


def template_problems(
    *, event_type: str, subject: str, body_text: str, body_html: str
) -> dict[str, list[str]]:
    """Why a draft would not render for its event, by field; empty when it renders."""
    if event_type not in VARIABLES:
        return {"event_type": [f"Unknown event type; known: {', '.join(sorted(VARIABLES))}."]}
    variables = sample_variables(event_type)
    problems: dict[str, list[str]] = {}
    for field, source in (("subject", subject), ("body_text", body_text), ("body_html", body_html)):
        try:
            _render(_HTML if field == "body_html" else _TEXT, source, variables, field)
        except RenderError as exc:
            problems[field] = [str(exc).split(": ", 1)[1]]
    if not subject.strip():
        problems.setdefault("subject", []).append("Required.")
    if not body_text.strip():
        problems.setdefault("body_text", []).append("Required.")
    return problems


def check_template(*, event_type: str, subject: str, body_text: str, body_html: str) -> None:
    problems = template_problems(
        event_type=event_type, subject=subject, body_text=body_text, body_html=body_html
    )
    if problems:
        raise InvalidInput("This template does not render for its event.", fields=problems)


def message_template_save(
    *, template: MessageTemplate | None, data: dict[str, Any]
) -> MessageTemplate:
    """Create or change a message template after rendering it with its event's sample
    variables. Raises InvalidInput (400) naming every part that does not render."""
    merged = {
        field: data.get(field, getattr(template, field, ""))
        for field in ("event_type", "subject", "body_text", "body_html")
    }
    check_template(**merged)
    if template is None:
        return MessageTemplate.objects.create(**data)
    for name, value in data.items():
        setattr(template, name, value)
    template.save()
    return template


def message_preview(*, event_type: str, subject: str, body_text: str, body_html: str) -> Rendered:
    """The draft rendered with the event's sample variables; raises InvalidInput."""
    check_template(event_type=event_type, subject=subject, body_text=body_text, body_html=body_html)
    return render_message(
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        variables=sample_variables(event_type),
    )
