"""The guide's decision logic: Answers in, Outcome out.

Pure Python with no Django import, so that every rule can be tested as a table
and as a property without a database or a request. The words a person reads
live in content/*.toml; this module deals only in codes.

Order of precedence, which the tests pin down:
1. Any emergency sign (ticked, or worked out from the answers, such as cancer
   with a new nerve sign) gives the emergency outcome and nothing else.
2. Any urgent sign makes the outcome urgent (it still explains the pain, after
   the "be seen today" page).
3. Otherwise the answers pick the situations (several can apply at once), the
   situations pick the medicine groups and their evidence labels, and the
   person's own answers pick the cautions. A caution can change a group's
   advice in place: "avoid" takes the group out of "may consider" for this
   person; "check" keeps it there with a warning on its card.

Nothing here diagnoses: a pattern is "what the answers suggest". See
docs/adr/0008-situations-and-card-rules.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

# --- Vocabulary ------------------------------------------------------------

# Signs on the first screen, asked of everyone.
SCREEN_EMERGENCY_FLAGS = frozenset(
    {
        "saddle-numbness",
        "bladder-bowel",
        "both-legs-weak",
        "stroke-signs",
        "chest-pain",
        "meningitis",
        "aaa",
        "serious-accident",
        "gabapentinoid-drowsy",
        "baclofen-stopped",
    }
)
SCREEN_URGENT_FLAGS = frozenset(
    {
        "fever",
        "worsening-weakness",
        "clumsy-hands",
        "cancer-history",
        "weight-loss",
        "night-pain",
        "back-lump",
        "cough-strain",
        "fracture-risk",
        "infection-risk",
    }
)

# Signs asked on a page of their own, only where the answers make them relevant:
# {group: (signs in the order shown)}.
AREA_SIGNS = {
    "face": ("gca-sight", "face-numbness", "face-sight-hearing", "gca", "shingles-eye"),
    "diabetes": ("diabetic-foot",),
    "spinal-cord": ("autonomic-dysreflexia",),
}
AREA_EMERGENCY_FLAGS = frozenset({"gca-sight", "diabetic-foot", "autonomic-dysreflexia"})
AREA_URGENT_FLAGS = frozenset({"face-numbness", "face-sight-hearing", "gca", "shingles-eye"})


def area_sign_groups(answers: "Answers") -> tuple[str, ...]:
    """The groups of extra signs this person should be asked about, in order."""
    relevant = {
        "face": "face" in answers.areas,
        "diabetes": "diabetes" in answers.history,
        # MS, spinal cord injury, stroke or cerebral palsy: the sign itself says
        # "if you have a spinal cord injury".
        "spinal-cord": "spasticity" in answers.history,
    }
    return tuple(group for group in AREA_SIGNS if relevant[group])


# Signs nobody ticks: worked out from the answers together.
DERIVED_EMERGENCY_FLAGS = frozenset({"cancer-nerve-signs"})
DERIVED_URGENT_FLAGS = frozenset({"cancer-spine", "upper-back-new"})

EMERGENCY_FLAGS = SCREEN_EMERGENCY_FLAGS | AREA_EMERGENCY_FLAGS
URGENT_FLAGS = SCREEN_URGENT_FLAGS | AREA_URGENT_FLAGS
# Everything a person can tick.
RED_FLAGS = EMERGENCY_FLAGS | URGENT_FLAGS
SCREEN_FLAGS = SCREEN_EMERGENCY_FLAGS | SCREEN_URGENT_FLAGS
ALL_EMERGENCY_FLAGS = EMERGENCY_FLAGS | DERIVED_EMERGENCY_FLAGS
ALL_URGENT_FLAGS = URGENT_FLAGS | DERIVED_URGENT_FLAGS

# In the order the question lists them, which is also how the result quotes them.
NERVE_FEELING_ORDER = ("burning", "shooting", "tingling", "numbness", "light-touch", "cold")
MUSCLE_FEELING_ORDER = ("aching", "stiff", "spasms", "tender", "movement")
NERVE_FEELINGS = frozenset(NERVE_FEELING_ORDER)
MUSCLE_FEELINGS = frozenset(MUSCLE_FEELING_ORDER)
SPASTIC_FEELINGS = frozenset({"stiff", "spasms"})
# Feelings that, with back or neck pain, are a nerve sign (NICE NG234).
NERVE_SIGN_FEELINGS = frozenset({"shooting", "tingling", "numbness"})

AREAS = frozenset(
    {"neck", "arm", "upper-back", "lower-back", "leg", "feet-hands", "face", "all-over"}
)
SPINE_AREAS = frozenset({"neck", "upper-back", "lower-back"})
LIMB_AREAS = frozenset({"arm", "leg"})
# Where muscle and joint pain is usual, so that the muscle evidence applies even
# when the answers do not point clearly one way.
MUSCULOSKELETAL_AREAS = frozenset({"neck", "arm", "upper-back", "lower-back", "all-over"})
FEELINGS = NERVE_FEELINGS | MUSCLE_FEELINGS | {"not-sure"}
DURATIONS = frozenset({"under-6-weeks", "6-to-12-weeks", "over-3-months", "not-sure"})
HISTORY = frozenset({"injury", "shingles", "diabetes", "spasticity", "cancer-treatment", "none"})
AGE_GROUPS = frozenset({"under-18", "18-to-64", "65-plus"})
HEALTH = frozenset(
    {
        "pregnancy",
        "breastfeeding",
        "kidney",
        "liver",
        "heart-disease",
        "heart-rhythm",
        "ulcer-bleeding",
        "asthma",
        "breathing",
        "epilepsy",
        "glaucoma-urine",
        "fall",
        "substance-use",
        "driving",
        "none",
        "not-sure",
    }
)
MEDICINES = frozenset(
    {
        "opioids",
        "sedatives",
        "antidepressants",
        "maoi",
        "blood-thinner",
        "cipro-fluvoxamine",
        "muscle-relaxer",
        "gabapentinoid",
        "alcohol",
        "none",
        "not-sure",
    }
)

GROUPS = (
    "nsaids",
    "antispasmodic-muscle-relaxers",
    "antispasticity-medicines",
    "benzodiazepines",
    "gabapentinoids",
    "tricyclic-antidepressants",
    "snris",
    "sodium-channel-anticonvulsants",
    "topical-treatments",
    "oral-steroids",
)


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"


class Pattern(StrEnum):
    NERVE = "nerve"
    MUSCLE = "muscle"
    MIXED = "mixed"
    WIDESPREAD = "widespread"
    SPASTICITY = "spasticity"
    UNCLEAR = "unclear"


class Situation(StrEnum):
    """A kind of pain with its own evidence and guidance."""

    TRIGEMINAL = "trigeminal"
    SHINGLES = "shingles"
    CHEMO_NEUROPATHY = "chemo-neuropathy"
    POLYNEUROPATHY = "polyneuropathy"
    SCIATICA = "sciatica"
    ARM_NERVE = "arm-nerve"
    NERVE = "nerve"
    WIDESPREAD = "widespread"
    MUSCLE_SHORT = "muscle-short"
    MUSCLE_LONG = "muscle-long"
    SPASTICITY = "spasticity"
    UNCLEAR = "unclear"


NERVE_SITUATIONS = frozenset(
    {
        Situation.TRIGEMINAL,
        Situation.SHINGLES,
        Situation.CHEMO_NEUROPATHY,
        Situation.POLYNEUROPATHY,
        Situation.SCIATICA,
        Situation.ARM_NERVE,
        Situation.NERVE,
    }
)


class Evidence(StrEnum):
    """Plain evidence labels, from most to least supportive."""

    WORKS_FOR_MANY = "works-for-many"
    HELPS_SOME = "helps-some"
    LITTLE = "little-evidence"
    DOES_NOT_HELP = "does-not-help"


SUPPORTIVE = frozenset({Evidence.WORKS_FOR_MANY, Evidence.HELPS_SOME})


class Fit(StrEnum):
    """How a caution changes a medicine group's advice for this person."""

    AVOID = "avoid"  # not advised for them: the group leaves "may consider"
    CHECK = "check"  # may still be considered; the card says what to check


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
class Row:
    """One line of a situation's table: how well a group works, and the note saying why.

    ``later`` marks a later choice: supported by evidence, but only tried when the
    first choices have not helped (it is shown after them, and its note says so).
    """

    group: str
    evidence: Evidence
    note: str
    later: bool = False


