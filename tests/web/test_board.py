"""The pipeline board of a job: who sees it, what its columns and cards say, its
filters, the move menu, drops and bulk commands through the engine, and that its
queries do not grow with the applications."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Application, Transition
from candidates.services import applications as svc
from recruiting.models import Stage, Track
from recruiting.selectors import track_stages
from tests import factories as f

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def apply(world: Any, actor: Any, *, job: Any = None, fast: bool = False, **kw: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **kw)
    if fast:
        f.PublicationFactory(candidate=person, specialty=world.nlp)
    return svc.application_create(candidate=person, job=job or world.job, actor=actor).application


def advance(app: Application, actor: Any, times: int = 1) -> Application:
    for _ in range(times):
        app = svc.application_advance(
            application_id=app.pk, expected_version=app.version, actor=actor
        ).application
    return app


def stages(track: Track) -> list[Stage]:
    return track_stages(track)


def board_url(world: Any, **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/jobs/{world.job.pk}/board/" + (f"?{query}" if query else "")


def act_url(world: Any, app: Application, query: str = "") -> str:
    return f"/jobs/{world.job.pk}/board/applications/{app.pk}/act/" + (f"?{query}" if query else "")


# ------------------------------------------------------------------ who sees the board


def test_an_anonymous_visitor_is_sent_to_log_in(world: Any, browse: Any) -> None:
    answer = browse(None).get(board_url(world))

    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_an_assessor_sees_no_board(world: Any, assessor: Any, browse: Any) -> None:
    answer = browse(assessor).get(board_url(world))

    assert answer.status_code == 403


def test_a_unit_lead_sees_their_units_board_and_not_anothers(
    world: Any, recruiter: Any, unit_lead: Any, other_unit_lead: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Li Na")

    own = browse(unit_lead).get(board_url(world))
    other = browse(other_unit_lead).get(board_url(world))

    assert own.status_code == 200
    assert b"Li Na" in own.content
    assert other.status_code == 404


def test_a_recruiter_sees_a_column_per_stage_with_counts_and_cards(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Li Na", source="referral")
    advance(apply(world, recruiter, full_name="Wang Wei"), recruiter)

    answer = browse(recruiter).get(board_url(world))

    assert answer.status_code == 200
    body = answer.content.decode()
    for stage in stages(world.standard):
        assert f'id="column-{stage.pk}"' in body
    assert "Li Na" in body
    assert "Wang Wei" in body
    assert "Referral" in body
    assert "Natural language processing" in body  # the candidate's specialty
    assert "on time" in body
    assert 'class="bulk-check"' in body
    assert "data-can-move" in body


def test_a_fast_track_card_names_its_track_and_rule(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Zhao Lei", fast=True)

    answer = browse(recruiter).get(board_url(world, track=world.fast.pk))

    body = answer.content.decode()
    assert "Zhao Lei" in body
    assert f'title="{world.fast.name} — {world.rule.name} (v1)"' in body


def test_a_viewer_reads_the_board_but_cannot_move_anything(
    world: Any, recruiter: Any, viewer: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")

    answer = browse(viewer).get(board_url(world))
    refused = browse(viewer).post(
        act_url(world, app), {"action": "advance", "version": app.version}
    )

    body = answer.content.decode()
    assert answer.status_code == 200
    assert "Li Na" in body
    assert "bulk-check" not in body
    assert "move-button" not in body
    assert "data-can-move" not in body
    assert refused.status_code == 403
    app.refresh_from_db()
    assert app.version == 1


def test_a_unit_lead_may_move_only_out_of_stages_that_let_unit_leads(
    world: Any, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")  # at review: admins and recruiters only

    answer = browse(unit_lead).get(board_url(world))
    refused = browse(unit_lead).post(
        act_url(world, app), {"action": "advance", "version": app.version}, **HTMX
    )

    assert "move-button" not in answer.content.decode()
    assert refused.status_code == 403
    assert b"Your role may not advance here" in refused.content
    app.refresh_from_db()
    assert app.version == 1


# ------------------------------------------------------------------ tabs and filters


def test_a_tab_per_admitted_track_and_per_older_version_still_in_use(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Old Timer")
    world.standard.current_version = 2
    world.standard.save(update_fields=["current_version"])
    f.add_stages(world.standard, f.STANDARD_KINDS, version=2)

    answer = browse(recruiter).get(board_url(world))
    old = browse(recruiter).get(board_url(world, track=world.standard.pk, version=1))

    body = answer.content.decode()
    assert f"?track={world.standard.pk}&amp;version=2" in body
    assert f"?track={world.standard.pk}&amp;version=1" in body
    assert f"?track={world.fast.pk}&amp;version=1" in body
    assert "version 1 (older)" in body
    assert "Old Timer" not in body  # the current version's tab comes first
    assert "Old Timer" in old.content.decode()
    assert f'id="column-{app.stage_id}"' in old.content.decode()


def test_filters_narrow_the_cards_and_the_counts_say_so(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Li Na", source="referral")
    apply(world, recruiter, full_name="Wang Wei", source="drive")
    first = stages(world.standard)[0]

    answer = browse(recruiter).get(board_url(world, source="referral", q="li"))

    body = answer.content.decode()
    assert "Li Na" in body
    assert "Wang Wei" not in body
    column = body[body.index(f'id="column-{first.pk}"') :]
    assert '<span class="count">1<' in column


def test_rejected_applications_are_hidden_by_default_but_counted(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Gone Away")
    svc.application_reject(
        application_id=app.pk, expected_version=1, actor=recruiter, rejection_reason=world.no_fit
    )

    shown = browse(recruiter).get(board_url(world))
    closed = browse(recruiter).get(board_url(world, show="closed"))

    assert "Gone Away" not in shown.content.decode()
    assert "+1 not shown" in shown.content.decode()
    assert "Gone Away" in closed.content.decode()
    assert "Not a fit for the role" in closed.content.decode()


def test_overdue_and_fast_track_filters(world: Any, recruiter: Any, browse: Any) -> None:
    late = apply(world, recruiter, full_name="Late One")
    Application.objects.filter(pk=late.pk).update(due_at=late.stage_entered_at.replace(year=2020))
    apply(world, recruiter, full_name="On Time")

    overdue = browse(recruiter).get(board_url(world, overdue="true"))

    body = overdue.content.decode()
    assert "Late One" in body
    assert "On Time" not in body
    assert "overdue" in body


def test_filters_that_are_not_valid_answer_400_beside_the_field(
    world: Any, recruiter: Any, browse: Any
) -> None:
    answer = browse(recruiter).get(board_url(world, specialty="not-a-number", show="sideways"))

    assert answer.status_code == 400
    assert b"errorlist" in answer.content
    assert b'id="board-columns"' not in answer.content


@pytest.mark.parametrize(("params", "status"), [({"track": "x"}, 400), ({"track": 999999}, 404)])
def test_a_tab_that_is_not_one_is_refused(
    world: Any, recruiter: Any, browse: Any, params: dict[str, Any], status: int
) -> None:
    answer = browse(recruiter).get(board_url(world, **params))

    assert answer.status_code == status


# ------------------------------------------------------------------ columns load more


def test_a_column_shows_its_first_cards_and_loads_the_rest_after_a_position(
    world: Any, recruiter: Any, browse: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from candidates.web.board import selectors

    monkeypatch.setattr(selectors, "PAGE", 2)
    for n in range(5):
        apply(world, recruiter, full_name=f"Person {n}")
    first = stages(world.standard)[0]
    client = browse(recruiter)

    page = client.get(board_url(world)).content.decode()
    seen = page.count('class="app-card')
    names = set()
    url = page.split('class="btn btn-small btn-quiet load-more" type="button" hx-get="')[1]
    url = url.split('"')[0].replace("&amp;", "&")
    while url:
        more = client.get(url, **HTMX)
        body = more.content.decode()
        assert more.status_code == 200
        assert "<html" not in body
        names |= {line for line in body.split() if line.startswith('id="card-')}
        seen += body.count('class="app-card')
        url = ""
        if "load-more" in body:
            url = body.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")

    assert seen == 5
    assert f"/stages/{first.pk}/" in page


def test_a_forged_position_is_a_400_not_a_500(world: Any, recruiter: Any, browse: Any) -> None:
    first = stages(world.standard)[0]
    url = f"/jobs/{world.job.pk}/board/stages/{first.pk}/"

    for token in ("%%%", "bm90IGpzb24", "WyJ4IiwxXQ", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwxXQ"):
        answer = browse(recruiter).get(f"{url}?after={token}", **HTMX)
        assert answer.status_code == 400, token
        assert b"alert" in answer.content


def test_a_column_fragment_of_a_stage_not_on_the_board_is_404(
    world: Any, recruiter: Any, browse: Any
) -> None:
    elsewhere = stages(world.fast)[1]

    answer = browse(recruiter).get(f"/jobs/{world.job.pk}/board/stages/{elsewhere.pk}/", **HTMX)

    assert answer.status_code == 404


# ------------------------------------------------------------------ the move menu and drops


def test_the_move_menu_lists_the_stages_with_the_next_one_chosen(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")
    review, screen, *_ = stages(world.standard)

    menu = browse(recruiter).get(f"/jobs/{world.job.pk}/board/applications/{app.pk}/", **HTMX)
    page = browse(recruiter).get(f"/jobs/{world.job.pk}/board/applications/{app.pk}/")

    body = menu.content.decode()
    assert menu.status_code == 200
    assert "<html" not in body
    assert f'value="{screen.pk}" checked' in body
    assert f'value="{review.pk}"' not in body  # where it is already
    assert 'value="hold"' in body
    assert 'value="reject"' in body
    assert "Hired" not in body  # only an offer stage may hire
    assert page.status_code == 200
    assert b"<html" in page.content


def test_a_drop_on_the_next_stage_advances_and_names_both_columns_to_refresh(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")
    review, screen, *_ = stages(world.standard)

    answer = browse(recruiter).post(
        act_url(world, app, f"track={world.standard.pk}&version=1"),
        {"action": "move", "version": 1, "to_stage": screen.pk, "reason": ""},
        **HTMX,
    )

    body = answer.content.decode()
    assert answer.status_code == 200
    assert "Li Na moved to Screen." in body
    assert json.loads(answer["HX-Trigger"]) == {"board-refresh": {"stages": [review.pk, screen.pk]}}
    app.refresh_from_db()
    assert (app.stage_id, app.version) == (screen.pk, 2)
    moved = Transition.objects.filter(application=app).last()
    assert moved is not None
    assert (moved.kind, moved.reason) == ("moved", "")


def test_a_drop_elsewhere_needs_a_reason_and_without_one_changes_nothing(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")
    interview = stages(world.standard)[3]
    client = browse(recruiter)

    refused = client.post(
        act_url(world, app), {"action": "move", "version": 1, "to_stage": interview.pk}, **HTMX
    )
    app.refresh_from_db()
    version_after_refusal = app.version
    done = client.post(
        act_url(world, app),
        {"action": "move", "version": 1, "to_stage": interview.pk, "reason": "Strong referral"},
        **HTMX,
    )

    assert refused.status_code == 400
    assert b"A reason is required to move." in refused.content
    assert version_after_refusal == 1
    assert done.status_code == 200
    app.refresh_from_db()
    assert app.stage_id == interview.pk
    assert Transition.objects.filter(application=app).last().reason == "Strong referral"  # type: ignore[union-attr]


def test_a_stale_version_is_refused_with_the_engines_message(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")
    screen = stages(world.standard)[1]
    svc.application_hold(application_id=app.pk, expected_version=1, actor=recruiter)
    svc.application_resume(application_id=app.pk, expected_version=2, actor=recruiter)

    answer = browse(recruiter).post(
        act_url(world, app), {"action": "move", "version": 1, "to_stage": screen.pk}, **HTMX
    )

    assert answer.status_code == 409
    assert b"Stale version: you sent 1, the application is at version 3." in answer.content
    app.refresh_from_db()
    assert (app.stage_id, app.version) == (stages(world.standard)[0].pk, 3)


def test_a_drop_on_the_hired_stage_hires_from_an_offer_and_is_refused_before(
    world: Any, recruiter: Any, browse: Any
) -> None:
    early = apply(world, recruiter, full_name="Too Early")
    ready = advance(apply(world, recruiter, full_name="Ready"), recruiter, times=4)
    hired = stages(world.standard)[-1]
    client = browse(recruiter)

    refused = client.post(
        act_url(world, early), {"action": "move", "version": 1, "to_stage": hired.pk}, **HTMX
    )
    done = client.post(
        act_url(world, ready),
        {"action": "move", "version": ready.version, "to_stage": hired.pk},
        **HTMX,
    )

    assert refused.status_code == 409
    assert b"Only an application at an offer stage can be hired." in refused.content
    assert done.status_code == 200
    assert b"Ready hired." in done.content
    ready.refresh_from_db()
    assert ready.status == "hired"


def test_hold_resume_and_reject_from_the_menu(world: Any, recruiter: Any, browse: Any) -> None:
    app = apply(world, recruiter, full_name="Li Na")
    client = browse(recruiter)

    held = client.post(act_url(world, app), {"action": "hold", "version": 1}, **HTMX)
    resumed = client.post(act_url(world, app), {"action": "resume", "version": 2}, **HTMX)
    unexplained = client.post(act_url(world, app), {"action": "reject", "version": 3}, **HTMX)
    rejected = client.post(
        act_url(world, app),
        {"action": "reject", "version": 3, "rejection_reason": world.no_fit.pk},
        **HTMX,
    )

    assert b"Li Na is on hold." in held.content
    assert b"Li Na resumed." in resumed.content
    assert unexplained.status_code == 400
    assert b"Choose a rejection reason." in unexplained.content
    assert b"Li Na rejected." in rejected.content
    app.refresh_from_db()
    assert (app.status, app.rejection_reason) == ("rejected", world.no_fit)


def test_without_htmx_a_command_returns_to_the_board_with_a_message(
    world: Any, recruiter: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")

    answer = browse(recruiter).post(
        act_url(world, app, "q=li"), {"action": "advance", "version": 1}, follow=True
    )

    assert answer.redirect_chain[-1][0] == f"/jobs/{world.job.pk}/board/?q=li"
    assert b"Li Na moved to Screen." in answer.content


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "fly", "version": 1},
        {"action": "move", "version": "x"},
        {"action": "move", "version": 1},
        {"action": "move", "version": 1, "to_stage": 99999999999999999999},
        {"action": "reject", "version": 1, "rejection_reason": "nope"},
    ],
)
def test_bad_input_answers_400_and_changes_nothing(
    world: Any, recruiter: Any, browse: Any, data: dict[str, Any]
) -> None:
    app = apply(world, recruiter, full_name="Li Na")

    answer = browse(recruiter).post(act_url(world, app), data, **HTMX)

    assert answer.status_code == 400
    assert b"alert" in answer.content
    app.refresh_from_db()
    assert app.version == 1


def test_a_unit_lead_cannot_act_on_another_units_application(
    world: Any, recruiter: Any, other_unit_lead: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Li Na")

    answer = browse(other_unit_lead).post(
        act_url(world, app), {"action": "advance", "version": 1}, **HTMX
    )

    assert answer.status_code == 404
    app.refresh_from_db()
    assert app.version == 1


# ------------------------------------------------------------------ bulk


def bulk_url(world: Any) -> str:
    return f"/jobs/{world.job.pk}/board/bulk/"


def test_bulk_reject_says_which_were_done_and_why_others_were_refused(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apps = [apply(world, recruiter, full_name=f"Person {n}") for n in range(4)]
    svc.application_hold(application_id=apps[3].pk, expected_version=1, actor=recruiter)

    answer = browse(recruiter).post(
        bulk_url(world),
        {
            "action": "reject",
            "rejection_reason": world.no_fit.pk,
            "applications": [f"{app.pk}:1" for app in apps],
        },
        **HTMX,
    )

    body = answer.content.decode()
    assert answer.status_code == 200
    assert "3 rejected; 1 refused" in body
    assert "Person 3 — refused: Stale version: you sent 1" in body
    assert 'id="board-columns" hx-swap-oob="true"' in body
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["on_hold", "rejected", "rejected", "rejected"]


def test_bulk_move_and_hold(world: Any, recruiter: Any, browse: Any) -> None:
    apps = [apply(world, recruiter, full_name=f"Person {n}") for n in range(2)]
    interview = stages(world.standard)[3]
    client = browse(recruiter)

    unexplained = client.post(
        bulk_url(world),
        {"action": "move", "to_stage": interview.pk, "applications": [f"{apps[0].pk}:1"]},
        **HTMX,
    )
    moved = client.post(
        bulk_url(world),
        {
            "action": "move",
            "to_stage": interview.pk,
            "reason": "Skip ahead",
            "applications": [f"{a.pk}:1" for a in apps],
        },
        **HTMX,
    )
    held = client.post(
        bulk_url(world), {"action": "hold", "applications": [f"{a.pk}:2" for a in apps]}, **HTMX
    )

    assert unexplained.status_code == 400
    assert b"Give a reason for the move." in unexplained.content
    assert b"2 moved" in moved.content
    assert b"2 put on hold" in held.content
    assert set(Application.objects.values_list("stage_id", "status")) == {(interview.pk, "on_hold")}


@pytest.mark.parametrize(
    "selection", [[], ["1"], ["x:1"], ["1:1:1"], [f"{n}:1" for n in range(1, 202)]]
)
def test_a_bulk_selection_that_is_not_one_is_refused(
    world: Any, recruiter: Any, browse: Any, selection: list[str]
) -> None:
    answer = browse(recruiter).post(
        bulk_url(world), {"action": "hold", "applications": selection}, **HTMX
    )

    assert answer.status_code == 400
    assert b"alert" in answer.content


def test_bulk_refuses_applications_of_another_job_one_by_one(
    world: Any, recruiter: Any, browse: Any
) -> None:
    here = apply(world, recruiter, full_name="Here")
    there = apply(world, recruiter, full_name="There", job=world.other_job)

    answer = browse(recruiter).post(
        bulk_url(world), {"action": "hold", "applications": [f"{here.pk}:1", f"{there.pk}:1"]}
    )

    assert answer.status_code == 302
    there.refresh_from_db()
    here.refresh_from_db()
    assert (here.status, there.status) == ("on_hold", "active")


def test_a_viewer_may_not_send_bulk_commands(
    world: Any, recruiter: Any, viewer: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Here")

    answer = browse(viewer).post(
        bulk_url(world), {"action": "hold", "applications": [f"{app.pk}:1"]}
    )

    assert answer.status_code == 403


# ------------------------------------------------------------------ queries


def test_the_boards_queries_do_not_grow_with_the_applications(
    world: Any, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            app = apply(world, recruiter, fast=(i % 5 == 0))
            advance(app, recruiter, times=i % 4)

    counts = []
    for n in (4, 40):
        add(n)
        for user in (recruiter, unit_lead):
            client = browse(user)
            client.get(board_url(world))  # the session's first request reads more
            with CaptureQueriesContext(connection) as queries:
                assert client.get(board_url(world, q="a")).status_code == 200
            counts.append(len(queries))

    assert counts[:2] == counts[2:]


def test_a_drops_queries_do_not_grow_with_the_applications(
    world: Any, recruiter: Any, browse: Any
) -> None:
    screen = stages(world.standard)[1]
    client = browse(recruiter)
    first = apply(world, recruiter)
    client.post(  # the process's first drop reads the track's stages once
        act_url(world, first), {"action": "move", "version": 1, "to_stage": screen.pk}, **HTMX
    )
    counts = []
    for n in (3, 30):
        for _ in range(n):
            apply(world, recruiter)
        app = apply(world, recruiter)
        with CaptureQueriesContext(connection) as queries:
            answer = client.post(
                act_url(world, app), {"action": "move", "version": 1, "to_stage": screen.pk}, **HTMX
            )
        assert answer.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
