"""The guide's decision logic: Answers in, Outcome out.

Pure Python with no Django import, so that every rule can be tested as a table
and as a property without a database or a request. The words a person reads
live in content/result.toml; this module deals only in codes.

Order of precedence, which the tests pin down:
1. Any emergency red flag gives the emergency outcome and nothing else.
2. Any urgent red flag makes the outcome urgent (it still explains the pain,
   after the "be seen today" page).
3. Otherwise the pain pattern picks the situations, the situations pick the
   medicine groups and their evidence labels, and the person's own answers
   pick the cautions.

Nothing here diagnoses: a pattern is "what the answers suggest".
"""

from dataclasses import dataclass, field
from enum import StrEnum

# --- Vocabulary ------------------------------------------------------------

EMERGENCY_FLAGS = frozenset(
    {
        "saddle-numbness",
        "bladder-bowel",
        "both-legs-weak",
        "stroke-signs",
        "chest-pain",
        "serious-accident",
        "gabapentinoid-drowsy",
        "baclofen-stopped",
    }
)
URGENT_FLAGS = frozenset(
    {
        "fever",
        "worsening-weakness",
        "clumsy-hands",
        "cancer-history",
        "weight-loss",
        "night-pain",
    }
)
RED_FLAGS = EMERGENCY_FLAGS | URGENT_FLAGS

# In the order the question lists them, which is also how the result quotes them.
NERVE_FEELING_ORDER = ("burning", "shooting", "tingling", "numbness", "light-touch", "cold")
MUSCLE_FEELING_ORDER = ("aching", "stiff", "spasms", "tender", "movement")
NERVE_FEELINGS = frozenset(NERVE_FEELING_ORDER)
MUSCLE_FEELINGS = frozenset(MUSCLE_FEELING_ORDER)
SPASTIC_FEELINGS = frozenset({"stiff", "spasms"})

AREAS = frozenset(
    {"neck", "arm", "upper-back", "lower-back", "leg", "feet-hands", "face", "all-over"}
)
FEELINGS = NERVE_FEELINGS | MUSCLE_FEELINGS | {"not-sure"}
DURATIONS = frozenset({"under-6-weeks", "6-to-12-weeks", "over-3-months", "not-sure"})
HISTORY = frozenset({"injury", "shingles", "diabetes", "spasticity", "cancer-treatment", "none"})
AGE_GROUPS = frozenset({"under-18", "18-to-64", "65-plus"})
HEALTH = frozenset(
    {
        "pregnancy",
        "kidney",
        "liver",
        "breathing",
        "epilepsy",
        "heart-rhythm",
        "glaucoma-urine",
        "substance-use",
        "driving",
        "none",
    }
)
MEDICINES = frozenset(
    {
        "opioids",
        "sedatives",
        "antidepressants",
        "maoi",
        "cipro-fluvoxamine",
        "muscle-relaxer",
        "gabapentinoid",
        "alcohol",
        "none",
    }
)


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"


class Pattern(StrEnum):
    NERVE = "nerve"
    MUSCLE = "muscle"
    MIXED = "mixed"
    SPASTICITY = "spasticity"
    UNCLEAR = "unclear"


class Situation(StrEnum):
    """A kind of pain with its own evidence and guidance."""

    NERVE = "nerve"
    TRIGEMINAL = "trigeminal"
    SCIATICA = "sciatica"
    MUSCLE_SHORT = "muscle-short"
    MUSCLE_LONG = "muscle-long"
    SPASTICITY = "spasticity"
    UNCLEAR = "unclear"


class Evidence(StrEnum):
    """Plain evidence labels, from most to least supportive."""

    WORKS_FOR_MANY = "works-for-many"
    HELPS_SOME = "helps-some"
    LITTLE = "little-evidence"
    DOES_NOT_HELP = "does-not-help"