@dataclass(frozen=True)
class Assessment:
    """How well one medicine group works for one situation, and the note saying why."""

    situation: Situation
    evidence: Evidence
    note: str
    later: bool = False


@dataclass(frozen=True)
class CardWarning:
    """A caution printed on a group's card: its content key and how it changes the advice."""

    key: str
    fit: Fit


@dataclass(frozen=True)
class GroupAdvice:
    """A medicine group doctors may consider (or that evidence or a caution advises against)."""

    group: str
    assessments: tuple[Assessment, ...]
    warnings: tuple[CardWarning, ...] = ()

    @property
    def supported(self) -> bool:
        """For some part of this person's pain, the evidence says it helps some or many."""
        return any(a.evidence in SUPPORTIVE for a in self.assessments)

    @property
    def avoid(self) -> bool:
        """Something about this person makes the group not advised for them."""
        return any(w.fit is Fit.AVOID for w in self.warnings)

    @property
    def may_consider(self) -> bool:
        return self.supported and not self.avoid


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
    questions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.urgency is Urgency.EMERGENCY

    @property
    def is_urgent(self) -> bool:
        return self.urgency is Urgency.URGENT


# --- Medicine groups by situation -------------------------------------------
# The first rows are what guidelines suggest first. Sources are on each note.

E = Evidence
R = Row

ANTISPASMODIC_NERVE = R(
    "antispasmodic-muscle-relaxers", E.LITTLE, "nerve/antispasmodic-muscle-relaxers"
)
# NICE CG173 (2013, updated 2020): a choice of amitriptyline, duloxetine,
# gabapentin or pregabalin for nerve pain (except trigeminal neuralgia).
CG173_FIRST_CHOICES = (
    R("tricyclic-antidepressants", E.HELPS_SOME, "nerve/tricyclic-antidepressants"),
    R("snris", E.HELPS_SOME, "nerve/snris"),
    R("gabapentinoids", E.HELPS_SOME, "nerve/gabapentinoids"),
)
# Capsaicin cream: Cochrane (Derry and Moore 2012) found no meaningful effect.
TOPICAL_LITTLE = R("topical-treatments", E.LITTLE, "nerve/topical-treatments")

