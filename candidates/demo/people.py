"""Demo candidates, made from a seeded random generator and nothing else.

Pure functions: the same seed and year give the same people, so a second run of the
seed finds every one of them by email and creates nobody.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from candidates.demo import vocabulary as v
from candidates.demo.catalogue import PEOPLE, SPECIALTIES, UNITS

CANDIDATES = 300
SPECIALTY_WEIGHTS = {
    # NLP demand rose 111% in half a year: it and large models dominate the pool.
    "nlp": 30,
    "ai-models": 22,
    "deep-learning": 18,
    "computer-vision": 16,
    "autonomous-driving": 14,
}
SOURCE_WEIGHTS = {"careers_site": 32, "drive": 30, "social": 12, "headhunter": 12}
PHONE_PREFIXES = ("138", "139", "135", "136", "150", "158", "186", "177", "188")


@dataclass(frozen=True)
class PaperPlan:
    title: str
    venue: str
    year: int
    tier: str
    specialty: str


@dataclass(frozen=True)
class AwardPlan:
    name: str
    level: str
    year: int


@dataclass(frozen=True)
class CandidatePlan:
    full_name: str
    email: str
    phone: str
    current_employer: str
    school: str
    education: str
    years_experience: Decimal
    source: str
    referrer: str | None  # username of a unit member
    specialties: tuple[str, ...]
    salary_expectation: int
    links: tuple[str, ...]
    publications: tuple[PaperPlan, ...]
    awards: tuple[AwardPlan, ...]

    @property
    def primary(self) -> str:
        return self.specialties[0]


def unit_for_specialty(slug: str) -> str:
    return next(unit.slug for unit in UNITS if slug in unit.specialties)


def referrers_by_unit() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {unit.slug: [unit.lead] for unit in UNITS}
    for person in PEOPLE:
        if person.unit and person.username not in result[person.unit]:
            result[person.unit].append(person.username)
    return result


def make_candidates(
    rng: random.Random, *, year: int, count: int = CANDIDATES
) -> list[CandidatePlan]:
    """`count` varied people; `year` is this year, which papers and awards are dated from."""
    phones: set[str] = set()
    referrers = referrers_by_unit()
    return [_candidate(rng, index, year, phones, referrers) for index in range(count)]


def _candidate(
    rng: random.Random, index: int, year: int, phones: set[str], referrers: dict[str, list[str]]
) -> CandidatePlan:
    specialties = _specialties(rng)
    referred = rng.random() < 0.15
    years = _years(rng, referred)
    education = _education(rng, years)
    name, handle = _name(rng)
    domain = "example.cn" if rng.random() < 0.4 else "example.com"
    papers = _papers(rng, specialties, year, education)
    source = "referral" if referred else _source(rng, years)
    return CandidatePlan(
        full_name=name,
        email=f"{handle}.{index:03d}@{domain}",
        phone=_phone(rng, phones) if rng.random() < 0.65 else "",
        current_employer=_employer(rng, specialties[0], years),
        school=_school(rng, education),
        education=education,
        years_experience=years,
        source=source,
        referrer=rng.choice(referrers[unit_for_specialty(specialties[0])]) if referred else None,
        specialties=specialties,
        salary_expectation=_salary(rng, years, education, specialties[0]),
        links=_links(rng, handle, index, papers),
        publications=papers,
        awards=_awards(rng, specialties[0], year),
    )


def _specialties(rng: random.Random) -> tuple[str, ...]:
    slugs = list(SPECIALTY_WEIGHTS)
    primary = rng.choices(slugs, weights=list(SPECIALTY_WEIGHTS.values()))[0]
    if rng.random() < 0.45:
        second = rng.choice([s for s, *_ in SPECIALTIES if s != primary])
        return (primary, second)
    return (primary,)


def _years(rng: random.Random, referred: bool) -> Decimal:
    # Unit members mostly refer people they worked with: experienced ones.
    low, high = rng.choices(
        [(0, 2), (3, 6), (7, 10), (11, 15)],
        weights=[8, 50, 30, 12] if referred else [28, 40, 22, 10],
    )[0]
    return Decimal(str(round(rng.uniform(low, high), 1)))


def _education(rng: random.Random, years: Decimal) -> str:
    weights = [30, 50, 20] if years > 2 else [25, 55, 20]
    return rng.choices(["bachelor", "master", "phd"], weights=weights)[0]


def _name(rng: random.Random) -> tuple[str, str]:
    """A display name and the handle its email address is made from."""
    roll = rng.random()
    if roll < 0.03:
        first, last = rng.choice(v.INTERNATIONAL_NAMES)
        return f"{first} {last}", f"{first}.{last}".lower()
    surname, surname_py = rng.choice(v.SURNAMES)
    given, given_py = rng.choice(v.GIVEN_NAMES)
    if roll < 0.58:
        return surname + given, f"{given_py}.{surname_py}"
    if roll < 0.75:
        return f"{given_py.title()} {surname_py.title()}", f"{given_py}.{surname_py}"
    english = rng.choice(v.ENGLISH_NAMES)
    return f"{english} {surname_py.title()}", f"{english.lower()}.{surname_py}"


def _phone(rng: random.Random, taken: set[str]) -> str:
    """A unique, valid mainland mobile number, written the ways people write them."""
    while True:
        digits = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if digits not in taken:
            taken.add(digits)
            break
    style = rng.random()
    if style < 0.5:
        return digits
    if style < 0.8:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"+86 {digits}"


def _employer(rng: random.Random, specialty: str, years: Decimal) -> str:
    if years < 1 and rng.random() < 0.7:
        return ""
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(v.STARTUPS)
    if roll < 0.17:
        return rng.choice(v.ABROAD)
    return rng.choice(v.EMPLOYERS[specialty])


def _school(rng: random.Random, education: str) -> str:
    if education == "phd" and rng.random() < 0.15:
        return rng.choice(v.SCHOOLS_ABROAD)
    return rng.choice(v.SCHOOLS)


def _source(rng: random.Random, years: Decimal) -> str:
    if years < Decimal("1.5") and rng.random() < 0.5:
        return "campus"
    return rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]


def _salary(rng: random.Random, years: Decimal, education: str, specialty: str) -> int:
    """Monthly CNY: typical IT pays 11,000; NLP averages 24,007 and large models more."""
    base = 11_000 + float(years) * 2_600
    base += {"phd": 6_000, "master": 2_500}.get(education, 0)
    base += 3_000 if specialty in ("nlp", "ai-models") else 0
    base *= rng.uniform(0.85, 1.2)
    return int(min(max(base, 9_000), 90_000) // 500 * 500)


def _papers(
    rng: random.Random, specialties: tuple[str, ...], year: int, education: str
) -> tuple[PaperPlan, ...]:
    chance = 0.45 if education == "phd" else 0.12
    if rng.random() >= chance:
        return ()
    return tuple(_paper(rng, rng.choice(specialties), year) for _ in range(rng.randint(1, 3)))


def _paper(rng: random.Random, specialty: str, year: int) -> PaperPlan:
    tier = rng.choices(["top", "strong", "other"], weights=[45, 30, 25])[0]
    recent = rng.random() < 0.65
    age = rng.randint(0, 3) if recent else rng.randint(4, 8)
    method = rng.choice(v.TITLE_METHODS[specialty])
    title = f"{method} {rng.choice(v.TITLE_TARGETS)}"
    venue = rng.choice(v.VENUES[specialty][tier])
    return PaperPlan(title, venue, year - age, tier, specialty)


def _awards(rng: random.Random, specialty: str, year: int) -> tuple[AwardPlan, ...]:
    if rng.random() >= 0.08:
        return ()
    fitting = [a for a in v.AWARDS if a[2] in (None, specialty)]
    name, level, _ = rng.choice(fitting)
    age = rng.randint(0, 5) if rng.random() < 0.75 else rng.randint(6, 9)
    return (AwardPlan(name, level, year - age),)


def _links(
    rng: random.Random, handle: str, index: int, papers: tuple[PaperPlan, ...]
) -> tuple[str, ...]:
    slug = f"{handle.replace('.', '-')}-{index:03d}"
    links = []
    if rng.random() < 0.5:
        links.append(f"https://code.example.com/{slug}")
    if papers:
        links.append(f"https://scholar.example.org/{slug}")
    return tuple(links)
