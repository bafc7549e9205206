"""Bad input on every write endpoint answers 4xx JSON, never 500, and changes nothing."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.models import Candidate
from recruiting.models import RejectionReason
from tests import factories as f
from tests.api.tables import (
    API,
    RESOURCES,
    WRITES,
    Attempt,
    Write,
    as_json,
    attempt,
    client_as,
    database_state,
    error_of,
    new_application,
    stage_of,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db

HUGE = 2**70
NOT_AN_OBJECT: dict[str, bytes] = {
    "malformed JSON": b'{"version": 1,',
    "a JSON array": b'[{"version": 1}]',
    "a JSON string": b'"version"',
    "a JSON number": b"42",
    "JSON null": b"null",
    "JSON true": b"true",
    "bytes that are not UTF-8": b'{"name": "\xff\xfe"}',
    "JSON nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "an object nested 100,000 deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "NaN": b'{"version": NaN}',
}
HOSTILE: dict[str, Any] = {
    "null": None,
    "true": True,
    "a fraction": 2.5,
    "zero": 0,
    "a negative number": -1,
    "a huge number": HUGE,
    "a huge negative number": -HUGE,
    "a number too big for a float": "1e400",
    "a word": "abc",
    "an empty string": "",
    "whitespace": "   ",
    "10,000 characters": "x" * 10_000,
    "a list": [1, "a"],
    "a list of huge ids": [HUGE],
    "an empty list": [],
    "an object": {"id": 1},
    "a NUL character": "a\u0000b",
    "RTL marks": "\u202eevil\u202c\u200f",
    "emoji and 4-byte characters": "😀\U0001d54f𠀀 李伟",
    "an impossible date": "2025-02-30",
    "the first day of the calendar": "0001-01-01",
    "its first moment, local": "0001-01-01T00:00:00",
    "its last moment, west of UTC": "9999-12-31T23:59:59-12:00",
    "NaN as text": "NaN",
    "a negative duration": "-1 00:00:00",
}
# A lone surrogate cannot be written by json.dumps; it goes into the raw text.
LONE_SURROGATE = "@@lone-surrogate@@"
HOSTILE_RAW = {"a lone surrogate": LONE_SURROGATE}


def actor_for(write: Write, request: pytest.FixtureRequest) -> Any:
    admin = request.getfixturevalue("admin")
    return None if write.anonymous else admin


def problem_with(result: Attempt, what: str) -> str | None:
    """What is wrong with the answer to a request that may be refused or accepted."""
    response = result.response
    status = response.status_code
    if status >= 500:
        return f"{what}: {status} {response.content[:300]!r}"
    if status < 400:
        return None
    try:
        body = error_of(response)
    except AssertionError as error:
        return f"{what}: {status} is not a JSON error: {error}"
    if status == 400 and "fields" not in body["extra"]:
        return f"{what}: a 400 without extra.fields: {body}"
    if result.changed:
        return f"{what}: refused with {status} but changed the database"
    return None


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_the_valid_body_of_every_write_endpoint_is_accepted(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, body = write.prepare(world)

    result = attempt(client_as(actor_for(write, request)), write.method, url, as_json(body))

    assert result.response.status_code in (200, 201), result.response.content
    assert result.changed or write.name.startswith("POST tracks/{id}/simulate")


def refusal_problem(result: Attempt, what: str, status: int, *, fields: bool = False) -> str | None:
    """What is wrong with the answer to a request that must be refused with `status`."""
    response = result.response
    if response.status_code != status:
        return f"{what}: {response.status_code} instead of {status}: {response.content[:200]!r}"
    try:
        body = error_of(response)
    except AssertionError as error:
        return f"{what}: not a JSON error: {error}"
    if fields and not body["extra"].get("fields"):
        return f"{what}: no extra.fields in {body}"
    if result.changed:
        return f"{what}: refused with {status} but changed the database"
    return None


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_body_that_is_not_a_json_object_is_refused_with_400(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, _ = write.prepare(world)
    client = client_as(actor_for(write, request))

    problems = [
        refusal_problem(attempt(client, write.method, url, raw), what, 400)
        for what, raw in NOT_AN_OBJECT.items()
    ]

    assert [p for p in problems if p] == []


@pytest.mark.parametrize("write", [w for w in WRITES if w.method != "PATCH"], ids=str)
def test_an_empty_body_is_refused_with_the_missing_fields(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, _ = write.prepare(world)
    client = client_as(actor_for(write, request))

    problems = [
        refusal_problem(attempt(client, write.method, url, raw), what, 400, fields=True)
        for what, raw in {"an empty body": b"", "an empty object": b"{}"}.items()
    ]

    assert [p for p in problems if p] == []


OTHER_CONTENT_TYPES = [
    "text/plain",
    "application/xml",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
]


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_body_of_another_content_type_is_refused_with_415(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, body = write.prepare(world)
    client = client_as(actor_for(write, request))
    # DRF's token view takes forms as well.
    types = [t for t in OTHER_CONTENT_TYPES if not write.parses_forms or t.startswith("text/")]

    problems = [
        refusal_problem(attempt(client, write.method, url, as_json(body), kind), kind, 415)
        for kind in types
    ]

    assert [p for p in problems if p] == []


Path = tuple[str | int, ...]


def paths(value: Any, prefix: Path = ()) -> list[Path]:
    """Every place in a body a value sits: its fields, and inside lists (their first
    item) and objects, down to the leaves."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
        found.append((*prefix, "unexpected"))
    elif isinstance(value, list) and value:
        found += paths(value[0], (*prefix, 0))
    return found