GROUPS_BY_SITUATION = {
    Situation.NERVE: (*CG173_FIRST_CHOICES, TOPICAL_LITTLE, ANTISPASMODIC_NERVE),
    # Both feet or both hands: CG173; the capsaicin 8% patch is approved in the US
    # for diabetic nerve pain in the feet (see DIABETES_TOPICAL below).
    Situation.POLYNEUROPATHY: (*CG173_FIRST_CHOICES, TOPICAL_LITTLE, ANTISPASMODIC_NERVE),
    # ASCO 2020 (Loprinzi): duloxetine is the only medicine with enough evidence.
    Situation.CHEMO_NEUROPATHY: (
        R("snris", E.HELPS_SOME, "chemo/snris"),
        R("tricyclic-antidepressants", E.LITTLE, "chemo/tricyclic-antidepressants"),
        R("gabapentinoids", E.LITTLE, "chemo/gabapentinoids"),
        ANTISPASMODIC_NERVE,
    ),
    # Post-herpetic neuralgia, anywhere including the face: CG173, plus lidocaine
    # plasters and the capsaicin 8% patch (NeuPSIG second line).
    Situation.SHINGLES: (
        *CG173_FIRST_CHOICES,
        R("topical-treatments", E.HELPS_SOME, "nerve-shingles/topical-treatments"),
        ANTISPASMODIC_NERVE,
    ),
    # One arm: CG173 covers it, with the caveat that its trials were in other nerve pain.
    Situation.ARM_NERVE: (
        R("tricyclic-antidepressants", E.HELPS_SOME, "arm-nerve/tricyclic-antidepressants"),
        R("snris", E.HELPS_SOME, "arm-nerve/snris"),
        R("gabapentinoids", E.HELPS_SOME, "arm-nerve/gabapentinoids"),
        TOPICAL_LITTLE,
        ANTISPASMODIC_NERVE,
    ),
    # NICE CKS and CG173: carbamazepine first for trigeminal neuralgia.
    Situation.TRIGEMINAL: (
        R(
            "sodium-channel-anticonvulsants",
            E.WORKS_FOR_MANY,
            "trigeminal/sodium-channel-anticonvulsants",
        ),
        R("antispasticity-medicines", E.LITTLE, "trigeminal/antispasticity-medicines"),
    ),
    # NICE NG59 (2020 update): do not offer gabapentinoids, other antiepileptics,
    # oral corticosteroids or benzodiazepines for sciatica; no evidence either way
    # for antidepressants.
    Situation.SCIATICA: (
        R("gabapentinoids", E.DOES_NOT_HELP, "sciatica/gabapentinoids"),
        R(
            "sodium-channel-anticonvulsants",
            E.DOES_NOT_HELP,
            "sciatica/sodium-channel-anticonvulsants",
        ),
        R("oral-steroids", E.DOES_NOT_HELP, "sciatica/oral-steroids"),
        R("benzodiazepines", E.DOES_NOT_HELP, "sciatica/benzodiazepines"),
        R("nsaids", E.LITTLE, "sciatica/nsaids"),
        R("tricyclic-antidepressants", E.LITTLE, "sciatica/tricyclic-antidepressants"),
        R("snris", E.LITTLE, "sciatica/snris"),
        R("antispasmodic-muscle-relaxers", E.LITTLE, "sciatica/antispasmodic-muscle-relaxers"),
    ),
    # Not in the lower back (LOW_BACK_ROWS replace these there): the trials were
    # mostly in low back pain, so the honest label elsewhere is "little evidence".
    Situation.MUSCLE_SHORT: (
        R("nsaids", E.HELPS_SOME, "muscle-short/nsaids"),
        R(
            "antispasmodic-muscle-relaxers",
            E.LITTLE,
            "muscle-short/antispasmodic-muscle-relaxers",
        ),
        R("benzodiazepines", E.LITTLE, "muscle-short/benzodiazepines"),
        R("gabapentinoids", E.LITTLE, "muscle-short/gabapentinoids"),
        R("antispasticity-medicines", E.LITTLE, "muscle-short/antispasticity-medicines"),
    ),
    # Oldfield 2024, ACP 2017.
    Situation.MUSCLE_LONG: (
        R("nsaids", E.HELPS_SOME, "muscle-long/nsaids"),
        R("antispasmodic-muscle-relaxers", E.LITTLE, "muscle-long/antispasmodic-muscle-relaxers"),
        R("gabapentinoids", E.LITTLE, "muscle-long/gabapentinoids"),
        R("benzodiazepines", E.LITTLE, "muscle-long/benzodiazepines"),
        R("antispasticity-medicines", E.LITTLE, "muscle-long/antispasticity-medicines"),
    ),
    # NICE NG193 (2021), chronic primary pain: consider an antidepressant; do not
    # start gabapentinoids, NSAIDs or benzodiazepines. Oldfield 2024: muscle
    # relaxers no better than placebo for fibromyalgia.
    Situation.WIDESPREAD: (
        R("tricyclic-antidepressants", E.HELPS_SOME, "widespread/tricyclic-antidepressants"),
        R("snris", E.HELPS_SOME, "widespread/snris"),
        R("gabapentinoids", E.DOES_NOT_HELP, "widespread/gabapentinoids"),
        R("nsaids", E.DOES_NOT_HELP, "widespread/nsaids"),
        R("benzodiazepines", E.DOES_NOT_HELP, "widespread/benzodiazepines"),
        R(
            "antispasmodic-muscle-relaxers",
            E.DOES_NOT_HELP,
            "widespread/antispasmodic-muscle-relaxers",
        ),
    ),
    # NICE NG220 (2022): oral baclofen or gabapentin first; tizanidine or dantrolene
    # second; benzodiazepines only later (Otero-Romero 2016, Paisley 2002).
    Situation.SPASTICITY: (
        R("antispasticity-medicines", E.HELPS_SOME, "spasticity/antispasticity-medicines"),
        R("gabapentinoids", E.HELPS_SOME, "spasticity/gabapentinoids"),
        R("benzodiazepines", E.HELPS_SOME, "spasticity/benzodiazepines", later=True),
        R("antispasmodic-muscle-relaxers", E.LITTLE, "spasticity/antispasmodic-muscle-relaxers"),
    ),
    # Not clear which kind: the nerve-pain groups only if a doctor finds nerve pain.
    # Never for low back pain (NICE NG59 says do not offer them there).
    Situation.UNCLEAR: (
        R("gabapentinoids", E.LITTLE, "unclear/gabapentinoids"),
        R("tricyclic-antidepressants", E.LITTLE, "unclear/tricyclic-antidepressants"),
        R("snris", E.LITTLE, "unclear/snris"),
    ),
}