# --- Inputs and outputs ------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Answers:
    """Everything the person told the guide, as codes from the vocabulary above."""

    red_flags: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    feelings: frozenset[str] = frozenset()
    duration: str = "not-sure"
    history: frozenset[str] = frozenset()
    age_group: str = "18-to-64"
    health: frozenset[str] = frozenset()
    medicines: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Assessment:
    """How well one medicine group works for one situation, and the note saying why."""

    situation: Situation
    evidence: Evidence
    note: str


@dataclass(frozen=True)
class GroupAdvice:
    """A medicine group doctors may consider (or that evidence advises against)."""

    group: str
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class Reason:
    """One answer that led to the pattern: the question's field and the chosen code."""

    field: str
    code: str


@dataclass(frozen=True)
class Outcome:
    urgency: Urgency
    pattern: Pattern | None
    situations: tuple[Situation, ...] = ()
    reasons: tuple[Reason, ...] = ()
    medicine_groups: tuple[GroupAdvice, ...] = ()
    cautions: tuple[str, ...] = ()
    questions: tuple[str, ...] = field(default=())
    red_flags: tuple[str, ...] = ()

    @property
    def is_emergency(self):
        return self.urgency is Urgency.EMERGENCY

    @property
    def is_urgent(self):
        return self.urgency is Urgency.URGENT


# --- Medicine groups by situation -------------------------------------------
# Each row: (group slug, evidence label, note key in content/result.toml).
# The first rows are what guidelines suggest first. Sources are on each note.

E = Evidence

GROUPS_BY_SITUATION = {
    # NICE CG173 (2013, updated 2020): a choice of amitriptyline, duloxetine,
    # gabapentin or pregabalin; capsaicin cream for pain in one small area.
    Situation.NERVE: (
        ("tricyclic-antidepressants", E.HELPS_SOME, "nerve/tricyclic-antidepressants"),
        ("snris", E.HELPS_SOME, "nerve/snris"),
        ("gabapentinoids", E.HELPS_SOME, "nerve/gabapentinoids"),
        ("topical-treatments", E.HELPS_SOME, "nerve/topical-treatments"),
        ("antispasmodic-muscle-relaxers", E.LITTLE, "nerve/antispasmodic-muscle-relaxers"),
    ),
    # NICE CKS and CG173: carbamazepine first for trigeminal neuralgia.
    Situation.TRIGEMINAL: (
        (
            "sodium-channel-anticonvulsants",
            E.WORKS_FOR_MANY,
            "trigeminal/sodium-channel-anticonvulsants",
        ),
        ("antispasticity-medicines", E.LITTLE, "trigeminal/antispasticity-medicines"),
    ),
    # NICE NG59 (2020 update): do not offer gabapentinoids, other antiepileptics
    # or benzodiazepines for sciatica; no evidence either way for antidepressants.
    Situation.SCIATICA: (
        ("gabapentinoids", E.DOES_NOT_HELP, "sciatica/gabapentinoids"),
        (
            "sodium-channel-anticonvulsants",
            E.DOES_NOT_HELP,
            "sciatica/sodium-channel-anticonvulsants",
        ),
        ("benzodiazepines", E.DOES_NOT_HELP, "sciatica/benzodiazepines"),
        ("tricyclic-antidepressants", E.LITTLE, "sciatica/tricyclic-antidepressants"),
        ("snris", E.LITTLE, "sciatica/snris"),
        ("antispasmodic-muscle-relaxers", E.LITTLE, "sciatica/antispasmodic-muscle-relaxers"),
    ),
    # ACP 2017, NICE NG59, Cashin 2021, Friedman 2017.
    Situation.MUSCLE_SHORT: (
        ("nsaids", E.HELPS_SOME, "muscle-short/nsaids"),
        (
            "antispasmodic-muscle-relaxers",
            E.HELPS_SOME,
            "muscle-short/antispasmodic-muscle-relaxers",
        ),
        ("benzodiazepines", E.DOES_NOT_HELP, "muscle-short/benzodiazepines"),
        ("gabapentinoids", E.LITTLE, "muscle-short/gabapentinoids"),
        ("antispasticity-medicines", E.LITTLE, "muscle-short/antispasticity-medicines"),
    ),
    # Oldfield 2024, NICE NG59, ACP 2017.
    Situation.MUSCLE_LONG: (
        ("nsaids", E.HELPS_SOME, "muscle-long/nsaids"),
        (
            "antispasmodic-muscle-relaxers",
            E.DOES_NOT_HELP,
            "muscle-long/antispasmodic-muscle-relaxers",
        ),
        ("gabapentinoids", E.LITTLE, "muscle-long/gabapentinoids"),
        ("benzodiazepines", E.LITTLE, "muscle-long/benzodiazepines"),
        ("antispasticity-medicines", E.LITTLE, "muscle-long/antispasticity-medicines"),
    ),
    # Baclofen or tizanidine; diazepam also eases spasticity, with more side
    # effects (Paisley 2002). Muscle relaxers for spasm are not shown to help.
    Situation.SPASTICITY: (
        ("antispasticity-medicines", E.HELPS_SOME, "spasticity/antispasticity-medicines"),
        ("benzodiazepines", E.HELPS_SOME, "spasticity/benzodiazepines"),
        ("antispasmodic-muscle-relaxers", E.LITTLE, "spasticity/antispasmodic-muscle-relaxers"),
    ),
    Situation.UNCLEAR: (
        ("antispasmodic-muscle-relaxers", E.HELPS_SOME, "unclear/antispasmodic-muscle-relaxers"),
        ("gabapentinoids", E.HELPS_SOME, "unclear/gabapentinoids"),
        ("tricyclic-antidepressants", E.HELPS_SOME, "unclear/tricyclic-antidepressants"),
        ("snris", E.HELPS_SOME, "unclear/snris"),
    ),
}