def with_value(body: dict[str, Any], path: Path, value: Any) -> str:
    """The body as JSON text with the value at `path` replaced."""
    copy = json.loads(json.dumps(body))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return as_json(copy).replace(f'"{LONE_SURROGATE}"', '"\\ud800"')


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_no_hostile_value_anywhere_in_the_body_makes_a_write_endpoint_fail(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, body = write.prepare(world)
    client = client_as(actor_for(write, request))
    before = database_state()
    problems = []

    for path in paths(body):
        where = ".".join(map(str, path))
        for name, value in {**HOSTILE, **HOSTILE_RAW}.items():
            data = with_value(body, path, value)
            result = attempt(client, write.method, url, data, before=before)
            problems.append(problem_with(result, f"{where} = {name}"))

    assert [p for p in problems if p] == []


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_arbitrary_json_in_the_fields_of_a_write_endpoint_never_makes_it_fail(
    world: World, write: Write, request: pytest.FixtureRequest
) -> None:
    url, body = write.prepare(world)
    client = client_as(actor_for(write, request))
    before = database_state()

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(changes=st.dictionaries(st.sampled_from([*body, "extra"]), JSON_VALUES, min_size=1))
    def check(changes: dict[str, Any]) -> None:
        data = as_json({**body, **changes})
        result = attempt(client, write.method, url, data, before=before)
        assert problem_with(result, repr(changes)) is None

    check()


# ------------------------------------------------ refusals that say exactly what


def command_url(application: Any, name: str) -> str:
    return f"{API}/applications/{application.pk}/{name}/"


CASES: list[tuple[str, str, int, str | None]] = [
    # (what, command, status, the field named in extra.fields)
    ("a negative version", '{"version": -1}', 400, "version"),
    ("a huge version", f'{{"version": {HUGE}}}', 400, "version"),
    ("a fractional version", '{"version": 1.5}', 400, "version"),
    ("a version that is a word", '{"version": "one"}', 400, "version"),
    ("a version that is a list", '{"version": [1]}', 400, "version"),
    ("a stale version", '{"version": 99}', 409, None),
    ("a note of 10,000 characters", '{"version": 1, "note": "' + "x" * 10_000 + '"}', 400, "note"),
    ("a NUL in the note", '{"version": 1, "note": "a\\u0000b"}', 400, "note"),
    ("a lone surrogate in the note", '{"version": 1, "note": "\\ud800"}', 400, "note"),
]


@pytest.mark.parametrize(("what", "raw", "status", "field"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_command_is_refused_with_a_clear_message_and_the_version_kept(
    world: World, admin: Any, what: str, raw: str, status: int, field: str | None
) -> None:
    application = new_application(world)

    result = attempt(client_as(admin), "POST", command_url(application, "advance"), raw)

    assert result.response.status_code == status, result.response.content[:300]
    body = error_of(result.response)
    if field:
        assert field in body["extra"]["fields"]
        assert body["message"].startswith("Invalid input.")
    assert not result.changed
    application.refresh_from_db()
    assert application.version == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"to_stage": HUGE, "reason": "r"}, 400, "to_stage"),
        ({"to_stage": -1, "reason": "r"}, 400, "to_stage"),
        ({"to_stage": "abc", "reason": "r"}, 400, "to_stage"),
        ({"to_stage": 99_999_999, "reason": "r"}, 409, None),
        ({"to_stage": "interview"}, 400, "reason"),
        ({"to_stage": "interview", "reason": "   "}, 400, "reason"),
    ],
    ids=["huge stage", "negative stage", "word stage", "unknown stage", "no reason", "blank"],
)
def test_a_move_to_a_stage_that_is_not_one_is_refused(
    world: World, admin: Any, body: dict[str, Any], status: int, field: str | None
) -> None:
    application = new_application(world)
    if body["to_stage"] == "interview":
        body = {**body, "to_stage": stage_of(world.standard, "interview").pk}

    result = attempt(
        client_as(admin),
        "POST",
        command_url(application, "move"),
        as_json({"version": 1, **body}),
    )

    assert result.response.status_code == status, result.response.content
    error = error_of(result.response)
    if field:
        assert field in error["extra"]["fields"]
    assert not result.changed


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"track": HUGE}, 400, "track"),
        ({"track": "abc"}, 400, "track"),
        ({"track": 99_999_999}, 409, None),
        ({"track": "fast", "override": "maybe"}, 400, "override"),
        ({"track": "fast", "override": True}, 400, "reason"),
        ({"track": "fast", "override": True, "reason": "  "}, 400, "reason"),
    ],
    ids=[
        "huge track",
        "word track",
        "unknown track",
        "odd override",
        "override no reason",
        "blank",
    ],
)
def test_a_switch_to_a_track_that_is_not_one_is_refused(
    world: World, admin: Any, body: dict[str, Any], status: int, field: str | None
) -> None:
    application = new_application(world)
    if body["track"] == "fast":
        body = {**body, "track": world.fast.pk}

    result = attempt(
        client_as(admin),
        "POST",
        command_url(application, "fast-track"),
        as_json({"version": 1, **body}),
    )

    assert result.response.status_code == status, result.response.content
    error = error_of(result.response)
    if field:
        assert field in error["extra"]["fields"]
    assert not result.changed