# Where the evidence is specific to low back pain (ACP 2017, NICE NG59 2020,
# Cashin 2021, Friedman 2017 and 2019, Oldfield 2024), the rows for a person
# whose pain is in the lower back replace or add to the general ones.
LOW_BACK_ROWS = {
    Situation.MUSCLE_SHORT: (
        R("nsaids", E.HELPS_SOME, "muscle-short/nsaids-back"),
        R(
            "antispasmodic-muscle-relaxers",
            E.LITTLE,
            "muscle-short/antispasmodic-muscle-relaxers-back",
        ),
        R("benzodiazepines", E.DOES_NOT_HELP, "muscle-short/benzodiazepines-back"),
        R("gabapentinoids", E.DOES_NOT_HELP, "muscle-short/gabapentinoids-back"),
        R(
            "antispasticity-medicines",
            E.DOES_NOT_HELP,
            "muscle-short/antispasticity-medicines-back",
        ),
        R(
            "tricyclic-antidepressants",
            E.DOES_NOT_HELP,
            "muscle-short/tricyclic-antidepressants-back",
        ),
        R("snris", E.DOES_NOT_HELP, "muscle-short/snris-back"),
    ),
    Situation.MUSCLE_LONG: (
        R("nsaids", E.HELPS_SOME, "muscle-long/nsaids-back"),
        R(
            "antispasmodic-muscle-relaxers",
            E.DOES_NOT_HELP,
            "muscle-long/antispasmodic-muscle-relaxers-back",
        ),
        R("gabapentinoids", E.DOES_NOT_HELP, "muscle-long/gabapentinoids-back"),
        # Guidelines disagree on duloxetine for long-term low back pain (ACP 2017
        # for, NICE NG59 against): the note says both.
        R("snris", E.HELPS_SOME, "muscle-long/snris-back"),
        R(
            "tricyclic-antidepressants",
            E.DOES_NOT_HELP,
            "muscle-long/tricyclic-antidepressants-back",
        ),
    ),
}

DIABETES_TOPICAL = R(
    "topical-treatments", E.HELPS_SOME, "polyneuropathy-diabetes/topical-treatments"
)
# Carbamazepine is for trigeminal neuralgia, not for face pain after shingles.
SHINGLES_FACE_ROW = R(
    "sodium-channel-anticonvulsants", E.LITTLE, "shingles/sodium-channel-anticonvulsants"
)


# --- Cautions -----------------------------------------------------------------
# Each caution depends only on what the person said about themselves, so that
# it appears exactly when its condition holds, whatever the pain pattern.


# A caution's or card rule's condition: a function of the Answers giving a bool.
Condition = Callable[["Answers"], bool]


def _health(code: str) -> Condition:
    return lambda a: code in a.health


def _medicine(*codes: str) -> Condition:
    return lambda a: bool(a.medicines & set(codes))


def is_older(a: Answers) -> bool:
    return a.age_group == "65-plus"


CAUTIONS = (
    ("pregnancy", _health("pregnancy")),
    ("breastfeeding", _health("breastfeeding")),
    ("maoi", _medicine("maoi")),
    ("age-65-plus", is_older),
    ("fall", _health("fall")),
    ("sedatives-with-gabapentinoids", _medicine("opioids", "sedatives")),
    ("serotonin", _medicine("antidepressants", "maoi")),
    ("blood-thinner", _medicine("blood-thinner")),
    ("tizanidine-cipro", _medicine("cipro-fluvoxamine")),
    ("kidney", _health("kidney")),
    ("liver", _health("liver")),
    ("heart-disease", _health("heart-disease")),
    ("ulcer-bleeding", _health("ulcer-bleeding")),
    ("asthma", _health("asthma")),
    ("breathing", _health("breathing")),
    ("driving", _health("driving")),
    ("stopping-muscle-relaxer", _medicine("muscle-relaxer")),
    ("stopping-gabapentinoid", _medicine("gabapentinoid")),
    ("alcohol", _medicine("alcohol")),
    ("substance-use", _health("substance-use")),
    ("epilepsy", _health("epilepsy")),
    ("heart-rhythm", _health("heart-rhythm")),
    ("glaucoma-urine", _health("glaucoma-urine")),
    ("cancer-treatment", lambda a: "cancer-treatment" in a.history),
    ("unsure-health", _health("not-sure")),
    ("unsure-medicines", _medicine("not-sure")),
)
CAUTION_CODES = tuple(code for code, _ in CAUTIONS)


# --- Cautions that change a group's advice ----------------------------------
# (key, groups, fit, condition). The card warning's words are content:
# card-warnings."<key>/<group>". Sources: NHS and UKTIS on NSAIDs in pregnancy,
# FDA 2020; US labels for MAOI contraindications; Beers 2023 for 65 and over;
# FDA 2016 (opioids with benzodiazepines) and 2019 (gabapentinoids); NHS ibuprofen.

NSAIDS = frozenset({"nsaids"})
ANTISPASMODIC = frozenset({"antispasmodic-muscle-relaxers"})
ANTISPASTICITY = frozenset({"antispasticity-medicines"})
BENZODIAZEPINES = frozenset({"benzodiazepines"})
GABAPENTINOIDS = frozenset({"gabapentinoids"})
TCAS = frozenset({"tricyclic-antidepressants"})
SNRIS = frozenset({"snris"})
SODIUM_CHANNEL = frozenset({"sodium-channel-anticonvulsants"})
ANTIDEPRESSANT_GROUPS = TCAS | SNRIS


NEW_PAIN = frozenset({"under-6-weeks", "6-to-12-weeks"})