# Where the evidence is specific to low back pain, the row for a person whose
# pain is in the lower back is replaced or added.
LOW_BACK_ROWS = {
    Situation.MUSCLE_SHORT: {
        "gabapentinoids": ("gabapentinoids", E.DOES_NOT_HELP, "muscle-short/gabapentinoids-back"),
    },
    Situation.MUSCLE_LONG: {
        "gabapentinoids": ("gabapentinoids", E.DOES_NOT_HELP, "muscle-long/gabapentinoids-back"),
        # Guidelines disagree on duloxetine for long-term low back pain (ACP 2017
        # vs NICE NG59), and NICE advises against tricyclics: say both.
        "snris": ("snris", E.HELPS_SOME, "muscle-long/snris-back"),
        "tricyclic-antidepressants": (
            "tricyclic-antidepressants",
            E.LITTLE,
            "muscle-long/tricyclic-antidepressants-back",
        ),
    },
}

# Topical treatments have extra, specific evidence after shingles and in diabetes.
TOPICAL_NOTES = {
    "shingles": "nerve-shingles/topical-treatments",
    "diabetes": "nerve-diabetes/topical-treatments",
}


# --- Cautions -----------------------------------------------------------------
# Each caution depends only on what the person said about themselves, so that
# it appears exactly when its condition holds, whatever the pain pattern.

CAUTIONS = (
    ("age-65-plus", lambda a: a.age_group == "65-plus"),
    ("sedatives-with-gabapentinoids", lambda a: bool(a.medicines & {"opioids", "sedatives"})),
    ("serotonin", lambda a: bool(a.medicines & {"antidepressants", "maoi"})),
    ("maoi", lambda a: "maoi" in a.medicines),
    ("tizanidine-cipro", lambda a: "cipro-fluvoxamine" in a.medicines),
    ("kidney", lambda a: "kidney" in a.health),
    ("liver", lambda a: "liver" in a.health),
    ("breathing", lambda a: "breathing" in a.health),
    ("pregnancy", lambda a: "pregnancy" in a.health),
    ("driving", lambda a: "driving" in a.health),
    ("stopping-muscle-relaxer", lambda a: "muscle-relaxer" in a.medicines),
    ("stopping-gabapentinoid", lambda a: "gabapentinoid" in a.medicines),
    ("alcohol", lambda a: "alcohol" in a.medicines),
    ("substance-use", lambda a: "substance-use" in a.health),
    ("epilepsy", lambda a: "epilepsy" in a.health),
    ("heart-rhythm", lambda a: "heart-rhythm" in a.health),
    ("glaucoma-urine", lambda a: "glaucoma-urine" in a.health),
    ("cancer-treatment", lambda a: "cancer-treatment" in a.history),
)
CAUTION_CODES = tuple(code for code, _ in CAUTIONS)