def test_a_retired_rejection_reason_is_refused_naming_the_field(world: World, admin: Any) -> None:
    application = new_application(world)
    retired = RejectionReason.objects.create(code="old", label="Old reason", is_active=False)

    result = attempt(
        client_as(admin),
        "POST",
        command_url(application, "reject"),
        as_json({"version": 1, "rejection_reason": retired.pk}),
    )

    assert result.response.status_code == 400, result.response.content
    assert "rejection_reason" in error_of(result.response)["extra"]["fields"]
    assert not result.changed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidate": HUGE}, "candidate"),
        ({"candidate": -1}, "candidate"),
        ({"candidate": "abc"}, "candidate"),
        ({"candidate": True}, "candidate"),
        ({"job": HUGE}, "job"),
        ({"job": [1]}, "job"),
        ({"job": {"id": 1}}, "job"),
    ],
    ids=["huge", "negative", "word", "boolean", "huge job", "job list", "job object"],
)
def test_an_application_for_ids_that_are_not_ids_is_refused(
    world: World, recruiter: Any, body: dict[str, Any], field: str
) -> None:
    candidate = f.CandidateFactory()
    valid = {"candidate": candidate.pk, "job": world.job.pk}

    result = attempt(client_as(recruiter), "POST", f"{API}/applications/", as_json(valid | body))

    assert result.response.status_code == 400, result.response.content
    assert field in error_of(result.response)["extra"]["fields"]
    assert not result.changed