def is_long_term(a: Answers) -> bool:
    return a.duration == "over-3-months"


@dataclass(frozen=True)
class CardRule:
    key: str
    groups: frozenset[str]
    fit: Fit
    applies: Condition


def _rule(
    key: str,
    groups: frozenset[str] | tuple[str, ...],
    fit: Fit,
    applies: Callable[["Answers"], bool],
) -> CardRule:
    return CardRule(key, frozenset(groups), fit, applies)


A, C = Fit.AVOID, Fit.CHECK
CARD_RULES = (
    # Pregnancy: NSAIDs not advised (and never from 20 weeks without medical advice);
    # muscle relaxers and diazepam: ask the midwife or doctor; carbamazepine can
    # harm an unborn baby.
    _rule(
        "pregnancy",
        NSAIDS | ANTISPASMODIC | BENZODIAZEPINES | SODIUM_CHANNEL,
        A,
        _health("pregnancy"),
    ),
    _rule(
        "pregnancy",
        GABAPENTINOIDS | TCAS | SNRIS | ANTISPASTICITY | {"topical-treatments", "oral-steroids"},
        C,
        _health("pregnancy"),
    ),
    _rule("breastfeeding", GROUPS, C, _health("breastfeeding")),
    # MAOIs: tricyclics, SNRIs and carbamazepine are contraindicated (US labels);
    # so is cyclobenzaprine, one of several muscle relaxers.
    _rule("maoi", TCAS | SNRIS | SODIUM_CHANNEL, A, _medicine("maoi")),
    _rule("maoi", ANTISPASMODIC, C, _medicine("maoi")),
    _rule("kidney", NSAIDS, A, _health("kidney")),
    _rule("kidney", GABAPENTINOIDS | ANTISPASTICITY, C, _health("kidney")),
    _rule("heart-disease", NSAIDS, A, _health("heart-disease")),
    _rule("heart-disease", ANTISPASMODIC | TCAS, C, _health("heart-disease")),
    _rule(
        "bleeding",
        NSAIDS,
        A,
        lambda a: "ulcer-bleeding" in a.health or "blood-thinner" in a.medicines,
    ),
    # Beers 2023, 65 and over.
    _rule("older", ANTISPASMODIC | BENZODIAZEPINES | TCAS, A, is_older),
    _rule("older", NSAIDS, C, lambda a: is_older(a) and not is_long_term(a)),
    _rule("older-long", NSAIDS, A, lambda a: is_older(a) and is_long_term(a)),
    _rule("older", GABAPENTINOIDS | ANTISPASTICITY | SNRIS, C, is_older),
    # Beers: after a fall, avoid these "unless safer alternatives are not available".
    # For trigeminal neuralgia there is none, so carbamazepine's card warns instead.
    _rule(
        "older-fall",
        GABAPENTINOIDS | TCAS | SNRIS | BENZODIAZEPINES,
        A,
        lambda a: is_older(a) and "fall" in a.health,
    ),
    _rule("older-fall", SODIUM_CHANNEL, C, lambda a: is_older(a) and "fall" in a.health),
    _rule("older-opioids", GABAPENTINOIDS, A, lambda a: is_older(a) and "opioids" in a.medicines),
    # FDA 2016 boxed warning: opioids with benzodiazepines.
    _rule("opioids", BENZODIAZEPINES, A, _medicine("opioids")),
    _rule("sedatives", GABAPENTINOIDS, C, _medicine("opioids", "sedatives")),
    _rule("sedatives", BENZODIAZEPINES, C, _medicine("opioids", "sedatives", "gabapentinoid")),
    # Tramadol (an opioid) with tricyclics or SNRIs: serotonin syndrome and seizures.
    _rule("opioids", TCAS | SNRIS, C, _medicine("opioids")),
    _rule("breathing", BENZODIAZEPINES, A, _health("breathing")),
    _rule("breathing", GABAPENTINOIDS, C, _health("breathing")),
    _rule(
        "antidepressants", TCAS | SNRIS | ANTISPASMODIC | NSAIDS, C, _medicine("antidepressants")
    ),
    # Duloxetine (the SNRI with the evidence) must not be taken with ciprofloxacin or
    # fluvoxamine, nor with liver disease (US label); tizanidine must not be taken with
    # them either, but baclofen, the first choice in its group, may.
    _rule("cipro", SNRIS, A, _medicine("cipro-fluvoxamine")),
    _rule("cipro", ANTISPASTICITY, C, _medicine("cipro-fluvoxamine")),
    _rule("liver", SNRIS, A, _health("liver")),
    _rule("liver", ANTISPASTICITY | ANTISPASMODIC | NSAIDS, C, _health("liver")),
    _rule("asthma", NSAIDS, C, _health("asthma")),
    # Amitriptyline's UK product information: not with heart block or rhythm disorders.
    _rule("heart-rhythm", TCAS, A, _health("heart-rhythm")),
    _rule("heart-rhythm", ANTISPASMODIC, C, _health("heart-rhythm")),
    _rule("glaucoma-urine", TCAS | ANTISPASMODIC, C, _health("glaucoma-urine")),
    _rule("epilepsy", TCAS | ANTISPASTICITY, C, _health("epilepsy")),
    _rule(
        "substance-use",
        GABAPENTINOIDS | ANTISPASMODIC | BENZODIAZEPINES,
        C,
        _health("substance-use"),
    ),
    _rule("alcohol", BENZODIAZEPINES | SNRIS, C, _medicine("alcohol")),
)
del A, C


def card_warning_keys() -> set[str]:
    """Every card-warning content key the rules can produce."""
    return {f"{rule.key}/{group}" for rule in CARD_RULES for group in rule.groups}