# --- Questions for the doctor -------------------------------------------------

GENERAL_QUESTIONS = ("what-kind", "non-drug", "how-long", "review", "side-effects-watch")
SITUATION_QUESTIONS = {
    Situation.NERVE: ("nerve-which-first",),
    Situation.TRIGEMINAL: ("trigeminal-specialist",),
    Situation.SCIATICA: ("sciatica-why-not",),
    Situation.MUSCLE_SHORT: ("muscle-how-many-days",),
    Situation.MUSCLE_LONG: ("muscle-long-other-options",),
    Situation.SPASTICITY: ("spasticity-dose-stopping",),
    Situation.UNCLEAR: ("unclear-examine",),
}


# --- The rules ----------------------------------------------------------------


def urgency_for(red_flags):
    """Emergency beats urgent beats routine."""
    if red_flags & EMERGENCY_FLAGS:
        return Urgency.EMERGENCY
    if red_flags & URGENT_FLAGS:
        return Urgency.URGENT
    return Urgency.ROUTINE


def nerve_reasons(answers):
    """The answers that point towards nerve-type pain."""
    reasons = [Reason("feelings", code) for code in NERVE_FEELING_ORDER if code in answers.feelings]
    # Pain spreading below the knee, or in both feet or both hands, is typical
    # of a nerve cause; so is pain where shingles was.
    for area in ("leg", "feet-hands"):
        if area in answers.areas:
            reasons.append(Reason("areas", area))
    # Sudden shock-like attacks in the face are typical of trigeminal neuralgia.
    if is_trigeminal_type(answers):
        reasons.append(Reason("areas", "face"))
    if "shingles" in answers.history:
        reasons.append(Reason("history", "shingles"))
    return reasons


def muscle_reasons(answers):
    """The answers that point towards muscle-type pain."""
    reasons = [
        Reason("feelings", code) for code in MUSCLE_FEELING_ORDER if code in answers.feelings
    ]
    if "injury" in answers.history:
        reasons.append(Reason("history", "injury"))
    return reasons


def pain_pattern(answers):
    """What the answers suggest, and the answers that suggest it.

    Two or more signs on one side and at most one on the other decide; two or
    more on both sides is mixed; anything weaker is not clear.
    """
    if "spasticity" in answers.history and answers.feelings & SPASTIC_FEELINGS:
        reasons = [Reason("history", "spasticity")]
        reasons += [
            Reason("feelings", code) for code in sorted(answers.feelings & SPASTIC_FEELINGS)
        ]
        return Pattern.SPASTICITY, tuple(reasons)
    nerve = nerve_reasons(answers)
    muscle = muscle_reasons(answers)
    if len(nerve) >= 2 and len(muscle) >= 2:
        return Pattern.MIXED, tuple(nerve + muscle)
    if len(nerve) >= 2:
        return Pattern.NERVE, tuple(nerve)
    if len(muscle) >= 2:
        return Pattern.MUSCLE, tuple(muscle)
    return Pattern.UNCLEAR, tuple(nerve + muscle)


def is_trigeminal_type(answers):
    """Sudden shock-like pain in the face: the pattern of trigeminal neuralgia."""
    return "face" in answers.areas and "shooting" in answers.feelings


def is_sciatica_type(answers):
    """Nerve-type pain going below the knee, not better explained by shingles or diabetes."""
    if "leg" not in answers.areas or "shingles" in answers.history:
        return False
    return not ("diabetes" in answers.history and "feet-hands" in answers.areas)


def has_low_back_pain(answers):
    """Pain in the lower back: where the low back pain evidence and NICE NG59 apply."""
    return "lower-back" in answers.areas


