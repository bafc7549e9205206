"""What a card's move menu, a drop and the bulk bar send, checked before any service."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.web.board.commands import ADVANCE, HIRE, HOLD, MOVE, REJECT, RESUME, Order
from recruiting.models import RejectionReason

MAX_REASON = 1000
# More cards than a person selects on one board at once.
MAX_BULK = 200
ITEM = re.compile(r"^(\d{1,18}):(\d{1,9})$")


def rejection_reasons() -> Any:
    return RejectionReason.objects.filter(is_active=True).order_by("label")


class CommandForm(forms.Form):
    """An order for the engine: a move names its stage, a rejection its reason."""

    actions: tuple[str, ...] = ()
    to_stage = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    reason = forms.CharField(max_length=MAX_REASON, required=False, label=_("Reason"))
    rejection_reason = forms.ModelChoiceField(
        queryset=RejectionReason.objects.none(), required=False, label=_("Rejection reason")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"] = forms.ChoiceField(choices=[(a, a) for a in self.actions])
        self.fields["rejection_reason"].queryset = rejection_reasons()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == MOVE and not data.get("to_stage"):
            self.add_error("to_stage", _("Choose the stage to move to."))
        if action == REJECT and not data.get("rejection_reason"):
            self.add_error("rejection_reason", _("Choose a rejection reason."))
        return data

    def order(self, version: int) -> Order:
        data = self.cleaned_data
        return Order(
            data["action"],
            version,
            data.get("to_stage"),
            data.get("reason") or "",
            data.get("rejection_reason"),
        )


class CardActionForm(CommandForm):
    """One card, at the version it showed."""

    actions = (ADVANCE, MOVE, HOLD, RESUME, REJECT, HIRE)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class BulkForm(CommandForm):
    """Several cards, each as `<id>:<version>` (the version the card showed)."""

    actions = (MOVE, HOLD, REJECT)
    applications = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def clean_applications(self) -> list[tuple[int, int]]:
        raw = [str(value) for value in self.cleaned_data.get("applications") or []]
        if not raw:
            raise forms.ValidationError(_("Select at least one application."))
        if len(raw) > MAX_BULK:
            raise forms.ValidationError(
                _("Select at most %(count)s applications at once.") % {"count": MAX_BULK}
            )
        items: dict[int, int] = {}
        for value in raw:
            match = ITEM.match(value)
            if not match:
                raise forms.ValidationError(_("The selection is not valid; reload the board."))
            items[int(match[1])] = int(match[2])
        return list(items.items())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Several cards may stand in several stages: a bulk move always says why.
        if data.get("action") == MOVE and not data.get("reason"):
            self.add_error("reason", _("Give a reason for the move."))
        return data


def error_text(form: forms.Form) -> str:
    """Every error of a form in one line, for an htmx answer the page shows as it is."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)
