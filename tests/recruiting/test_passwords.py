"""Passwords are checked against the user's own details, common choices and digits only."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def refusals(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def test_a_password_like_the_username_is_refused() -> None:
    recruiter = User(username="recruiter", email="wang.fang@example.com")

    messages = refusals("recruiter", recruiter)

    assert any("too similar to the username" in m for m in messages), messages


def test_a_password_like_the_email_is_refused() -> None:
    user = User(username="wfang", email="wang.fang2026@example.com")

    assert refusals("wang.fang2026", user)


def test_a_password_of_digits_only_is_refused() -> None:
    user = User(username="lead")

    messages = refusals("2026031588", user)

    assert any("entirely numeric" in m for m in messages), messages
