"""Twenty realistic fast-track rules, and the ones the bench organisation routes with."""

from __future__ import annotations

from typing import Any

TOP_VENUES = ["ACL", "EMNLP", "NAACL", "NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "AAAI"]
STRONG_VENUES = ["COLING", "IJCAI", "WACV", "BMVC", "ICRA", "IROS", "KDD", "SIGIR"]
OTHER_VENUES = ["arXiv", "Workshop on Efficient NLP", "China Conference on Computer Vision"]
TOP_SCHOOLS = ["Tsinghua University", "Peking University", "Zhejiang University", "USTC"]


def _publications(*conditions: dict[str, Any], minimum: int = 1) -> dict[str, Any]:
    return {"fact": "publications", "op": "exists", "min": minimum, "where": {"all": conditions}}


def _awards(*conditions: dict[str, Any], minimum: int = 1) -> dict[str, Any]:
    return {"fact": "awards", "op": "exists", "min": minimum, "where": {"all": conditions}}


def _is(fact: str, op: str, value: Any) -> dict[str, Any]:
    return {"fact": fact, "op": op, "value": value}


TOP_PAPER: dict[str, Any] = {
    "all": [
        _publications(
            _is("tier", "eq", "top"),
            _is("venue", "in", TOP_VENUES),
            _is("in_job_specialty", "eq", True),
            _is("years_ago", "lte", 3),
        )
    ]
}
INTERNATIONAL_AWARD: dict[str, Any] = {
    "all": [_awards(_is("level", "eq", "international"), _is("years_ago", "lte", 5))]
}
REFERRAL: dict[str, Any] = {
    "all": [_is("referred_by_unit_member", "eq", True), _is("years_experience", "gte", 3)]
}

RULES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Top-venue paper in the job's specialty (last 3 years)", TOP_PAPER),
    ("International competition award (last 5 years)", INTERNATIONAL_AWARD),
    ("Referred by a unit member, 3+ years' experience", REFERRAL),
    (
        "Two strong papers and a PhD",
        {
            "all": [
                _is("education", "eq", "phd"),
                _publications(_is("tier", "in", ["top", "strong"]), minimum=2),
            ]
        },
    ),
    (
        "Senior engineer in the specialty",
        {"all": [_is("matches_job_specialty", "eq", True), _is("years_experience", "gte", 8)]},
    ),
    (
        "Top school and a recent paper",
        {
            "all": [
                _is("school", "in", TOP_SCHOOLS),
                _publications(_is("years_ago", "lte", 2)),
            ]
        },
    ),
    (
        "Competitor lab, any tier-one output",
        {
            "all": [
                _is("current_employer", "in", ["SenseTime", "Megvii", "iFlytek", "Baidu"]),
                {
                    "any": [
                        _publications(_is("tier", "eq", "top")),
                        _awards(_is("level", "in", ["international", "national"])),
                    ]
                },
            ]
        },
    ),
    (
        "Three papers in the job's specialty",
        {"all": [_publications(_is("in_job_specialty", "eq", True), minimum=3)]},
    ),
    (
        "National award and a master's or better",
        {
            "all": [
                _is("education", "in", ["master", "phd"]),
                _awards(_is("level", "eq", "national"), _is("years_ago", "lte", 4)),
            ]
        },
    ),
    (
        "Campus star",
        {
            "all": [
                _is("source", "eq", "campus"),
                {
                    "any": [
                        _awards(_is("level", "in", ["international", "national"])),
                        _publications(_is("tier", "in", ["top", "strong"])),
                    ]
                },
            ]
        },
    ),
    (
        "Large-model or NLP specialist with a paper",
        {
            "all": [
                _is("specialties", "contains_any", ["nlp", "ai-models"]),
                _publications(_is("specialty", "in", ["nlp", "ai-models"])),
            ]
        },
    ),
    (
        "Vision researcher: CVPR, ICCV or ECCV",
        {
            "all": [
                _is("specialties", "contains_any", ["computer-vision", "autonomous-driving"]),
                _publications(
                    _is("venue", "in", ["CVPR", "ICCV", "ECCV"]), _is("year", "gte", 2021)
                ),
            ]
        },
    ),
    (
        "Headhunted senior",
        {
            "all": [
                _is("source", "in", ["headhunter", "referral"]),
                _is("years_experience", "gte", 6),
                _is("current_employer", "exists", True),
            ]
        },
    ),
    (
        "Any referral with a recent award",
        {"all": [_is("referred", "eq", True), _awards(_is("years_ago", "lte", 3))]},
    ),
    (
        "Nested: PhD or paper, and experience or award",
        {
            "all": [
                {
                    "any": [
                        _is("education", "eq", "phd"),
                        _publications(_is("tier", "eq", "top")),
                    ]
                },
                {
                    "any": [
                        _is("years_experience", "gte", 5),
                        _awards(_is("level", "in", ["international", "national", "regional"])),
                    ]
                },
            ]
        },
    ),
    (
        "Drive applicants in the job's specialty",
        {
            "all": [
                _is("source", "eq", "drive"),
                _is("matches_job_specialty", "eq", True),
                _is("years_experience", "gte", 2),
            ]
        },
    ),
    (
        "Prolific: five papers, two of them top",
        {
            "all": [
                {"fact": "publications", "op": "exists", "min": 5},
                _publications(_is("tier", "eq", "top"), minimum=2),
            ]
        },
    ),
    (
        "ICPC or Kaggle medallist",
        {
            "any": [
                _awards(_is("name", "in", ["ICPC World Finals medal", "Kaggle Grandmaster"])),
                _awards(_is("level", "eq", "international"), minimum=2),
            ]
        },
    ),
    (
        "Deep-learning generalist, top venue in the last 4 years",
        {
            "all": [
                _is("specialties", "contains_any", ["deep-learning"]),
                _publications(_is("venue", "in", TOP_VENUES), _is("years_ago", "lte", 4)),
                {"any": [_is("education", "eq", "phd"), _is("years_experience", "gte", 4)]},
            ]
        },
    ),
    (
        "Experienced, no paper needed",
        {
            "any": [
                _is("years_experience", "gte", 10),
                {"all": [_is("years_experience", "gte", 7), _is("education", "eq", "phd")]},
            ]
        },
    ),
)