def test_an_email_that_outgrows_its_column_once_normalised_is_refused(
    world: World, recruiter: Any
) -> None:
    # "ß" case-folds to "ss": a valid 188-character address becomes a 367-character key.
    email = "li@" + ".".join(["ß" * 60] * 3) + ".com"

    result = attempt(
        client_as(recruiter),
        "POST",
        f"{API}/candidates/",
        as_json({"full_name": "Li Wei", "email": email}),
    )

    assert result.response.status_code == 400, result.response.content
    assert "email" in error_of(result.response)["extra"]["fields"]
    assert not result.changed


def test_a_duplicate_candidate_is_refused_with_409_naming_the_existing_one(
    world: World, recruiter: Any
) -> None:
    existing = f.CandidateFactory(email="li.wei@example.com", email_normalized="li.wei@example.com")

    result = attempt(
        client_as(recruiter),
        "POST",
        f"{API}/candidates/",
        as_json({"full_name": "Li Wei", "email": " LI.WEI@example.com "}),
    )

    assert result.response.status_code == 409
    assert error_of(result.response)["extra"]["existing_id"] == existing.pk
    assert not result.changed


def test_names_in_any_script_are_kept_exactly(world: World, recruiter: Any) -> None:
    name = "李伟 \u202bعلي\u202c 😀 \U0001d54f 𠀀 Zoë"
    client = client_as(recruiter)

    created = client.post(
        f"{API}/candidates/", {"full_name": name, "email": "li@example.com"}, format="json"
    )

    assert created.status_code == 201, created.content
    fetched = client.get(f"{API}/candidates/{created.json()['id']}/")
    assert fetched.json()["full_name"] == name
    assert Candidate.objects.get().full_name == name


# ---------------------------------------------------------------- ids in the URL

BAD_IDS = ["abc", "-1", "0", str(HUGE), "99999999", "1.5", "%00", "%F0%9F%98%80"]
DETAIL_URLS = [
    *(f"{API}/{r.path}/{{}}/" for r in RESOURCES),
    f"{API}/candidates/{{}}/",
    f"{API}/applications/{{}}/",
    f"{API}/applications/{{}}/eligibility/",
    f"{API}/applications/{{}}/history/",
    f"{API}/applications/{{}}/advance/",
    f"{API}/tracks/{{}}/stages/",
    f"{API}/tracks/{{}}/simulate/",
]


@pytest.mark.parametrize("template", DETAIL_URLS)
def test_an_id_that_names_nothing_answers_404_json(world: World, admin: Any, template: str) -> None:
    method = "POST" if template.endswith(("advance/", "simulate/")) else "GET"
    method = "PUT" if template.endswith("stages/") else method
    body = as_json({"version": 1, "stages": [], "definition": {}})
    client = client_as(admin)

    problems = [
        # A NUL anywhere in the URL is refused before routing.
        refusal_problem(
            attempt(client, method, template.format(bad_id), body),
            bad_id,
            400 if bad_id == "%00" else 404,
        )
        for bad_id in BAD_IDS
    ]

    assert [p for p in problems if p] == []


# ------------------------------------------------------- garbage in the query


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