def warnings_for(group: str, answers: Answers) -> tuple[CardWarning, ...]:
    """The warnings on one group's card for this person: avoid first, in rule order."""
    found = [
        CardWarning(f"{rule.key}/{group}", rule.fit)
        for rule in CARD_RULES
        if group in rule.groups and rule.applies(answers)
    ]
    return tuple(sorted(found, key=lambda w: w.fit is not Fit.AVOID))


# --- Questions for the doctor -------------------------------------------------

GENERAL_QUESTIONS = ("what-kind", "non-drug", "how-long", "review", "side-effects-watch")
SITUATION_QUESTIONS = {
    Situation.NERVE: ("nerve-which-first",),
    Situation.POLYNEUROPATHY: ("polyneuropathy-cause", "nerve-which-first"),
    Situation.CHEMO_NEUROPATHY: ("chemo-neuropathy-duloxetine",),
    Situation.SHINGLES: ("shingles-skin-treatments", "nerve-which-first"),
    Situation.ARM_NERVE: ("arm-nerve-trapped",),
    Situation.TRIGEMINAL: ("trigeminal-specialist",),
    Situation.SCIATICA: ("sciatica-why-not",),
    Situation.MUSCLE_SHORT: ("muscle-how-many-days",),
    Situation.MUSCLE_LONG: ("muscle-long-other-options",),
    Situation.WIDESPREAD: ("widespread-support",),
    Situation.SPASTICITY: ("spasticity-dose-stopping",),
    Situation.UNCLEAR: ("unclear-examine",),
}


# --- Red flags ----------------------------------------------------------------


def has_cancer(answers: Answers) -> bool:
    return "cancer-history" in answers.red_flags or "cancer-treatment" in answers.history


def derived_flags(answers: Answers) -> frozenset[str]:
    """Signs worked out from several answers together.

    NICE NG234 (2023): a person with cancer and back or neck pain needs to be seen
    within 24 hours, and at once if there is any nerve sign (pain spreading into
    an arm or leg, numbness, tingling, weakness, trouble walking, bladder or
    bowel changes). NHS: new pain in the upper back needs a doctor urgently.
    """
    flags = set()
    # The cancer-history sign itself says "new back or neck pain".
    spine_pain = bool(answers.areas & SPINE_AREAS) or "cancer-history" in answers.red_flags
    if has_cancer(answers):
        nerve_sign = bool(answers.red_flags & {"worsening-weakness", "clumsy-hands"}) or (
            spine_pain
            and bool(answers.areas & LIMB_AREAS or answers.feelings & NERVE_SIGN_FEELINGS)
        )
        if nerve_sign:
            flags.add("cancer-nerve-signs")
        elif spine_pain and "cancer-history" not in answers.red_flags:
            flags.add("cancer-spine")
    if "upper-back" in answers.areas and answers.duration in NEW_PAIN:
        flags.add("upper-back-new")
    return frozenset(flags)


def all_flags(answers: Answers) -> frozenset[str]:
    """The signs ticked (known codes only) and the signs worked out from the answers."""
    return (answers.red_flags & RED_FLAGS) | derived_flags(answers)


def urgency_for(flags: frozenset[str]) -> Urgency:
    """Emergency beats urgent beats routine."""
    if flags & ALL_EMERGENCY_FLAGS:
        return Urgency.EMERGENCY
    if flags & ALL_URGENT_FLAGS:
        return Urgency.URGENT
    return Urgency.ROUTINE


def urgency_of(answers: Answers) -> Urgency:
    return urgency_for(all_flags(answers))


# --- The pain -------------------------------------------------------------------


def has_spasticity(answers: Answers) -> bool:
    """Stiffness or spasms in someone with MS, a spinal cord injury, a stroke or CP."""
    return "spasticity" in answers.history and bool(answers.feelings & SPASTIC_FEELINGS)


def is_trigeminal_type(answers: Answers) -> bool:
    """Sudden shock-like pain in the face, not after shingles: trigeminal neuralgia's pattern."""
    return (
        "face" in answers.areas
        and "shooting" in answers.feelings
        and "shingles" not in answers.history
    )


def is_polyneuropathy_type(answers: Answers) -> bool:
    """Both feet or both hands; or diabetes with leg pain and no back pain."""
    if "feet-hands" in answers.areas:
        return True
    return (
        "diabetes" in answers.history
        and "leg" in answers.areas
        and "lower-back" not in answers.areas
    )


# Conditions that explain nerve pain in a leg better than sciatica does, unless
# there is low back pain too.
LEG_EXPLAINED_BY = frozenset({"diabetes", "cancer-treatment", "spasticity"})


def is_sciatica_type(answers: Answers) -> bool:
    """Nerve-type pain from the back or buttock down one leg (never both feet)."""
    if "leg" not in answers.areas or "shingles" in answers.history:
        return False
    if is_polyneuropathy_type(answers):
        return False
    return "lower-back" in answers.areas or not (answers.history & LEG_EXPLAINED_BY)


def is_arm_nerve_type(answers: Answers) -> bool:
    """Nerve-type pain in one shoulder, arm or hand."""
    return (
        "arm" in answers.areas
        and "feet-hands" not in answers.areas
        and "shingles" not in answers.history
    )


def is_widespread(answers: Answers) -> bool:
    """Pain in many places for more than 3 months (NICE NG193's chronic primary pain)."""
    return "all-over" in answers.areas and is_long_term(answers)


def has_low_back_pain(answers: Answers) -> bool:
    """Pain in the lower back: where the low back pain evidence and NICE NG59 apply."""
    return "lower-back" in answers.areas


def nerve_reasons(answers: Answers) -> list[Reason]:
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


