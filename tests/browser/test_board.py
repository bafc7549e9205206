"""The board and the lists in Chromium: dragging cards, a stale drag, the keyboard move
menu, bulk results, filters kept in the address, the CSV download, all under the CSP,
with screenshots of each page and state in English and Chinese."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from candidates.models import Application
from candidates.services import applications as svc
from recruiting.selectors import track_stages
from tests.browser.conftest import log_in, policy_violations, shoot, switch_language
from tests.web.test_board import advance, apply

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(world: Any, recruiter: Any) -> dict[str, Application]:
    """A job with someone at each early stage, a fast-tracked one, one on hold."""
    found = {
        "li": apply(world, recruiter, full_name="Li Na", source="referral"),
        "wang": apply(world, recruiter, full_name="Wang Wei", source="drive"),
        "chen": apply(world, recruiter, full_name="Chen Jing", source="campus"),
        "zhao": advance(apply(world, recruiter, full_name="Zhao Lei"), recruiter),
        "sun": advance(apply(world, recruiter, full_name="Sun Mei"), recruiter, times=2),
        "fast": apply(world, recruiter, full_name="Gao Yu", fast=True),
    }
    held = apply(world, recruiter, full_name="Ma Rui")
    svc.application_hold(application_id=held.pk, expected_version=1, actor=recruiter)
    found["held"] = held
    return found


def board(page: Any, live_server: Any, world: Any, query: str = "") -> None:
    page.goto(f"{live_server.url}/jobs/{world.job.pk}/board/{query}")
    page.wait_for_selector("#board-columns .app-card")


def column(page: Any, stage_id: int) -> Any:
    return page.locator(f"#column-{stage_id}")


def card(page: Any, app: Application) -> Any:
    return page.locator(f"#card-{app.pk}")


def drag(page: Any, app: Application, stage_id: int) -> None:
    """As a hand does: press on the card, move a little, across, hover until the card
    shows in the column, and let go."""
    source = card(page, app).locator(".meta").bounding_box()
    target = column(page, stage_id).locator(".column-body").bounding_box()
    x, y = source["x"] + source["width"] / 2, source["y"] + source["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 20, y, steps=5)
    # SortableJS has taken the card once it marks it chosen; a busy machine can be slow.
    page.wait_for_selector(f"#card-{app.pk}.sortable-chosen")
    x, y = target["x"] + target["width"] / 2, target["y"] + 40
    page.mouse.move(x, y, steps=20)
    # SortableJS ignores the pointer for a moment after each card it moves across a
    # column (30 ms, while the move animates): a moving hand gives it more chances.
    arrived = page.locator(f"#column-{stage_id} .column-body > #card-{app.pk}")
    for nudge in range(40):
        if arrived.count():
            break
        page.wait_for_timeout(50)
        page.mouse.move(x + nudge % 2 * 4, y + nudge % 2 * 4)
    expect(arrived).to_have_count(1)
    page.mouse.up()


def test_a_recruiter_drags_a_card_to_the_next_stage_and_it_stays_after_reload(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    review, screen, *_ = track_stages(world.standard)
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)
    shoot(page, "board")

    drag(page, people["li"], screen.pk)

    page.wait_for_selector("#board-status .alert-success")
    assert "Li Na moved to Screen." in page.locator("#board-status").inner_text()
    # The two columns the drop touched are read again from the server.
    expect(column(page, screen.pk).locator(".count")).to_have_text(re.compile(r"^2"))
    expect(column(page, screen.pk).locator(f"#card-{people['li'].pk}")).to_have_count(1)
    page.reload()
    assert column(page, screen.pk).locator(f"#card-{people['li'].pk}").count() == 1
    assert column(page, review.pk).locator(f"#card-{people['li'].pk}").count() == 0
    moved = Application.objects.get(pk=people["li"].pk)
    assert (moved.stage_id, moved.version) == (screen.pk, 2)
    assert violations == []


def test_a_drag_further_asks_for_a_reason_and_cancelling_puts_the_card_back(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    review, _, _, interview, *_ = track_stages(world.standard)
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)

    drag(page, people["wang"], interview.pk)
    page.wait_for_selector("#drop-dialog[open]")
    shoot(page, "board-drop-reason")
    page.click("#drop-dialog button[value=cancel]")

    page.wait_for_selector(f"#column-{review.pk} #card-{people['wang'].pk}")
    drag(page, people["wang"], interview.pk)
    page.fill("#drop-reason", "Referred by the unit lead; skip ahead")
    page.click("#drop-dialog button[value=move]")
    page.wait_for_selector("#board-status .alert-success")
    expect(column(page, interview.pk).locator(".count")).to_have_text(re.compile(r"^1"))
    expect(column(page, interview.pk).locator(f"#card-{people['wang'].pk}")).to_have_count(1)
    moved = Application.objects.get(pk=people["wang"].pk)
    assert moved.stage_id == interview.pk
    assert moved.transitions.last().reason == "Referred by the unit lead; skip ahead"
    assert violations == []


def test_a_stale_drag_shows_the_engines_message_and_the_card_returns(
    live_server: Any, page: Any, world: Any, recruiter: Any, people: dict[str, Application]
) -> None:
    review, screen, *_ = track_stages(world.standard)
    app = people["chen"]
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)
    # Someone else, in another session, holds and resumes it: the card's version is old.
    svc.application_hold(application_id=app.pk, expected_version=1, actor=recruiter)
    svc.application_resume(application_id=app.pk, expected_version=2, actor=recruiter)

    drag(page, app, screen.pk)

    page.wait_for_selector("#page-errors .alert")
    message = page.locator("#page-errors").inner_text()
    assert "Stale version: you sent 1, the application is at version 3." in message
    page.wait_for_selector(f"#column-{review.pk} #card-{app.pk}[data-version='3']")
    assert column(page, screen.pk).locator(f"#card-{app.pk}").count() == 0
    shoot(page, "board-stale")
    assert Application.objects.get(pk=app.pk).stage_id == review.pk
    assert violations == []


def test_the_keyboard_move_menu_moves_a_card(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    stages = track_stages(world.standard)
    written, interview = stages[2], stages[3]
    app = people["zhao"]  # at the screen
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)

    card(page, app).locator(".move-button").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#move-dialog[open] input[type=radio]:focus")
    focused = page.evaluate("document.activeElement.value")
    assert focused == str(written.pk)  # the next stage, chosen already
    shoot(page, "board-move-dialog")
    page.keyboard.press("ArrowDown")  # the interview: not the next stage
    page.keyboard.press("Tab")
    page.keyboard.type("Strong panel feedback from a past role")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_selector("#board-status .alert-success")
    page.wait_for_function("!document.getElementById('move-dialog').open")
    expect(column(page, interview.pk).locator(f"#card-{app.pk}")).to_have_count(1)
    moved = Application.objects.get(pk=app.pk)
    assert moved.stage_id == interview.pk
    assert moved.transitions.last().reason == "Strong panel feedback from a past role"
    assert page.evaluate("document.activeElement.classList.contains('move-button')")
    assert violations == []


def test_the_move_menu_shows_a_refusal_inside_the_dialog(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    app = people["li"]
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)

    card(page, app).locator(".move-button").click()
    page.wait_for_selector("#move-dialog[open]")
    page.locator("#move-dialog input[type=radio]").nth(2).check()
    page.click("#move-dialog button[value=move]")

    page.wait_for_selector("#move-dialog [data-errors] .alert")
    assert "A reason is required to move." in page.locator("#move-dialog").inner_text()
    assert Application.objects.get(pk=app.pk).version == 1


def test_bulk_reject_reports_each_result(
    live_server: Any, page: Any, world: Any, recruiter: Any, people: dict[str, Application]
) -> None:
    chosen = [people["li"], people["wang"], people["chen"]]
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)

    for app in chosen:
        page.check(f"#pick-{app.pk}")
    assert "3 selected" in page.locator("#bulk-count").inner_text()
    # Meanwhile, in another session, one of them moves on.
    svc.application_advance(application_id=people["chen"].pk, expected_version=1, actor=recruiter)
    page.click("#bulk-bar button[data-dialog=bulk-reject]")
    page.select_option("#bulk-reject-reason", str(world.no_fit.pk))
    page.fill("#bulk-reject-note", "Not this time")
    page.click("#bulk-reject button[type=submit]")

    result = page.wait_for_selector("#bulk-result .alert")
    text = result.inner_text()
    assert "2 rejected; 1 refused" in text
    assert "Li Na — done" in text
    assert "Chen Jing — refused: Stale version" in text
    assert page.locator(f"#card-{people['li'].pk}").count() == 0  # rejected: not shown
    assert "0 selected" not in page.locator("#bulk-count").inner_text()
    shoot(page, "board-bulk-result")
    statuses = dict(
        Application.objects.filter(pk__in=[a.pk for a in chosen]).values_list("pk", "status")
    )
    assert statuses == {
        people["li"].pk: "rejected",
        people["wang"].pk: "rejected",
        people["chen"].pk: "active",
    }
    assert violations == []


def test_board_filters_live_in_the_address_and_survive_a_reload(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    log_in(page, live_server, "recruiter")
    board(page, live_server, world)

    with page.expect_navigation():
        page.select_option("#id_source", "referral")
    page.fill("#id_q", "li")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "source=referral" in page.url
    assert "q=li" in page.url
    assert "fast_track" not in page.url  # only the filters in use
    page.reload()
    assert page.locator("#id_source").input_value() == "referral"
    assert page.locator("#id_q").input_value() == "li"
    names = page.locator("#board-columns .app-card .name").all_inner_texts()
    assert names == ["Li Na"]
    shoot(page, "board-filtered")


def test_the_jobs_list_leads_to_a_board(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/jobs/")
    shoot(page, "jobs")

    with page.expect_navigation():
        page.select_option("#id_unit", str(world.unit.pk))
    assert f"unit={world.unit.pk}" in page.url
    page.reload()
    assert page.locator("#id_unit").input_value() == str(world.unit.pk)
    page.click(f"text={world.job.title}")

    page.wait_for_selector("#board-columns")
    assert page.locator("h1").inner_text() == world.job.title
    assert violations == []


def test_the_applications_list_filters_and_downloads_the_same_rows_as_csv(
    live_server: Any, page: Any, world: Any, people: dict[str, Application], tmp_path: Path
) -> None:
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/applications/?status=active&sort=name")
    shoot(page, "applications")

    shown = page.locator(".applications-table tbody th a").all_inner_texts()
    with page.expect_download() as waiting:
        page.click("text=Export CSV")
    path = tmp_path / "export.csv"
    waiting.value.save_as(path)

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][1] == "Candidate"
    assert [row[1] for row in rows[1:]] == shown
    assert shown == sorted(shown)
    assert "Ma Rui" not in shown  # on hold, not active
    fast = next(row for row in rows if row[1] == "Gao Yu")
    assert fast[10:12] == ["yes", f"{world.rule.name} (v1)"]
    assert violations == []


def test_the_board_and_lists_in_chinese(
    live_server: Any, page: Any, world: Any, people: dict[str, Application]
) -> None:
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    switch_language(page, "zh-hans")
    board(page, live_server, world)

    assert "可一次处理多个申请" in page.locator("#bulk-count").inner_text()
    shoot(page, "board-zh")
    card(page, people["zhao"]).locator(".move-button").click()
    page.wait_for_selector("#move-dialog[open]")
    shoot(page, "board-move-dialog-zh")
    page.keyboard.press("Escape")
    for app in (people["li"], people["wang"]):
        page.check(f"#pick-{app.pk}")
    page.click("#bulk-bar button[data-dialog=bulk-hold]")
    page.click("#bulk-hold button[type=submit]")
    page.wait_for_selector("#bulk-result .alert")
    shoot(page, "board-bulk-result-zh")
    page.goto(f"{live_server.url}/jobs/")
    shoot(page, "jobs-zh")
    page.goto(f"{live_server.url}/applications/?sort=name")
    shoot(page, "applications-zh")
    assert violations == []


def test_a_viewer_sees_a_read_only_board(
    live_server: Any, page: Any, world: Any, viewer: Any, people: dict[str, Application]
) -> None:
    log_in(page, live_server, "viewer")
    board(page, live_server, world)

    assert page.locator(".move-button").count() == 0
    assert page.locator(".bulk-check").count() == 0
    assert page.locator("#bulk-bar").count() == 0
    shoot(page, "board-viewer")