LIST_FILTERS: dict[str, list[str]] = {
    "applications": [
        "job=abc",
        f"job={HUGE}",
        "job=-1",
        "job=1.5",
        "track=abc",
        "stage=%F0%9F%98%80",
        "stage_kind=bogus",
        "status=bogus",
        "status=active&status=bogus",
        "fast_track=maybe",
        "overdue=maybe",
        "unit=abc",
        "specialty=-1",
        "location=1e400",
        "drive=0x10",
        "created_after=notadate",
        "created_before=2025-02-30T00:00:00",
        "created_after=99999-01-01",
        "created_after=0001-01-01T00:00:00",
        "created_after=0001-01-01",
        "created_before=9999-12-31T23:59:59-12:00",
        "q=" + "x" * 3_000,
        "q=%E2%80%AE%F0%9F%98%80",
        "ordering=due_at",
        "ordering=-stage_entered_at,due_at",
        "ordering=due_at&cursor=" + cursor("p=notadate"),
        "ordering=-due_at&cursor=" + cursor("p=None"),
    ],
    "candidates": [
        "specialty=abc",
        f"specialty={HUGE}",
        "source=bogus",
        "q=" + "x" * 3_000,
        "ordering=full_name",
        "ordering=full_name&cursor=" + cursor("p=\x00"),
        "ordering=full_name&cursor=" + cursor("p=" + "x" * 2_000),
    ],
    "jobs": ["unit=abc", f"unit={HUGE}", "status=bogus", "specialty=-1", "drive=abc"],
    "memberships": ["unit=abc", f"user={HUGE}"],
    "tracks": ["kind=bogus"],
    "eligibility-rules": ["track=abc", "is_active=maybe"],
    "specialties": [],
    "locations": [],
    "business-units": [],
    "drives": [],
    "rejection-reasons": [],
}
ANY_LIST = [
    "ordering=nonsense",
    "ordering=-",
    "ordering=,,,",
    "ordering=password",
    "ordering=candidate__email",
    "q=%00",
    "x=%00",
    "cursor=zzz",
    "cursor=" + cursor("o=-5"),
    "cursor=" + cursor("o=99999999999999999999999"),
    "cursor=" + cursor("r=1&p=2025-01-01T00:00:00%2B08:00"),
    "cursor=%FF",
    "page=abc",
    "page=0",
    f"page={HUGE}",
    "page_size=abc",
    "page_size=-5",
    f"page_size={HUGE}",
    "unknown=1",
    "x=%ff%fe",
    "job=%ED%A0%80",
]


def list_problem(response: Any, what: str) -> str | None:
    if response.status_code not in (200, 400, 404):
        return f"{what}: {response.status_code} {response.content[:300]!r}"
    if response.status_code == 200:
        return None if "results" in json.loads(response.content) else f"{what}: not a page"
    try:
        body = error_of(response)
    except AssertionError as error:
        return f"{what}: not a JSON error: {error}"
    if response.status_code == 400 and not (
        body["extra"].get("fields") or "NUL" in body["message"]
    ):
        return f"{what}: a 400 without extra.fields: {body}"
    return None


@pytest.mark.parametrize("path", LIST_FILTERS)
def test_garbage_in_the_query_of_a_list_never_makes_it_fail(
    world: World, admin: Any, path: str
) -> None:
    new_application(world)
    client = client_as(admin)

    problems = [
        list_problem(client.get(f"{API}/{path}/?{query}"), query[:60])
        for query in [*LIST_FILTERS[path], *ANY_LIST]
    ]

    assert [p for p in problems if p] == []


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("applications", "job=abc", "job"),
        ("applications", f"job={HUGE}", "job"),
        ("applications", "created_after=notadate", "created_after"),
        ("applications", "status=bogus", "status"),
        ("applications", "q=" + "x" * 3_000, "q"),
        ("applications", "cursor=zzz", "cursor"),
        ("candidates", "cursor=" + cursor("o=-5"), "cursor"),
        ("candidates", "ordering=full_name&cursor=" + cursor("p=\x00"), "cursor"),
        ("candidates", "source=bogus", "source"),
        ("jobs", "unit=abc", "unit"),
        ("jobs", "status=bogus", "status"),
    ],
)
def test_a_bad_filter_or_cursor_is_refused_with_400_naming_it(
    world: World, admin: Any, path: str, query: str, field: str
) -> None:
    response = client_as(admin).get(f"{API}/{path}/?{query}")

    assert response.status_code == 400, response.content[:300]
    assert field in error_of(response)["extra"]["fields"]


@pytest.mark.parametrize("path", ["applications", "candidates", "jobs"])
def test_a_nul_in_the_query_is_refused_with_400(world: World, admin: Any, path: str) -> None:
    response = client_as(admin).get(f"{API}/{path}/?q=%00")

    assert response.status_code == 400
    assert "NUL" in error_of(response)["message"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_address_longer_than_4096_characters_is_refused_with_414_json(
    world: World, admin: Any, method: str
) -> None:
    query = "&".join(f"job={n}" for n in range(1000))
    path = f"{API}/applications/?{query}"

    response = getattr(client_as(admin), method)(path)
    shorter = client_as(admin).get(path[:4096])

    assert len(path) > 4096
    assert response.status_code == 414
    assert error_of(response)["extra"] == {"limit": 4096}
    assert shorter.status_code != 414