def situations_for(pattern, answers):
    """The situations whose evidence applies, most specific first."""
    if pattern is Pattern.SPASTICITY:
        return (Situation.SPASTICITY,)
    if pattern is Pattern.UNCLEAR:
        return (Situation.UNCLEAR,)
    situations = []
    if pattern in (Pattern.NERVE, Pattern.MIXED):
        if is_trigeminal_type(answers):
            situations.append(Situation.TRIGEMINAL)
        if is_sciatica_type(answers):
            situations.append(Situation.SCIATICA)
        elif not is_trigeminal_type(answers) or answers.areas - {"face"}:
            situations.append(Situation.NERVE)
    if pattern in (Pattern.MUSCLE, Pattern.MIXED):
        if answers.duration == "over-3-months":
            situations.append(Situation.MUSCLE_LONG)
        else:
            situations.append(Situation.MUSCLE_SHORT)
    return tuple(situations)


def rows_for(situation, answers):
    rows = list(GROUPS_BY_SITUATION[situation])
    if has_low_back_pain(answers) and situation in LOW_BACK_ROWS:
        replacements = LOW_BACK_ROWS[situation]
        rows = [replacements.get(group, (group, evidence, note)) for group, evidence, note in rows]
        present = {group for group, _, _ in rows}
        rows += [row for group, row in replacements.items() if group not in present]
    if situation is Situation.NERVE:
        for history, note in TOPICAL_NOTES.items():
            if history in answers.history:
                rows = [
                    (group, evidence, note if group == "topical-treatments" else row_note)
                    for group, evidence, row_note in rows
                ]
    return rows


EVIDENCE_ORDER = tuple(Evidence)


def medicine_groups_for(situations, answers):
    """Each group once, with one assessment per situation.

    What may help comes first and what evidence advises against comes last;
    groups with equal evidence keep the guideline's order.
    """
    assessments = {}
    for situation in situations:
        for group, evidence, note in rows_for(situation, answers):
            assessments.setdefault(group, []).append(Assessment(situation, evidence, note))
    groups = [GroupAdvice(group, tuple(items)) for group, items in assessments.items()]
    groups.sort(
        key=lambda advice: min(EVIDENCE_ORDER.index(a.evidence) for a in advice.assessments)
    )
    return tuple(groups)


def cautions_for(answers):
    """The cautions this person's answers call for, in a fixed order."""
    return tuple(code for code, applies in CAUTIONS if applies(answers))


def questions_for(urgency, situations, answers, cautions):
    questions = []
    if urgency is Urgency.URGENT:
        questions.append("urgent-tell")
    questions += GENERAL_QUESTIONS
    for situation in situations:
        questions += SITUATION_QUESTIONS[situation]
    if Situation.MUSCLE_LONG in situations and has_low_back_pain(answers):
        questions.append("guidelines-disagree")
    # Each caution brings its own question (content: cautions.<code>.question).
    questions += [f"caution:{code}" for code in cautions]
    return tuple(dict.fromkeys(questions))


def assess(answers):
    """The whole decision: Answers in, Outcome out."""
    urgency = urgency_for(answers.red_flags)
    flags = tuple(sorted(answers.red_flags & RED_FLAGS))
    if urgency is Urgency.EMERGENCY:
        # Nothing about medicines: the only thing that matters is getting help.
        return Outcome(
            urgency=urgency,
            pattern=None,
            questions=("emergency-tell",),
            red_flags=tuple(sorted(answers.red_flags & EMERGENCY_FLAGS)),
        )
    pattern, reasons = pain_pattern(answers)
    situations = situations_for(pattern, answers)
    cautions = cautions_for(answers)
    return Outcome(
        urgency=urgency,
        pattern=pattern,
        situations=situations,
        reasons=reasons,
        medicine_groups=medicine_groups_for(situations, answers),
        cautions=cautions,
        questions=questions_for(urgency, situations, answers, cautions),
        red_flags=flags,
    )
