"""The jobs list and the applications list (with its CSV export): who sees what, the
API's filters, sorting, keyset pages, and queries that do not grow with the data."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Application
from candidates.services import applications as svc
from candidates.services import fast_track
from tests.web.test_board import apply

pytestmark = pytest.mark.django_db


def csv_rows(answer: Any) -> list[list[str]]:
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# ------------------------------------------------------------------ jobs


def test_the_jobs_list_counts_open_and_overdue_applications_and_links_each_board(
    world: Any, recruiter: Any, browse: Any
) -> None:
    late = apply(world, recruiter)
    Application.objects.filter(pk=late.pk).update(due_at=late.stage_entered_at.replace(year=2020))
    apply(world, recruiter)
    gone = apply(world, recruiter)
    svc.application_withdraw(application_id=gone.pk, expected_version=1, actor=recruiter)

    answer = browse(recruiter).get("/jobs/")

    body = answer.content.decode()
    assert answer.status_code == 200
    assert f'href="/jobs/{world.job.pk}/board/"' in body
    assert f'href="/jobs/{world.other_job.pk}/board/"' in body
    row = body[body.index(world.job.title) :]
    row = row[: row.index("</tr>")]
    assert '<td class="num" data-label="In progress">2</td>' in row
    assert "⚠ 1" in row


def test_a_unit_lead_lists_their_units_jobs_only(
    world: Any, unit_lead: Any, assessor: Any, browse: Any
) -> None:
    answer = browse(unit_lead).get("/jobs/")
    refused = browse(assessor).get("/jobs/")

    assert world.job.title in answer.content.decode()
    assert world.other_job.title not in answer.content.decode()
    assert refused.status_code == 403


def test_jobs_filter_and_sort(world: Any, recruiter: Any, browse: Any) -> None:
    for _ in range(2):
        apply(world, recruiter, job=world.other_job)
    apply(world, recruiter)
    client = browse(recruiter)

    by_unit = client.get(f"/jobs/?unit={world.other_unit.pk}")
    busiest = client.get("/jobs/?sort=-open").content.decode()
    quietest = client.get("/jobs/?sort=open").content.decode()
    searched = client.get("/jobs/?q=perception")

    assert world.job.title not in by_unit.content.decode()
    assert world.other_job.title in by_unit.content.decode()
    assert busiest.index(world.other_job.title) < busiest.index(world.job.title)
    assert quietest.index(world.job.title) < quietest.index(world.other_job.title)
    assert 'aria-sort="ascending"' in quietest
    assert world.job.title not in searched.content.decode()


def test_a_jobs_filter_that_is_not_valid_answers_400(recruiter: Any, browse: Any) -> None:
    answer = browse(recruiter).get("/jobs/?unit=abc&status=sideways")

    assert answer.status_code == 400
    assert b"errorlist" in answer.content


# ------------------------------------------------------------------ applications


def test_the_applications_list_shows_the_fast_track_reason(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Zhao Lei", fast=True)
    apply(world, recruiter, full_name="Li Na")

    answer = browse(recruiter).get("/applications/?fast_track=true")

    body = answer.content.decode()
    assert answer.status_code == 200
    assert "Zhao Lei" in body
    assert "Li Na" not in body
    assert f"rule “{world.rule.name}” v1" in body
    assert world.fast.name in body


def test_who_sees_which_applications(
    world: Any, recruiter: Any, unit_lead: Any, viewer: Any, assessor: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Here Person")
    apply(world, recruiter, full_name="There Person", job=world.other_job)

    lead = browse(unit_lead).get("/applications/").content.decode()
    viewed = browse(viewer).get("/applications/").content.decode()
    refused = browse(assessor).get("/applications/")
    export = browse(assessor).get("/applications/export.csv")

    assert "Here Person" in lead
    assert "There Person" not in lead
    assert "Here Person" in viewed
    assert "There Person" in viewed
    assert refused.status_code == 403
    assert export.status_code == 403


def test_the_api_filters_apply(world: Any, recruiter: Any, browse: Any) -> None:
    kept = apply(world, recruiter, full_name="Kept Person")
    apply(world, recruiter, full_name="Other Job", job=world.other_job)
    moved = apply(world, recruiter, full_name="Moved On")
    svc.application_advance(application_id=moved.pk, expected_version=1, actor=recruiter)
    client = browse(recruiter)

    by_job = client.get(f"/applications/?job={world.job.pk}&stage_kind=review").content.decode()
    by_status = client.get("/applications/?status=active&status=on_hold&q=kept").content.decode()
    by_unit = client.get(f"/applications/?unit={world.other_unit.pk}").content.decode()
    today = kept.created_at.date().isoformat()
    by_day = client.get(f"/applications/?created_after={today}&created_before={today}")

    assert "Kept Person" in by_job
    assert "Moved On" not in by_job
    assert "Other Job" not in by_job
    assert "Kept Person" in by_status
    assert "Moved On" not in by_status
    assert "Other Job" in by_unit
    assert "Kept Person" not in by_unit
    assert "Kept Person" in by_day.content.decode()


@pytest.mark.parametrize(
    "query",
    ["job=abc", "status=sideways", "created_after=yesterday", "stage_kind=x", "sort=x&job=0"],
)
def test_a_filter_that_is_not_valid_answers_400_beside_the_field(
    world: Any, recruiter: Any, browse: Any, query: str
) -> None:
    answer = browse(recruiter).get(f"/applications/?{query}")

    assert answer.status_code == 400
    assert b"errorlist" in answer.content


def test_a_unit_lead_cannot_filter_by_another_units_job(
    world: Any, unit_lead: Any, browse: Any
) -> None:
    answer = browse(unit_lead).get(f"/applications/?job={world.other_job.pk}")

    assert answer.status_code == 400


def test_keyset_pages_walk_forward_and_back_without_offsets(
    world: Any, recruiter: Any, browse: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from candidates.web.board import lists

    monkeypatch.setattr(lists, "APPLICATIONS_PAGE", 2)
    for name in ("Ann", "Bo", "Cy", "Di", "Ed"):
        apply(world, recruiter, full_name=name)
    client = browse(recruiter)

    def names(body: str) -> list[str]:
        return [n for n in ("Ann", "Bo", "Cy", "Di", "Ed") if f">{n}</a>" in body]

    def link(body: str, label: str) -> str:
        before = body[: body.index(label)]
        return before[before.rindex('href="') + 6 :].split('"')[0].replace("&amp;", "&")

    first = client.get("/applications/?sort=name").content.decode()
    second = client.get("/applications/" + link(first, "Next")).content.decode()
    third = client.get("/applications/" + link(second, "Next")).content.decode()
    with CaptureQueriesContext(connection) as queries:
        back = client.get("/applications/" + link(third, "Previous")).content.decode()

    assert names(first) == ["Ann", "Bo"]
    assert names(second) == ["Cy", "Di"]
    assert names(third) == ["Ed"]
    assert "Next" not in third.split("</table>")[1]
    assert names(back) == ["Cy", "Di"]
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", "WzEsMV0", "WyJ4IiwtMV0"])
def test_a_forged_page_link_is_a_400(world: Any, recruiter: Any, browse: Any, token: str) -> None:
    answer = browse(recruiter).get(f"/applications/?after={token}")

    assert answer.status_code == 400


def test_the_applications_lists_queries_do_not_grow_with_the_data(
    world: Any, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    counts = []
    for n in (3, 30):
        for i in range(n):
            apply(world, recruiter, fast=(i % 3 == 0))
        for user in (recruiter, unit_lead):
            client = browse(user)
            client.get("/applications/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/applications/?status=active").status_code == 200
            counts.append(len(queries))

    assert counts[:2] == counts[2:]


# ------------------------------------------------------------------ CSV


def test_the_csv_export_has_the_filtered_rows_in_order(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Zhao Lei", fast=True)
    apply(world, recruiter, full_name="Li Na")
    apply(world, recruiter, full_name="Elsewhere", job=world.other_job)

    answer = browse(recruiter).get(f"/applications/export.csv?job={world.job.pk}&sort=name")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"].startswith('attachment; filename="applications-')
    rows = csv_rows(answer)
    assert rows[0][:3] == ["Application", "Candidate", "Email"]
    assert [row[1] for row in rows[1:]] == ["Li Na", "Zhao Lei"]
    assert rows[2][10:12] == ["yes", f"{world.rule.name} (v1)"]


def test_the_csv_export_is_read_a_chunk_at_a_time(
    world: Any, recruiter: Any, browse: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from candidates.web.board import export

    monkeypatch.setattr(export, "CHUNK", 2)
    for n in range(5):
        apply(world, recruiter, full_name=f"Person {n}")

    with CaptureQueriesContext(connection) as queries:
        answer = browse(recruiter).get("/applications/export.csv?sort=name")
        rows = csv_rows(answer)

    reads = [q for q in queries.captured_queries if q["sql"].endswith("LIMIT 2")]
    assert [row[1] for row in rows[1:]] == [f"Person {n}" for n in range(5)]
    assert len(reads) == 3


def test_the_csv_export_keeps_a_unit_leads_scope_and_defuses_formulas(
    world: Any, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="=HYPERLINK(1)")
    apply(world, recruiter, full_name="Elsewhere", job=world.other_job)

    rows = csv_rows(browse(unit_lead).get("/applications/export.csv"))

    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(1)"]


def test_the_csv_export_speaks_the_readers_language(
    world: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Li Na")
    client = browse(recruiter)
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/"})

    rows = csv_rows(client.get("/applications/export.csv"))

    assert rows[0][1] == "候选人"


def test_a_fast_track_by_override_says_so_on_the_list_and_the_board(
    world: Any, recruiter: Any, admin: Any, browse: Any
) -> None:
    app = apply(world, recruiter, full_name="Overridden One")
    fast_track.application_switch_track(
        application_id=app.pk,
        expected_version=1,
        actor=admin,
        track_id=world.fast.pk,
        reason="Back from a lab abroad",
        override=True,
    )

    listed = browse(recruiter).get("/applications/?fast_track=true").content.decode()
    board = browse(recruiter).get(f"/jobs/{world.job.pk}/board/?track={world.fast.pk}")

    assert "Overridden One" in listed
    assert "override" in listed
    assert "null" not in listed
    assert f'title="{world.fast.name} — override of the rules"' in board.content.decode()
