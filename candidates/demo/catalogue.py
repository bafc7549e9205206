"""The demo organisation as plain data: who works where, which jobs, tracks and rules.

The facts come from the background articles (docs in ../shared/seeds/): Xiaomi-style AI
talent drive announced on WeChat, five specialties, five cities, an average NLP salary
of 24,007 CNY/month against 11,000 for typical IT work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from recruiting.roles import Role

PASSWORD = "demo-pass-2026"
DRIVE_NAME = "AI Talent Drive 2026"
DRIVE_CHANNELS = ["WeChat", "careers site"]

# slug, name, Chinese name
SPECIALTIES: tuple[tuple[str, str, str], ...] = (
    ("ai-models", "AI models (large models)", "大模型"),
    ("deep-learning", "Deep learning", "深度学习"),
    ("computer-vision", "Computer vision", "计算机视觉"),
    ("autonomous-driving", "Autonomous driving", "自动驾驶"),
    ("nlp", "Natural language processing", "自然语言处理"),
)

CITIES: tuple[tuple[str, str], ...] = (
    ("Beijing", "北京"),
    ("Shenzhen", "深圳"),
    ("Shanghai", "上海"),
    ("Guangzhou", "广州"),
    ("Hangzhou", "杭州"),
)


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: Role
    unit: str | None = None  # slug of the unit they lead or belong to
    specialties: tuple[str, ...] = ()
    weekly_capacity: int = 5
    past_employers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    slug: str
    name: str
    city: str
    lead: str  # username
    specialties: tuple[str, ...]  # what its members assess, and who they refer
    assessment_sla: timedelta = timedelta(hours=72)


UNITS: tuple[Unit, ...] = (
    Unit("large-models-nlp", "Large Models & NLP", "Beijing", "lead", ("nlp", "ai-models")),
    Unit("computer-vision", "Computer Vision", "Shenzhen", "chen.jing", ("computer-vision",)),
    Unit(
        "autonomous-driving",
        "Autonomous Driving",
        "Shanghai",
        "zhou.min",
        ("autonomous-driving",),
        timedelta(hours=96),
    ),
    Unit("smart-devices", "Smart Devices", "Hangzhou", "huang.lei", ("deep-learning",)),
)

NLP, CV, AD, DEVICES = (unit.slug for unit in UNITS)

# The five role personas first: the README and the summary table name them.
PEOPLE: tuple[Person, ...] = (
    Person("admin", "Hui", "Zhao", Role.ADMIN),
    Person("recruiter", "Mei", "Lin", Role.RECRUITER),
    Person("lead", "Tao", "Wang", Role.UNIT_LEAD, NLP, ("nlp", "ai-models"), 4, ("Baidu",)),
    Person("assessor", "Yang", "Liu", Role.ASSESSOR, NLP, ("nlp",), 6, ("ByteDance", "Meituan")),
    Person("viewer", "Qian", "Sun", Role.VIEWER),
    Person("gao.yu", "Yu", "Gao", Role.ASSESSOR, NLP, ("ai-models", "deep-learning"), 5),
    Person("he.xin", "Xin", "He", Role.ASSESSOR, NLP, ("nlp", "ai-models"), 4, ("Alibaba",)),
    Person("ma.rui", "Rui", "Ma", Role.ASSESSOR, NLP, ("nlp",), 3, ("Baidu", "iFlytek")),
    Person("chen.jing", "Jing", "Chen", Role.UNIT_LEAD, CV, ("computer-vision",), 3),
    Person("lin.feng", "Feng", "Lin", Role.ASSESSOR, CV, ("computer-vision",), 6, ("SenseTime",)),
    Person("xu.ting", "Ting", "Xu", Role.ASSESSOR, CV, ("computer-vision", "deep-learning"), 5),
    Person("guo.hao", "Hao", "Guo", Role.ASSESSOR, CV, ("computer-vision",), 4, ("Megvii",)),
    Person("song.yi", "Yi", "Song", Role.ASSESSOR, CV, ("deep-learning",), 5, ("Tencent",)),
    Person("zhou.min", "Min", "Zhou", Role.UNIT_LEAD, AD, ("autonomous-driving",), 3, ("Baidu",)),
    Person("tang.kai", "Kai", "Tang", Role.ASSESSOR, AD, ("autonomous-driving",), 5, ("Pony.ai",)),
    Person(
        "feng.lu", "Lu", "Feng", Role.ASSESSOR, AD, ("autonomous-driving", "computer-vision"), 4
    ),
    Person("deng.bo", "Bo", "Deng", Role.ASSESSOR, AD, ("autonomous-driving",), 6, ("XPeng",)),
    Person("huang.lei", "Lei", "Huang", Role.UNIT_LEAD, DEVICES, ("deep-learning",), 3),
    Person("cao.wen", "Wen", "Cao", Role.ASSESSOR, DEVICES, ("deep-learning",), 5, ("Huawei",)),
    Person("pan.jie", "Jie", "Pan", Role.ASSESSOR, DEVICES, ("deep-learning", "nlp"), 4),
    Person(
        "yuan.qing", "Qing", "Yuan", Role.ASSESSOR, DEVICES, ("deep-learning",), 5, ("Alibaba",)
    ),
)


@dataclass(frozen=True)
class JobSpec:
    title: str
    unit: str
    specialty: str
    city: str
    salary: tuple[int, int]  # monthly CNY
    headcount: int
    status: str = "open"  # the status it ends in; it is open while people apply


# Bands sit around the 24,007 CNY/month NLP average: engineers from ~22k, research
# and senior roles up to 70k, which is what poaching from abroad takes.
JOBS: tuple[JobSpec, ...] = (
    JobSpec("NLP Research Scientist", NLP, "nlp", "Beijing", (35_000, 70_000), 2),
    JobSpec("Large Model Pre-training Engineer", NLP, "ai-models", "Beijing", (35_000, 65_000), 3),
    JobSpec("NLP Engineer, Dialogue Systems", NLP, "nlp", "Beijing", (22_000, 42_000), 4),
    JobSpec("LLM Inference Engineer", NLP, "ai-models", "Shanghai", (26_000, 48_000), 2, "on_hold"),
    JobSpec("Computer Vision Engineer", CV, "computer-vision", "Shenzhen", (22_000, 40_000), 3),
    JobSpec("3D Vision Research Scientist", CV, "computer-vision", "Shenzhen", (38_000, 70_000), 1),
    JobSpec(
        "Multimodal Perception Engineer", CV, "deep-learning", "Guangzhou", (24_000, 45_000), 2
    ),
    JobSpec(
        "Autonomous Driving Planning Engineer",
        AD,
        "autonomous-driving",
        "Shanghai",
        (28_000, 50_000),
        3,
    ),
    JobSpec(
        "Perception Engineer, Autonomous Driving",
        AD,
        "autonomous-driving",
        "Shanghai",
        (26_000, 48_000),
        2,
    ),
    JobSpec(
        "Driving Simulation Engineer",
        AD,
        "autonomous-driving",
        "Guangzhou",
        (22_000, 40_000),
        1,
        "draft",
    ),
    JobSpec(
        "On-device Deep Learning Engineer",
        DEVICES,
        "deep-learning",
        "Hangzhou",
        (22_000, 40_000),
        2,
    ),
    JobSpec("Speech & Language Engineer", DEVICES, "nlp", "Hangzhou", (23_000, 42_000), 2),
)


@dataclass(frozen=True)
class StageSpec:
    name: str
    kind: str
    sla_hours: int | None
    movers: tuple[Role, ...] = (Role.ADMIN, Role.RECRUITER)

    def as_data(self) -> dict[str, object]:
        sla = timedelta(hours=self.sla_hours) if self.sla_hours is not None else None
        return {
            "name": self.name,
            "kind": self.kind,
            "sla": sla,
            "movers": [role.value for role in self.movers],
        }


# The business units' scorecard: criteria and weights (rated 1-4 by each assessor).
SCORECARD_NAME = "AI specialist assessment"
SCORECARD_CRITERIA = (
    ("Research depth", "Command of the specialty's literature and open problems.", "2.00"),
    ("Engineering", "Builds and ships models that work at scale.", "1.50"),
    ("Problem solving", "Works through an unfamiliar problem in the session.", "1.50"),
    ("Communication", "Explains trade-offs to the team and to the business.", "1.00"),
)
# Panel settings of every business-unit assessment; the written test's pass mark.
ASSESSMENT_SETTINGS = {"panel_size": 3, "quorum": 2, "auto_advance": True}
WRITTEN_TEST_PASS_MARK = 60


# The unit lead decides assessments and approves offers.
WITH_LEAD = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD)


@dataclass(frozen=True)
class RuleSpec:
    name: str
    description: str
    definition: dict[str, object]


@dataclass(frozen=True)
class TrackSpec:
    name: str
    kind: str
    routing: str
    description: str
    stages: tuple[StageSpec, ...]
    fallback_stage_kind: str = ""  # on the standard track
    rules: tuple[RuleSpec, ...] = ()


STANDARD = "Standard"
TOP_PAPER = "Top-paper fast track"
REFERRAL = "Referral fast track"

TOP_VENUES = ["ACL", "EMNLP", "NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "AAAI"]

TOP_PAPER_RULE = RuleSpec(
    "Top-venue paper in the job's specialty (last 3 years)",
    "A first-tier conference paper in the specialty of the job, published in the last "
    "three years: the drive's promise to skip the written test.",
    {
        "all": [
            {
                "fact": "publications",
                "op": "exists",
                "min": 1,
                "where": {
                    "all": [
                        {"fact": "tier", "op": "eq", "value": "top"},
                        {"fact": "venue", "op": "in", "value": TOP_VENUES},
                        {"fact": "in_job_specialty", "op": "eq", "value": True},
                        {"fact": "years_ago", "op": "lte", "value": 3},
                    ]
                },
            }
        ]
    },
)
AWARD_RULE = RuleSpec(
    "International competition award (last 5 years)",
    "A medal or top placing in an international competition (ICPC, Kaggle, NeurIPS "
    "competition track …) in the last five years.",
    {
        "all": [
            {
                "fact": "awards",
                "op": "exists",
                "min": 1,
                "where": {
                    "all": [
                        {"fact": "level", "op": "eq", "value": "international"},
                        {"fact": "years_ago", "op": "lte", "value": 5},
                    ]
                },
            }
        ]
    },
)
REFERRAL_RULE = RuleSpec(
    "Referred by a unit member, 3+ years' experience",
    "Someone in the hiring unit vouches for an experienced candidate; a recruiter "
    "confirms before the switch.",
    {
        "all": [
            {"fact": "referred_by_unit_member", "op": "eq", "value": True},
            {"fact": "years_experience", "op": "gte", "value": 3},
        ]
    },
)

# A fast track goes straight to the unit that wants the person: no CV review, no
# written test; the panel is seated the moment the application arrives.
FAST_STAGES = (
    StageSpec("Business-unit assessment", "bu_assessment", 72, WITH_LEAD),
    StageSpec("Interview", "interview", 96),
    StageSpec("Offer", "offer", 72, WITH_LEAD),
    StageSpec("Hired", "hired", None),
)

TRACKS: tuple[TrackSpec, ...] = (
    TrackSpec(
        STANDARD,
        "standard",
        "auto",
        "CV review, phone screen, written test, interviews, offer.",
        (
            StageSpec("CV review", "review", 48),
            StageSpec("Phone screen", "screen", 72),
            StageSpec("Written test", "written_test", 120),
            StageSpec("Interview", "interview", 96),
            StageSpec("Offer", "offer", 72, WITH_LEAD),
            StageSpec("Hired", "hired", None),
        ),
    ),
    TrackSpec(
        TOP_PAPER,
        "fast",
        "auto",
        "No written test: the business unit assesses proven researchers directly.",
        FAST_STAGES,
        "written_test",
        (TOP_PAPER_RULE, AWARD_RULE),
    ),
    TrackSpec(
        REFERRAL,
        "fast",
        "suggest",
        "Suggested for referrals by unit members; a recruiter confirms the switch.",
        FAST_STAGES,
        "screen",
        (REFERRAL_RULE,),
    ),
)

# code, label
REJECTION_REASONS: tuple[tuple[str, str], ...] = (
    ("not-a-fit", "Not a fit for the role"),
    ("salary-expectations", "Salary expectations above the band"),
    ("accepted-another-offer", "Accepted another offer (often abroad)"),
    ("failed-written-test", "Failed the written test"),
    ("failed-assessment", "Did not pass the business-unit assessment"),
    ("position-filled", "Position filled"),
)

# Which reasons fit a rejection at each kind of stage, with their weights.
REJECTIONS_BY_KIND: dict[str, tuple[tuple[str, int], ...]] = {
    "review": (("not-a-fit", 7), ("salary-expectations", 3)),
    "screen": (("not-a-fit", 5), ("salary-expectations", 4), ("accepted-another-offer", 1)),
    "written_test": (("failed-written-test", 1),),
    "bu_assessment": (("failed-assessment", 1),),
    "interview": (("not-a-fit", 6), ("salary-expectations", 2), ("accepted-another-offer", 2)),
    "offer": (("accepted-another-offer", 6), ("salary-expectations", 4)),
}

WITHDRAW_REASONS = (
    "Accepted an offer abroad",
    "Accepted a counter-offer from the current employer",
    "Cannot relocate",
    "Chose a PhD programme instead",
)
HOLD_REASONS = (
    "Candidate travelling; resumes in two weeks",
    "Waiting for the unit's headcount approval",
    "Candidate asked for time to consider",
)
JOB_HOLD_REASON = "Job on hold pending budget review"
HIRED_ELSEWHERE = "Hired for another of our openings"
SWITCH_NOTE = "Confirmed with the referrer after the phone screen."
OVERRIDE_REASONS = (
    "Strong record the rules do not count yet (strong-tier papers or a national award); "
    "the unit lead asked to assess directly.",
    "Competing offer from abroad with a one-week deadline; assessing directly.",
    "Returning from a research lab abroad; competing offers, so we skip the written test.",
)
FALLBACK_REASONS = (
    "Assessment inconclusive on system design; continue on the standard process.",
    "Panel split; the standard process will give a fuller picture.",
)