def muscle_reasons(answers: Answers, *, spastic: bool = False) -> list[Reason]:
    """The answers that point towards muscle-type pain.

    For someone with spasticity, stiffness and spasms are explained by it, so
    they do not count towards muscle pain as well.
    """
    ignore = SPASTIC_FEELINGS if spastic else frozenset()
    reasons = [
        Reason("feelings", code)
        for code in MUSCLE_FEELING_ORDER
        if code in answers.feelings and code not in ignore
    ]
    if "injury" in answers.history:
        reasons.append(Reason("history", "injury"))
    return reasons


def spasticity_reasons(answers: Answers) -> list[Reason]:
    reasons = [Reason("history", "spasticity")]
    return reasons + [
        Reason("feelings", code)
        for code in MUSCLE_FEELING_ORDER
        if code in SPASTIC_FEELINGS and code in answers.feelings
    ]


def pain_pattern(answers: Answers) -> tuple[Pattern, tuple[Reason, ...]]:
    """What the answers suggest, and the answers that suggest it.

    Long-term pain all over is its own pattern. Otherwise two or more signs on
    one side and at most one on the other decide; two or more on both sides is
    mixed; anything weaker is not clear. Spasticity is added to any of these,
    and is the pattern itself only when nothing else is clear.
    """
    spastic = has_spasticity(answers)
    nerve = nerve_reasons(answers)
    muscle = muscle_reasons(answers, spastic=spastic)
    if is_widespread(answers):
        pattern = Pattern.WIDESPREAD
        reasons = [Reason("areas", "all-over"), Reason("duration", "over-3-months")]
    elif len(nerve) >= 2 and len(muscle) >= 2:
        pattern, reasons = Pattern.MIXED, nerve + muscle
    elif len(nerve) >= 2:
        pattern, reasons = Pattern.NERVE, nerve
    elif len(muscle) >= 2:
        pattern, reasons = Pattern.MUSCLE, muscle
    else:
        pattern, reasons = Pattern.UNCLEAR, nerve + muscle
    if spastic:
        if pattern is Pattern.UNCLEAR:
            return Pattern.SPASTICITY, tuple(spasticity_reasons(answers))
        reasons = spasticity_reasons(answers) + reasons
    return pattern, tuple(dict.fromkeys(reasons))


def nerve_situations(answers: Answers, *, general: bool = True) -> list[Situation]:
    """The nerve-pain situations the answers describe, most specific first.

    ``general`` allows the catch-all NERVE when nothing more specific fits.
    """
    found = []
    if "shingles" in answers.history:
        found.append(Situation.SHINGLES)
    elif is_trigeminal_type(answers):
        found.append(Situation.TRIGEMINAL)
    if is_polyneuropathy_type(answers) and "shingles" not in answers.history:
        if "cancer-treatment" in answers.history:
            found.append(Situation.CHEMO_NEUROPATHY)
        else:
            found.append(Situation.POLYNEUROPATHY)
    if is_sciatica_type(answers):
        found.append(Situation.SCIATICA)
    if is_arm_nerve_type(answers):
        found.append(Situation.ARM_NERVE)
    if not found and general:
        found.append(Situation.NERVE)
    return found


def muscle_situation(answers: Answers) -> Situation:
    return Situation.MUSCLE_LONG if is_long_term(answers) else Situation.MUSCLE_SHORT


def situations_for(pattern: Pattern, answers: Answers) -> tuple[Situation, ...]:
    """The situations whose evidence applies, most specific first."""
    if pattern is Pattern.SPASTICITY:
        return (Situation.SPASTICITY,)
    situations = []
    if pattern is Pattern.WIDESPREAD:
        if len(nerve_reasons(answers)) >= 2:
            situations += nerve_situations(answers, general=False)
        situations.append(Situation.WIDESPREAD)
    if pattern in (Pattern.NERVE, Pattern.MIXED):
        situations += nerve_situations(answers)
    if pattern in (Pattern.MUSCLE, Pattern.MIXED):
        situations.append(muscle_situation(answers))
    if pattern is Pattern.UNCLEAR:
        if answers.areas & MUSCULOSKELETAL_AREAS:
            situations.append(muscle_situation(answers))
        if not has_low_back_pain(answers):
            situations.append(Situation.UNCLEAR)
    if has_spasticity(answers):
        situations.append(Situation.SPASTICITY)
    return tuple(dict.fromkeys(situations))


def rows_for(situation: Situation, answers: Answers) -> list[Row]:
    rows = list(GROUPS_BY_SITUATION[situation])
    if has_low_back_pain(answers) and situation in LOW_BACK_ROWS:
        replacements = {row.group: row for row in LOW_BACK_ROWS[situation]}
        rows = [replacements.pop(row.group, row) for row in rows]
        rows += replacements.values()
    if situation is Situation.POLYNEUROPATHY and "diabetes" in answers.history:
        rows = [DIABETES_TOPICAL if row.group == "topical-treatments" else row for row in rows]
    if situation is Situation.SHINGLES and "face" in answers.areas:
        rows.append(SHINGLES_FACE_ROW)
    return rows


EVIDENCE_ORDER = tuple(Evidence)


def _rank(advice: GroupAdvice) -> tuple[bool, bool, tuple[int, bool]]:
    """Sort key: may consider first (first choices before later ones), then what a
    caution rules out, then what evidence does not support."""
    best = min((EVIDENCE_ORDER.index(a.evidence), a.later) for a in advice.assessments)
    return (not advice.may_consider, advice.avoid and advice.supported, best)


def medicine_groups_for(
    situations: tuple[Situation, ...], answers: Answers
) -> tuple[GroupAdvice, ...]:
    """Each group once, with one assessment per situation and this person's warnings.

    What may help comes first and what evidence advises against comes last;
    groups with equal evidence keep the guideline's order.
    """
    assessments: dict[str, list[Assessment]] = {}
    for situation in situations:
        for row in rows_for(situation, answers):
            assessments.setdefault(row.group, []).append(
                Assessment(situation, row.evidence, row.note, row.later)
            )
    groups = [
        GroupAdvice(group, tuple(items), warnings_for(group, answers))
        for group, items in assessments.items()
    ]
    groups.sort(key=_rank)
    return tuple(groups)


