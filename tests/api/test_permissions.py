"""Who may do what, on every endpoint: per role, and per unit for unit-scoped roles."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests import factories as f
from tests.api.tables import (
    API,
    COMMANDS,
    OTHER_UNIT,
    RESOURCES,
    ROLES,
    UNIT_SCOPED,
    Command,
    Resource,
    as_json,
    attempt,
    candidate_body,
    client_as,
    error_of,
    new_application,
    stages_body,
)
from tests.conftest import TOP_PAPER_RULE, World

pytestmark = pytest.mark.django_db

WRITERS_OF_PEOPLE = {"admin", "recruiter"}
ASSESSORS = {"assessor", "other_unit_assessor"}
EVERYONE = {"all": [{"fact": "years_experience", "op": "gte", "value": 0}]}


@pytest.fixture
def persona(request: pytest.FixtureRequest, world: World) -> Any:
    """The user of the role the test is parametrized with; None for `anonymous`."""
    role = request.param
    return None if role == "anonymous" else request.getfixturevalue(role)


def outcome(client: Any, method: str, url: str, body: Any = None) -> int:
    """The status of one request, checked to change nothing unless it succeeded."""
    result = attempt(client, method, url, as_json(body) if body is not None else "")
    status = result.response.status_code
    if status >= 400:
        error_of(result.response)
        assert not result.changed, f"{method} {url} answered {status} but changed the database"
    return status


def ids(response: Any) -> set[int]:
    body = json.loads(response.content)
    return {row["id"] for row in body["results"]}


# --------------------------------------------------------------- configuration


def expected_for_configuration(resource: Resource, role: str) -> dict[str, int]:
    if role == "anonymous":
        return dict.fromkeys(["list", "retrieve", "create", "patch", "put", "delete"], 401)
    if role == "admin":
        return {
            "list": 200,
            "retrieve": 200,
            "create": 201,
            "patch": 200,
            "put": 200,
            "delete": 204,
        }
    # `world.job` belongs to the unit of unit_lead and assessor, not to the other unit's.
    # A unit's memberships (capacities, former employers) are for admins and its lead.
    hidden = (resource.path == "jobs" and role in OTHER_UNIT) or (
        resource.path == "memberships" and role != "unit_lead"
    )
    return {
        "list": 200,
        "retrieve": 404 if hidden else 200,
        "create": 403,
        "patch": 403,
        "put": 403,
        "delete": 403,
    }


@pytest.mark.parametrize("persona", ROLES, indirect=True)
@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_configuration_is_written_by_admins_and_read_by_every_role_in_scope(
    world: World, persona: Any, resource: Resource, request: pytest.FixtureRequest
) -> None:
    client = client_as(persona)
    collection = f"{API}/{resource.path}/"
    detail = f"{collection}{resource.existing(world).pk}/"
    disposable = f"{collection}{resource.disposable(world).pk}/"
    role = request.node.callspec.params["persona"]

    statuses = {
        "list": outcome(client, "GET", collection),
        "retrieve": outcome(client, "GET", detail),
        "create": outcome(client, "POST", collection, resource.create(world)),
        "patch": outcome(client, "PATCH", detail, resource.change),
        "put": outcome(client, "PUT", detail, resource.create(world)),
        "delete": outcome(client, "DELETE", disposable),
    }

    assert statuses == expected_for_configuration(resource, role)


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_only_admins_replace_the_stages_of_a_track(
    world: World, persona: Any, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]

    status = outcome(
        client_as(persona), "PUT", f"{API}/tracks/{world.standard.pk}/stages/", stages_body(world)
    )

    assert status == {"admin": 200, "anonymous": 401}.get(role, 403)


@pytest.mark.parametrize("persona", sorted(UNIT_SCOPED), indirect=True)
def test_unit_scoped_roles_list_only_their_units_jobs(
    world: World, persona: Any, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]

    response = client_as(persona).get(f"{API}/jobs/")

    expected = world.other_job if role in OTHER_UNIT else world.job
    assert ids(response) == {expected.pk}


# ------------------------------------------------------------------ candidates


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    """One application in each unit, and a candidate who applied nowhere yet."""
    mine = new_application(world)
    theirs = new_application(world, job=world.other_job)
    return {"mine": mine, "theirs": theirs, "unattached": f.CandidateFactory()}


def expected_visibility(role: str) -> dict[str, bool]:
    """Which of `people` (and their applications) a role sees. Assessors see none: they
    reach a candidate only through the packet of an assessment they sit on."""
    if role in ASSESSORS:
        return {"mine": False, "theirs": False, "unattached": False}
    if role in OTHER_UNIT:
        return {"mine": False, "theirs": True, "unattached": False}
    if role in UNIT_SCOPED:
        return {"mine": True, "theirs": False, "unattached": False}
    return {"mine": True, "theirs": True, "unattached": True}


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_candidates_are_written_by_recruiters_and_read_within_the_unit(
    world: World, persona: Any, people: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]
    client = client_as(persona)
    mine = f"{API}/candidates/{people['mine'].candidate_id}/"
    theirs = f"{API}/candidates/{people['theirs'].candidate_id}/"

    statuses = {
        "list": outcome(client, "GET", f"{API}/candidates/"),
        "mine": outcome(client, "GET", mine),
        "theirs": outcome(client, "GET", theirs),
        "create": outcome(client, "POST", f"{API}/candidates/", candidate_body(world)),
        "patch": outcome(client, "PATCH", mine, {"school": "Zhejiang University"}),
        "put": outcome(client, "PUT", mine, candidate_body(world)),
        "delete": outcome(client, "DELETE", mine),
    }

    if role == "anonymous":
        assert set(statuses.values()) == {401}
        return
    sees = expected_visibility(role)
    writes = role in WRITERS_OF_PEOPLE
    assert statuses == {
        "list": 200,
        "mine": 200 if sees["mine"] else 404,
        "theirs": 200 if sees["theirs"] else 404,
        "create": 201 if writes else 403,
        "patch": 200 if writes else 403,
        "put": 200 if writes else 403,
        # Candidates are erased through their own command, never deleted here.
        "delete": 405 if writes else 403,
    }


@pytest.mark.parametrize("persona", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_the_candidate_list_holds_exactly_the_candidates_a_role_may_see(
    world: World, persona: Any, people: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]

    response = client_as(persona).get(f"{API}/candidates/")

    sees = expected_visibility(role)
    expected = {
        "mine": people["mine"].candidate_id,
        "theirs": people["theirs"].candidate_id,
        "unattached": people["unattached"].pk,
    }
    assert ids(response) == {pk for name, pk in expected.items() if sees[name]}


# ---------------------------------------------------------------- applications


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_applications_are_opened_by_recruiters_and_read_within_the_unit(
    world: World, persona: Any, people: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]
    client = client_as(persona)
    urls = {name: f"{API}/applications/{people[name].pk}/" for name in ("mine", "theirs")}
    newcomer = f.CandidateFactory(specialties=[world.nlp])

    statuses = {
        "list": outcome(client, "GET", f"{API}/applications/"),
        **{name: outcome(client, "GET", url) for name, url in urls.items()},
        **{
            f"{name} {view}": outcome(client, "GET", f"{url}{view}/")
            for name, url in urls.items()
            for view in ("eligibility", "history")
        },
        "create": outcome(
            client, "POST", f"{API}/applications/", {"candidate": newcomer.pk, "job": world.job.pk}
        ),
        "put": outcome(client, "PUT", urls["mine"], {"candidate": newcomer.pk}),
        "delete": outcome(client, "DELETE", urls["mine"]),
    }

    if role == "anonymous":
        assert set(statuses.values()) == {401}
        return
    sees = expected_visibility(role)
    writes = role in WRITERS_OF_PEOPLE
    seen = {
        f"{name}{view}": 200 if sees[name] else 404
        for name in ("mine", "theirs")
        for view in ("", " eligibility", " history")
    }
    assert statuses == {
        "list": 200,
        **seen,
        "create": 201 if writes else 403,
        # Applications change only through their commands.
        "put": 405 if writes else 403,
        "delete": 405 if writes else 403,
    }


@pytest.mark.parametrize("persona", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_the_application_list_holds_exactly_the_applications_a_role_may_see(
    world: World, persona: Any, people: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]

    response = client_as(persona).get(f"{API}/applications/")

    sees = expected_visibility(role)
    assert ids(response) == {people[n].pk for n in ("mine", "theirs") if sees[n]}


def expected_for_command(command: Command, role: str) -> int:
    if role == "anonymous":
        return 401
    if role in {"admin", "recruiter"}:
        return 200
    if role == "unit_lead":
        return 200 if command.unit_lead_may else 403
    if role == "other_unit_lead":
        return 404
    # Viewers and assessors never move an application, whoever's it is.
    return 403


@pytest.mark.parametrize("persona", ROLES, indirect=True)
@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_application_commands_follow_role_stage_movers_and_unit(
    world: World, persona: Any, command: Command, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]
    application = command.prepare(world)
    body = {"version": application.version, **command.body(world)}
    url = f"{API}/applications/{application.pk}/{command.name}/"

    result = attempt(client_as(persona), "POST", url, as_json(body))

    expected = expected_for_command(command, role)
    assert result.response.status_code == expected, result.response.content
    if expected == 200:
        assert json.loads(result.response.content)["version"] == application.version + 1
    else:
        error_of(result.response)
        assert not result.changed


@pytest.mark.parametrize("persona", ["viewer", "assessor", "other_unit_assessor"], indirect=True)
def test_read_only_roles_are_refused_commands_before_their_input_is_judged(
    world: World, persona: Any
) -> None:
    application = new_application(world)
    url = f"{API}/applications/{application.pk}/advance/"

    stale = attempt(client_as(persona), "POST", url, as_json({"version": 99}))
    garbage = attempt(client_as(persona), "POST", url, as_json({"version": "x"}))

    assert stale.response.status_code == 403
    assert garbage.response.status_code == 403
    assert not stale.changed
    assert not garbage.changed


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin", 200), ("unit_lead", 200), ("recruiter", 403), ("other_unit_lead", 404)],
    indirect=["persona"],
)
def test_only_admins_and_the_units_lead_override_fast_track_rules(
    world: World, persona: Any, expected: int
) -> None:
    application = new_application(world)
    body = {
        "version": application.version,
        "track": world.fast.pk,
        "override": True,
        "reason": "Known to the unit from a joint paper under review",
    }

    result = attempt(
        client_as(persona),
        "POST",
        f"{API}/applications/{application.pk}/fast-track/",
        as_json(body),
    )

    assert result.response.status_code == expected, result.response.content
    assert result.changed == (expected == 200)


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_rule_simulation_is_for_admins_recruiters_and_unit_leads(
    world: World, persona: Any, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]
    new_application(world, top_paper=True)

    status = outcome(
        client_as(persona),
        "POST",
        f"{API}/tracks/{world.fast.pk}/simulate/",
        {"definition": TOP_PAPER_RULE},
    )

    permitted = {"admin", "recruiter", "unit_lead", "other_unit_lead"}
    assert status == (401 if role == "anonymous" else 200 if role in permitted else 403)


def test_a_unit_lead_simulates_over_their_own_units_applications_only(
    world: World, unit_lead: Any
) -> None:
    mine = new_application(world, top_paper=True)
    new_application(world, top_paper=True, job=world.other_job)

    response = client_as(unit_lead).post(
        f"{API}/tracks/{world.fast.pk}/simulate/", {"definition": EVERYONE}, format="json"
    )

    assert response.status_code == 200, response.content
    assert [a["id"] for a in response.json()["applications"]] == [mine.pk]


# ----------------------------------------------------------- the rest of the API


@pytest.mark.parametrize("persona", ROLES, indirect=True)
@pytest.mark.parametrize("path", ["me/", "rule-facts/"])
def test_every_role_reads_who_it_is_and_the_rule_facts(
    world: World, persona: Any, path: str, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]

    response = client_as(persona).get(f"{API}/{path}")

    if role == "anonymous":
        assert response.status_code == 401
        error_of(response)
        return
    assert response.status_code == 200
    if path == "me/":
        me = response.json()
        assert me["username"] == persona.username
        expected_units = {
            "unit_lead": [world.unit.pk],
            "assessor": [world.unit.pk],
            "other_unit_lead": [world.other_unit.pk],
            "other_unit_assessor": [world.other_unit.pk],
        }
        assert me["units"] == expected_units.get(role, [])


def test_a_signed_in_user_without_a_role_reads_nothing(world: World) -> None:
    nobody = f.UserFactory(username="nobody")

    response = client_as(nobody).get(f"{API}/jobs/")

    assert response.status_code == 403
    assert "no role" in error_of(response)["message"]


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_the_docs_answer_a_signed_in_user(
    world: World, viewer: Any, path: str
) -> None:
    response = client_as(viewer).get(path)

    assert response.status_code == 200


def test_the_docs_page_loads_only_local_assets(world: World, viewer: Any) -> None:
    response = client_as(viewer).get("/api/docs/")

    html = response.content.decode()
    assets = re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)=["']([^"']+)""", html)
    assert assets, "the docs page names no assets"
    assert not [a for a in assets if re.match(r"(?i)(https?:)?//", a)]
    assert not re.search(r"""(?i)(src|href)=["']?(https?:)?//""", html)


@pytest.mark.parametrize("role", ["assessor", "viewer"])
def test_a_stage_cannot_name_a_role_that_never_moves_applications_as_mover(
    world: World, admin: Any, role: str
) -> None:
    body = stages_body(world)
    body["stages"][0]["movers"] = ["recruiter", role]

    result = attempt(
        client_as(admin), "PUT", f"{API}/tracks/{world.standard.pk}/stages/", as_json(body)
    )

    assert result.response.status_code == 400
    assert "stages" in error_of(result.response)["extra"]["fields"]
    assert not result.changed


@pytest.mark.parametrize("persona", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_a_units_members_show_only_to_admins_and_its_lead(
    world: World, persona: Any, request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["persona"]
    client = client_as(persona)

    unit = client.get(f"{API}/business-units/{world.unit.pk}/").json()
    members = client.get(f"{API}/memberships/?unit={world.unit.pk}").json()["results"]

    shown = role in ("admin", "unit_lead")
    assert ("members" in unit) is shown
    assert bool(members) is shown
    if shown:
        assert "past_employers" in members[0]
