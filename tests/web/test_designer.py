"""The track designer through Django's test client: the list of tracks, a track's
settings and stages (versioned when applications hold them), the rule builder's saves
and its "try it", for admins only."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Application
from candidates.services import applications as svc
from recruiting.models import EligibilityRule, ScorecardTemplate, Stage, Track
from recruiting.services import scorecard_save
from tests import factories as f
from tests.conftest import TOP_PAPER_RULE, World

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def stage_rows(track: Track) -> list[dict[str, Any]]:
    """The current stages as the designer sends them back unchanged."""
    rows = []
    for stage in Stage.objects.filter(track=track, version=track.current_version).order_by(
        "position"
    ):
        sla = stage.sla
        rows.append(
            {
                "name": stage.name,
                "kind": stage.kind,
                "sla_days": sla.days if sla else "",
                "sla_hours": sla.seconds // 3600 if sla else "",
                "movers": list(stage.movers),
                "scorecard": stage.scorecard_id or "",
            }
        )
    return rows


def stages_post(rows: list[dict[str, Any]], *, initial: int | None = None) -> dict[str, Any]:
    """A stage formset as the page posts it; rows in the order given unless they
    carry their own `position`."""
    data: dict[str, Any] = {
        "stages-TOTAL_FORMS": str(len(rows)),
        "stages-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        values = {
            "position": index + 1,
            "sla_days": "",
            "sla_hours": "",
            "movers": ["admin", "recruiter"],
            "scorecard": "",
            "panel_size": "3",
            "quorum": "2",
            "pass_threshold": "3.00",
            "fail_threshold": "2.00",
            "pass_mark": "",
            **row,
        }
        for name, value in values.items():
            if value is True:
                data[f"stages-{index}-{name}"] = "on"
            elif value is not False:
                data[f"stages-{index}-{name}"] = value
    return data


def stage_card(page: str, name: str) -> str:
    """The HTML of the stage named `name` on the designer, from its class list on."""
    cards = page.split('<li class="stage-card')[1:]
    return next(card for card in cards if f'value="{name}"' in card)


def apply(world: World, recruiter: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    return svc.application_create(candidate=person, job=world.job, actor=recruiter).application


def scorecard(name: str = "AI specialist assessment") -> ScorecardTemplate:
    return scorecard_save(
        template=None,
        data={"name": name, "criteria": [{"name": "Depth", "weight": Decimal(1)}]},
    )


# ---------------------------------------------------------------- who may come in


@pytest.mark.parametrize("role", ["recruiter", "unit_lead", "assessor", "viewer"])
def test_every_designer_page_refuses_roles_other_than_admin(
    world: World, browse: Any, request: pytest.FixtureRequest, role: str
) -> None:
    client = browse(request.getfixturevalue(role))
    fast, rule = world.fast.pk, world.rule.pk

    answers = [
        client.get("/tracks/"),
        client.post("/tracks/", {"name": "Sneaky", "kind": "fast"}),
        client.get(f"/tracks/{fast}/"),
        client.post(f"/tracks/{fast}/", stages_post(stage_rows(world.fast))),
        client.post(f"/tracks/{fast}/settings/", {"name": "Renamed", "kind": "fast"}),
        client.get(f"/tracks/{fast}/rules/new/"),
        client.get(f"/tracks/{fast}/rules/{rule}/"),
        client.post(f"/tracks/{fast}/simulate/", {"definition": "{}"}, **HTMX),
    ]

    assert [a.status_code for a in answers] == [403] * len(answers)
    assert not Track.objects.filter(name__in=["Sneaky", "Renamed"]).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(world: World, browse: Any) -> None:
    answer = browse(None).get(f"/tracks/{world.fast.pk}/")

    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_unknown_tracks_and_rules_of_another_track_answer_404(
    world: World, admin: Any, browse: Any
) -> None:
    other_fast = f.TrackFactory(name="Other fast", kind=Track.Kind.FAST)
    client = browse(admin)

    missing = client.get("/tracks/999999/")
    elsewhere = client.get(f"/tracks/{other_fast.pk}/rules/{world.rule.pk}/")

    assert missing.status_code == 404
    assert elsewhere.status_code == 404


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_track_with_its_version_stages_rules_and_jobs(
    world: World, admin: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter)

    page = browse(admin).get("/tracks/").content.decode()

    assert "Top paper fast track" in page
    assert "Standard" in page
    assert "Top-venue paper in the last 3 years" in page
    assert "Bu Assessment" in page  # a stage's name, in order with the others
    assert "NLP Research Engineer" in page
    assert "1 application" in page
    assert "routes automatically" in page


def test_the_list_reads_as_many_queries_for_many_tracks_as_for_few(
    world: World, admin: Any, browse: Any
) -> None:
    client = browse(admin)
    client.get("/tracks/")
    with CaptureQueriesContext(connection) as few:
        client.get("/tracks/")
    for n in range(6):
        track = f.TrackFactory(name=f"Fast {n}", kind=Track.Kind.FAST)
        f.EligibilityRuleFactory(track=track)
        f.JobFactory(tracks=[track])

    with CaptureQueriesContext(connection) as many:
        answer = client.get("/tracks/")

    assert answer.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_new_track_is_created_and_its_designer_offers_the_usual_stages(
    admin: Any, browse: Any
) -> None:
    client = browse(admin)

    answer = client.post("/tracks/", {"name": "Campus fast track", "kind": "fast"}, follow=True)

    track = Track.objects.get(name="Campus fast track")
    assert track.kind == Track.Kind.FAST
    assert answer.redirect_chain[-1][0] == f"/tracks/{track.pk}/"
    page = answer.content.decode()
    assert "Business-unit assessment" in page
    assert 'value="Written test"' not in page
    assert not Stage.objects.filter(track=track).exists()  # until the admin saves


def test_a_track_name_in_use_is_refused_beside_the_name(
    world: World, admin: Any, browse: Any
) -> None:
    answer = browse(admin).post("/tracks/", {"name": "Standard", "kind": "standard"})

    assert answer.status_code == 400
    assert "A track of that name exists already." in answer.content.decode()
    assert Track.objects.filter(name="Standard").count() == 1


# ---------------------------------------------------------------- stages


def test_stages_of_an_unused_track_are_rewritten_in_the_order_of_their_positions(
    world: World, admin: Any, browse: Any
) -> None:
    rows = stage_rows(world.standard)
    rows[1]["position"], rows[2]["position"] = 3, 2  # screen after the written test

    answer = browse(admin).post(f"/tracks/{world.standard.pk}/", stages_post(rows), follow=True)

    world.standard.refresh_from_db()
    assert world.standard.current_version == 1
    kinds = list(
        Stage.objects.filter(track=world.standard, version=1)
        .order_by("position")
        .values_list("kind", flat=True)
    )
    assert kinds == ["review", "written_test", "screen", "interview", "offer", "hired"]
    assert "No application uses version 1 yet" in answer.content.decode()


def test_stages_of_a_track_holding_applications_become_the_next_version_and_say_so(
    world: World, admin: Any, recruiter: Any, browse: Any
) -> None:
    for _ in range(2):
        apply(world, recruiter)
    rows = stage_rows(world.standard)
    rows[0]["sla_days"], rows[0]["sla_hours"] = 1, 12

    answer = browse(admin).post(f"/tracks/{world.standard.pk}/", stages_post(rows), follow=True)

    world.standard.refresh_from_db()
    assert world.standard.current_version == 2
    first = Stage.objects.get(track=world.standard, version=2, position=1)
    assert first.sla is not None
    assert first.sla.total_seconds() == 36 * 3600
    assert "Saved as version 2; 2 applications keep version 1." in answer.content.decode()
    assert set(Application.objects.values_list("track_version", flat=True)) == {1}


def test_a_removed_stage_is_left_out_and_a_blank_added_one_ignored(
    world: World, admin: Any, browse: Any
) -> None:
    rows = stage_rows(world.standard)
    rows[1]["DELETE"] = True
    data = stages_post([*rows, {"name": "", "kind": "review", "movers": []}], initial=len(rows))

    answer = browse(admin).post(f"/tracks/{world.standard.pk}/", data)

    assert answer.status_code == 302
    names = list(
        Stage.objects.filter(track=world.standard, version=1)
        .order_by("position")
        .values_list("kind", flat=True)
    )
    assert names == ["review", "written_test", "interview", "offer", "hired"]


def test_assessment_settings_and_a_scorecard_are_saved_with_their_stage(
    world: World, admin: Any, browse: Any
) -> None:
    card = scorecard()
    rows = stage_rows(world.fast)
    rows[1].update(
        scorecard=card.pk,
        panel_size="4",
        quorum="3",
        pass_threshold="3.25",
        fail_threshold="1.75",
        auto_advance=True,
        anonymize=True,
        movers=["admin", "unit_lead"],
    )

    browse(admin).post(f"/tracks/{world.fast.pk}/", stages_post(rows))

    stage = Stage.objects.get(track=world.fast, version=1, kind="bu_assessment")
    assert (stage.scorecard_id, stage.panel_size, stage.quorum) == (card.pk, 4, 3)
    assert (stage.pass_threshold, stage.fail_threshold) == (Decimal("3.25"), Decimal("1.75"))
    assert stage.auto_advance
    assert stage.anonymize
    assert stage.movers == ["admin", "unit_lead"]


def test_an_invalid_stage_list_shows_each_problem_beside_its_stage_and_changes_nothing(
    world: World, admin: Any, browse: Any
) -> None:
    before = list(Stage.objects.filter(track=world.fast).values_list("pk", "kind", "sla"))
    rows = stage_rows(world.fast)
    rows.insert(1, {"name": "Coding test", "kind": "written_test"})
    rows[2].update(sla_days="400")

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/", stages_post(rows))

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The stages were not saved" in page
    assert page.count("A fast track has no written test.") == 2  # above the list, on its stage
    coding = stage_card(page, "Coding test")
    assert coding.startswith(" has-error")
    assert "A fast track has no written test." in coding
    assessment = stage_card(page, "Bu Assessment")
    assert assessment.startswith(" has-error")
    assert "An SLA is more than zero and at most a year." in assessment
    assert not stage_card(page, "Review").startswith(" has-error")
    assert list(Stage.objects.filter(track=world.fast).values_list("pk", "kind", "sla")) == before


def test_form_problems_show_beside_their_field(world: World, admin: Any, browse: Any) -> None:
    rows = stage_rows(world.fast)
    rows[1].update(panel_size="2", quorum="3", pass_threshold="2.00", fail_threshold="2.50")
    rows[2].update(movers=[])

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/", stages_post(rows))

    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The quorum cannot exceed the panel." in page
    assert "The fail threshold is below the pass threshold." in page
    assert "Choose at least one role." in page


def test_garbage_in_a_stage_list_answers_400_not_500(world: World, admin: Any, browse: Any) -> None:
    data = stages_post(stage_rows(world.fast))
    data.update({"stages-0-kind": "lunch", "stages-1-sla_days": "-3", "stages-TOTAL_FORMS": "x"})

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/", data)

    assert answer.status_code == 400


def test_adding_a_stage_without_javascript_sends_the_form_back_with_a_blank_stage(
    world: World, admin: Any, browse: Any
) -> None:
    rows = stage_rows(world.standard)

    answer = browse(admin).post(
        f"/tracks/{world.standard.pk}/", {**stages_post(rows), "add_stage": "1"}
    )

    assert answer.status_code == 200
    assert 'name="stages-6-name"' in answer.content.decode()
    assert Stage.objects.filter(track=world.standard).count() == len(rows)


def test_the_designer_reads_as_many_queries_for_many_stages_and_rules(
    world: World, admin: Any, browse: Any
) -> None:
    client = browse(admin)
    client.get(f"/tracks/{world.fast.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/tracks/{world.fast.pk}/")
    f.add_stages(world.fast, ["interview"] * 8, version=2)
    world.fast.current_version = 2
    world.fast.save()
    for _ in range(5):
        f.EligibilityRuleFactory(track=world.fast)
        scorecard(name=f"Card {_}")

    with CaptureQueriesContext(connection) as many:
        client.get(f"/tracks/{world.fast.pk}/")

    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- settings


def test_track_settings_are_saved(world: World, admin: Any, browse: Any) -> None:
    data = {
        "name": "Top paper fast track",
        "description": "For researchers.",
        "kind": "fast",
        "routing": "suggest",
        "fallback_track": world.standard.pk,
        "fallback_stage_kind": "screen",
    }

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/settings/", data)

    world.fast.refresh_from_db()
    assert answer.status_code == 302
    assert (world.fast.routing, world.fast.fallback_stage_kind) == ("suggest", "screen")
    assert world.fast.description == "For researchers."


def test_a_fast_track_with_rules_cannot_become_standard(
    world: World, admin: Any, browse: Any
) -> None:
    data = {"name": "Top paper fast track", "kind": "standard", "routing": "auto"}

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/settings/", data)

    world.fast.refresh_from_db()
    assert answer.status_code == 400
    assert "A standard track has no eligibility rules" in answer.content.decode()
    assert world.fast.kind == Track.Kind.FAST


# ---------------------------------------------------------------- rules


def test_the_rule_builder_offers_the_catalogue_specialties_and_venues(
    world: World, admin: Any, browse: Any
) -> None:
    f.PublicationFactory(venue="EMNLP")

    answer = browse(admin).get(f"/tracks/{world.fast.pk}/rules/new/")

    page = answer.content.decode()
    data = json.loads(
        page.split('id="rule-builder-data" type="application/json">')[1].split("<")[0]
    )
    assert {fact["name"] for fact in data["facts"]} >= {"publications", "awards", "education"}
    assert "EMNLP" in data["lists"]["venues"]
    assert {"value": "nlp", "label": "Natural language processing"} in data["lists"]["specialties"]
    publications = next(fact for fact in data["facts"] if fact["name"] == "publications")
    assert "venue" in {field["name"] for field in publications["fields"]}


def test_an_admin_creates_a_rule_with_version_1_and_a_change_makes_version_2(
    world: World, admin: Any, browse: Any
) -> None:
    client = browse(admin)
    definition = {"all": [{"fact": "years_experience", "op": "gte", "value": 5}]}

    created = client.post(
        f"/tracks/{world.fast.pk}/rules/new/",
        {"name": "Seniors", "definition": json.dumps(definition), "is_active": "on"},
        follow=True,
    )
    rule = EligibilityRule.objects.get(name="Seniors")
    changed = client.post(
        f"/tracks/{world.fast.pk}/rules/{rule.pk}/",
        {"name": "Seniors", "definition": json.dumps(TOP_PAPER_RULE), "is_active": "on"},
        follow=True,
    )

    assert "created (version 1)" in created.content.decode()
    rule.refresh_from_db()
    assert rule.version == 2
    assert rule.definition == TOP_PAPER_RULE
    assert "saved as version 2" in changed.content.decode()


def test_an_invalid_rule_names_each_problem_by_path_and_saves_nothing(
    world: World, admin: Any, browse: Any
) -> None:
    definition = {
        "all": [
            {"fact": "years_experience", "op": "gte", "value": 5},
            {
                "fact": "publications",
                "op": "exists",
                "where": {"all": [{"fact": "tier", "op": "eq", "value": "best"}]},
            },
        ]
    }

    answer = browse(admin).post(
        f"/tracks/{world.fast.pk}/rules/{world.rule.pk}/",
        {"name": world.rule.name, "definition": json.dumps(definition), "is_active": "on"},
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "$.all[1].where.all[0].value" in page
    data = json.loads(
        page.split('id="rule-builder-data" type="application/json">')[1].split("<")[0]
    )
    assert [p["path"] for p in data["problems"]] == ["$.all[1].where.all[0].value"]
    world.rule.refresh_from_db()
    assert world.rule.definition == TOP_PAPER_RULE
    assert world.rule.version == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"definition": "{not json"}, "This is not valid JSON (line 1, column 2)."),
        ({"name": "Top-venue paper in the last 3 years"}, "This track has a rule of that name"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_rule_input_is_refused_beside_its_field(
    world: World, admin: Any, browse: Any, fields: dict[str, str], message: str
) -> None:
    data = {"name": "New rule", "definition": json.dumps(TOP_PAPER_RULE), **fields}

    answer = browse(admin).post(f"/tracks/{world.fast.pk}/rules/new/", data)

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert EligibilityRule.objects.count() == 1


def test_rules_belong_to_fast_tracks(world: World, admin: Any, browse: Any) -> None:
    answer = browse(admin).get(f"/tracks/{world.standard.pk}/rules/new/")

    assert answer.status_code == 400
    assert "Eligibility rules belong to fast tracks." in answer.content.decode()


# ---------------------------------------------------------------- try it


def test_trying_a_draft_shows_who_it_would_have_routed_and_writes_nothing(
    world: World, admin: Any, recruiter: Any, browse: Any
) -> None:
    senior = apply(world, recruiter, full_name="Li Na", years_experience=9)
    apply(world, recruiter, full_name="Wang Wei", years_experience=1)
    draft = {"all": [{"fact": "years_experience", "op": "gte", "value": 5}]}
    states = list(Application.objects.values_list("pk", "track_id", "version"))

    answer = browse(admin).post(
        f"/tracks/{world.fast.pk}/simulate/", {"definition": json.dumps(draft)}, **HTMX
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "<html" not in page
    assert "Of the 2 most recent applications" in page
    assert "Li Na" in page
    assert "Wang Wei" not in page
    assert f"/applications/{senior.pk}/" in page
    assert list(Application.objects.values_list("pk", "track_id", "version")) == states
    assert EligibilityRule.objects.count() == 1


def test_an_invalid_draft_shows_its_problems_where_the_result_would_be(
    world: World, admin: Any, browse: Any
) -> None:
    draft = {"any": [{"fact": "years_experience", "op": "gte"}]}

    answer = browse(admin).post(
        f"/tracks/{world.fast.pk}/simulate/", {"definition": json.dumps(draft)}, **HTMX
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "The draft is not valid" in page
    assert "$.any[0]" in page
    assert "needs a &quot;value&quot;" in page


def test_without_javascript_try_it_answers_the_rule_page_with_the_result(
    world: World, admin: Any, recruiter: Any, browse: Any
) -> None:
    apply(world, recruiter, full_name="Li Na", years_experience=9)
    draft = json.dumps({"all": [{"fact": "years_experience", "op": "gte", "value": 5}]})

    answer = browse(admin).post(
        f"/tracks/{world.fast.pk}/simulate/?rule={world.rule.pk}",
        {"name": "Draft name", "definition": draft},
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "<html" in page
    assert "Li Na" in page
    assert 'value="Draft name"' in page
    assert f'action="/tracks/{world.fast.pk}/rules/{world.rule.pk}/"' in page
    world.rule.refresh_from_db()
    assert world.rule.definition == TOP_PAPER_RULE


def test_the_designer_speaks_chinese_to_a_chinese_reader(
    world: World, admin: Any, browse: Any
) -> None:
    client = browse(admin)
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/"})

    designer = client.get(f"/tracks/{world.fast.pk}/").content.decode()
    builder = client.get(f"/tracks/{world.fast.pk}/rules/new/").content.decode()

    assert "阶段" in designer
    assert "条件" in builder