def cautions_for(answers: Answers) -> tuple[str, ...]:
    """The cautions this person's answers call for, in a fixed order."""
    return tuple(code for code, applies in CAUTIONS if applies(answers))


def questions_for(
    urgency: Urgency,
    situations: tuple[Situation, ...],
    answers: Answers,
    cautions: tuple[str, ...],
    flags: frozenset[str],
) -> tuple[str, ...]:
    questions = []
    if urgency is Urgency.URGENT:
        questions.append("urgent-tell")
        if flags & {"cancer-history", "cancer-spine"}:
            questions.append("urgent-24h")
    questions += GENERAL_QUESTIONS
    for situation in situations:
        questions += SITUATION_QUESTIONS[situation]
    if Situation.MUSCLE_LONG in situations and has_low_back_pain(answers):
        questions.append("guidelines-disagree")
    # Each caution brings its own question (content: cautions.<code>.question).
    questions += [f"caution:{code}" for code in cautions]
    return tuple(dict.fromkeys(questions))


def assess(answers: Answers) -> Outcome:
    """The whole decision: Answers in, Outcome out."""
    flags = all_flags(answers)
    urgency = urgency_for(flags)
    if urgency is Urgency.EMERGENCY:
        # Nothing about medicines: the only thing that matters is getting help.
        return Outcome(
            urgency=urgency,
            pattern=None,
            questions=("emergency-tell",),
            red_flags=tuple(sorted(flags & ALL_EMERGENCY_FLAGS)),
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
        questions=questions_for(urgency, situations, answers, cautions, flags),
        red_flags=tuple(sorted(flags)),
    )


# --- The library's one-line verdicts ------------------------------------------------
# The library's comparison table ("Does it help nerve pain?", "Does it help muscle
# pain?") and each medicine page's two evidence fields come from the guide's own tables
# above, so that the guide and the library never disagree
# (tests/library/test_evidence_labels.py fails when they do).

LIBRARY_QUESTIONS = ("nerve-pain", "muscle-pain")
# Nerve pain: the group's label for nerve pain in general; for groups used only for one
# kind of nerve pain, that kind (carbamazepine: trigeminal neuralgia; diazepam: sciatica).
LIBRARY_NERVE_SITUATIONS = (
    Situation.NERVE,
    Situation.TRIGEMINAL,
    Situation.SCIATICA,
    Situation.SPASTICITY,
)
# Muscle pain: the label for new low back pain, unless the group helps some people with
# long-term low back pain (duloxetine: guidelines disagree, and the text says so).
# Groups the guide never shows for muscle pain:
LIBRARY_MUSCLE_FALLBACK = {
    # NICE NG59 (2020): do not offer anticonvulsants for low back pain (Enke 2018).
    "sodium-channel-anticonvulsants": Evidence.DOES_NOT_HELP,
    "topical-treatments": Evidence.LITTLE,
    "oral-steroids": Evidence.LITTLE,
}
# Medicines whose own evidence differs from their group's, and why.
MEDICINE_LABELS = {
    # Cochrane 2015 reviews: too little good evidence; not NICE CG173 first choices.
    ("nortriptyline", "nerve-pain"): Evidence.LITTLE,
    ("venlafaxine", "nerve-pain"): Evidence.LITTLE,
    # NICE NG59: do not offer SNRIs for low back pain; the group's "helps some" is
    # duloxetine's (ACP 2017).
    ("venlafaxine", "muscle-pain"): Evidence.DOES_NOT_HELP,
    # Works for many in trigeminal neuralgia, but for other nerve pain the evidence is
    # weaker (Cochrane, Wiffen 2014), and the medicine pages cover both.
    ("carbamazepine", "nerve-pain"): Evidence.HELPS_SOME,
    ("oxcarbazepine", "nerve-pain"): Evidence.HELPS_SOME,
    # The plasters and the 8% patch help some people after shingles (NeuPSIG second
    # line); the group's label is the cream's.
    ("lidocaine-plasters", "nerve-pain"): Evidence.HELPS_SOME,
    ("capsaicin", "nerve-pain"): Evidence.HELPS_SOME,
    # Cochrane 2014 (herbal capsaicin for long-term low back pain, moderate quality).
    ("capsaicin", "muscle-pain"): Evidence.HELPS_SOME,
}


def _label(group: str, situation: Situation, areas: tuple[str, ...] | set[str]) -> Evidence | None:
    for row in rows_for(situation, Answers(areas=frozenset(areas))):
        if row.group == group:
            return row.evidence
    return None


def library_label(group: str, question: str) -> Evidence:
    """The library's verdict for a group: "nerve-pain" or "muscle-pain"."""
    if question == "nerve-pain":
        for situation in LIBRARY_NERVE_SITUATIONS:
            if (label := _label(group, situation, ())) is not None:
                return label
        return Evidence.LITTLE
    new = _label(group, Situation.MUSCLE_SHORT, {"lower-back"})
    long_term = _label(group, Situation.MUSCLE_LONG, {"lower-back"})
    if long_term in SUPPORTIVE and new not in SUPPORTIVE:
        return long_term
    return new or LIBRARY_MUSCLE_FALLBACK.get(group, Evidence.LITTLE)


def medicine_label(medicine: str, group: str, question: str) -> Evidence:
    """The verdict a medicine's page shows: its own where it differs, else its group's."""
    return MEDICINE_LABELS.get((medicine, question)) or library_label(group, question)
