"""The guide's decision logic, as tables and as properties. No database, no Django."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pain_guide.guide import rules
from pain_guide.guide.rules import Answers, Evidence, Pattern, Situation, Urgency, assess

E = Evidence
S = Situation


def answers(**kwargs):
    return Answers(
        **{
            key: frozenset(value) if isinstance(value, set) else value
            for key, value in kwargs.items()
        }
    )


def labels(outcome):
    """{group: [(situation, evidence, note), ...]} for easy assertions."""
    return {
        advice.group: [(a.situation, a.evidence, a.note) for a in advice.assessments]
        for advice in outcome.medicine_groups
    }


# --- The six contrasting people, and more -------------------------------------

BURNING_FEET = answers(
    areas={"feet-hands"},
    feelings={"burning", "tingling", "numbness"},
    duration="over-3-months",
    history={"diabetes"},
    age_group="65-plus",
    medicines={"antidepressants"},
)
BACK_SPASM = answers(
    areas={"lower-back"},
    feelings={"spasms", "stiff", "movement"},
    duration="under-6-weeks",
    history={"injury"},
)
SCIATICA = answers(
    areas={"lower-back", "leg"},
    feelings={"shooting", "tingling"},
    duration="6-to-12-weeks",
)
SHINGLES = answers(
    areas={"upper-back"},
    feelings={"burning", "light-touch"},
    duration="over-3-months",
    history={"shingles"},
)
MS_STIFFNESS = answers(
    areas={"leg"},
    feelings={"stiff", "spasms"},
    duration="over-3-months",
    history={"spasticity"},
)
FACE_SHOCKS = answers(areas={"face"}, feelings={"shooting"}, duration="6-to-12-weeks")
CHRONIC_BACK = answers(areas={"lower-back"}, feelings={"aching", "stiff"}, duration="over-3-months")
NOT_SURE = answers(areas={"all-over"}, feelings={"not-sure"})
MIXED_NECK = answers(
    areas={"neck"}, feelings={"burning", "tingling", "aching", "stiff"}, duration="under-6-weeks"
)


@pytest.mark.parametrize(
    ("person", "pattern", "situations"),
    [
        (BURNING_FEET, Pattern.NERVE, (S.NERVE,)),
        (BACK_SPASM, Pattern.MUSCLE, (S.MUSCLE_SHORT,)),
        (SCIATICA, Pattern.NERVE, (S.SCIATICA,)),
        (SHINGLES, Pattern.NERVE, (S.NERVE,)),
        (MS_STIFFNESS, Pattern.SPASTICITY, (S.SPASTICITY,)),
        (FACE_SHOCKS, Pattern.NERVE, (S.TRIGEMINAL,)),
        (CHRONIC_BACK, Pattern.MUSCLE, (S.MUSCLE_LONG,)),
        (NOT_SURE, Pattern.UNCLEAR, (S.UNCLEAR,)),
        (MIXED_NECK, Pattern.MIXED, (S.NERVE, S.MUSCLE_SHORT)),
        (
            answers(areas={"face", "arm"}, feelings={"shooting", "burning"}),
            Pattern.NERVE,
            (S.TRIGEMINAL, S.NERVE),
        ),
        (
            answers(areas={"leg", "feet-hands"}, feelings={"burning"}, history={"diabetes"}),
            Pattern.NERVE,
            (S.NERVE,),
        ),
        (
            answers(areas={"leg"}, feelings={"burning"}, history={"shingles"}),
            Pattern.NERVE,
            (S.NERVE,),
        ),
        (
            answers(areas={"lower-back", "leg"}, feelings={"shooting", "aching", "movement"}),
            Pattern.MIXED,
            (S.SCIATICA, S.MUSCLE_SHORT),
        ),
        (
            answers(areas={"neck"}, feelings={"aching", "tender"}, duration="not-sure"),
            Pattern.MUSCLE,
            (S.MUSCLE_SHORT,),
        ),
        # One sign on each side, or a single sign, is not enough to say.
        (answers(areas={"neck"}, feelings={"burning", "aching"}), Pattern.UNCLEAR, (S.UNCLEAR,)),
        (answers(areas={"arm"}, feelings={"tingling"}), Pattern.UNCLEAR, (S.UNCLEAR,)),
        # MS with burning pain is nerve pain, not spasticity.
        (
            answers(areas={"feet-hands"}, feelings={"burning"}, history={"spasticity"}),
            Pattern.NERVE,
            (S.NERVE,),
        ),
    ],
)
def test_pattern_and_situations(person, pattern, situations):
    """Each kind of person lands on the pattern and evidence their answers describe."""
    outcome = assess(person)
    assert outcome.pattern is pattern
    assert outcome.situations == situations


@pytest.mark.parametrize(
    ("person", "group", "expected"),
    [
        # NICE CG173 first-line choices for nerve pain.
        (
            BURNING_FEET,
            "tricyclic-antidepressants",
            [(S.NERVE, E.HELPS_SOME, "nerve/tricyclic-antidepressants")],
        ),
        (BURNING_FEET, "snris", [(S.NERVE, E.HELPS_SOME, "nerve/snris")]),
        (BURNING_FEET, "gabapentinoids", [(S.NERVE, E.HELPS_SOME, "nerve/gabapentinoids")]),
        (
            BURNING_FEET,
            "topical-treatments",
            [(S.NERVE, E.HELPS_SOME, "nerve-diabetes/topical-treatments")],
        ),
        # Muscle relaxers do not treat nerve pain itself.
        (
            BURNING_FEET,
            "antispasmodic-muscle-relaxers",
            [(S.NERVE, E.LITTLE, "nerve/antispasmodic-muscle-relaxers")],
        ),
        (
            SHINGLES,
            "topical-treatments",
            [(S.NERVE, E.HELPS_SOME, "nerve-shingles/topical-treatments")],
        ),
        # NICE NG59: no gabapentinoids, antiepileptics or benzodiazepines for sciatica.
        (SCIATICA, "gabapentinoids", [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/gabapentinoids")]),
        (
            SCIATICA,
            "sodium-channel-anticonvulsants",
            [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/sodium-channel-anticonvulsants")],
        ),
        (SCIATICA, "benzodiazepines", [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/benzodiazepines")]),
        (SCIATICA, "snris", [(S.SCIATICA, E.LITTLE, "sciatica/snris")]),
        # Short-term muscle pain: small short-term help from muscle relaxers.
        (
            BACK_SPASM,
            "antispasmodic-muscle-relaxers",
            [(S.MUSCLE_SHORT, E.HELPS_SOME, "muscle-short/antispasmodic-muscle-relaxers")],
        ),
        (
            BACK_SPASM,
            "benzodiazepines",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/benzodiazepines")],
        ),
        (
            BACK_SPASM,
            "gabapentinoids",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/gabapentinoids-back")],
        ),
        (
            BACK_SPASM,
            "antispasticity-medicines",
            [(S.MUSCLE_SHORT, E.LITTLE, "muscle-short/antispasticity-medicines")],
        ),
        # Long-term: muscle relaxers no better than placebo; guidelines disagree on duloxetine.
        (
            CHRONIC_BACK,
            "antispasmodic-muscle-relaxers",
            [(S.MUSCLE_LONG, E.DOES_NOT_HELP, "muscle-long/antispasmodic-muscle-relaxers")],
        ),
        (CHRONIC_BACK, "snris", [(S.MUSCLE_LONG, E.HELPS_SOME, "muscle-long/snris-back")]),
        (
            CHRONIC_BACK,
            "tricyclic-antidepressants",
            [(S.MUSCLE_LONG, E.LITTLE, "muscle-long/tricyclic-antidepressants-back")],
        ),
        # Spasticity: baclofen or tizanidine.
        (
            MS_STIFFNESS,
            "antispasticity-medicines",
            [(S.SPASTICITY, E.HELPS_SOME, "spasticity/antispasticity-medicines")],
        ),
        # Trigeminal neuralgia: carbamazepine first.
        (
            FACE_SHOCKS,
            "sodium-channel-anticonvulsants",
            [(S.TRIGEMINAL, E.WORKS_FOR_MANY, "trigeminal/sodium-channel-anticonvulsants")],
        ),
        # Mixed pain: one verdict for each part of the pain.
        (
            MIXED_NECK,
            "gabapentinoids",
            [
                (S.NERVE, E.HELPS_SOME, "nerve/gabapentinoids"),
                (S.MUSCLE_SHORT, E.LITTLE, "muscle-short/gabapentinoids"),
            ],
        ),
    ],
)
def test_group_evidence(person, group, expected):
    """The evidence label and note for a medicine group follow the guidelines."""
    assert labels(assess(person))[group] == expected


@pytest.mark.parametrize(
    ("person", "absent"),
    [
        (BURNING_FEET, {"benzodiazepines", "nsaids"}),
        (FACE_SHOCKS, {"gabapentinoids", "antispasmodic-muscle-relaxers"}),
        (MS_STIFFNESS, {"nsaids", "tricyclic-antidepressants", "gabapentinoids"}),
        (BACK_SPASM, {"snris", "tricyclic-antidepressants"}),
    ],
)
def test_groups_that_do_not_belong_are_left_out(person, absent):
    assert not absent & set(labels(assess(person)))


def test_groups_are_ordered_from_most_to_least_supported():
    """What may help comes first; what evidence advises against comes last."""
    order = list(Evidence)
    for person in (BURNING_FEET, BACK_SPASM, SCIATICA, CHRONIC_BACK, MS_STIFFNESS):
        ranks = [
            min(order.index(a.evidence) for a in advice.assessments)
            for advice in assess(person).medicine_groups
        ]
        assert ranks == sorted(ranks)


# --- Red flags --------------------------------------------------------------


@pytest.mark.parametrize("flag", sorted(rules.EMERGENCY_FLAGS))
def test_each_emergency_flag_gives_the_emergency_outcome(flag):
    outcome = assess(answers(red_flags={flag}, areas={"neck"}, feelings={"aching", "stiff"}))
    assert outcome.urgency is Urgency.EMERGENCY
    assert outcome.pattern is None
    assert outcome.medicine_groups == ()
    assert outcome.red_flags == (flag,)
    assert outcome.questions == ("emergency-tell",)


@pytest.mark.parametrize("flag", sorted(rules.URGENT_FLAGS))
def test_each_urgent_flag_gives_the_urgent_outcome(flag):
    outcome = assess(answers(red_flags={flag}, areas={"neck"}, feelings={"aching", "stiff"}))
    assert outcome.urgency is Urgency.URGENT
    assert outcome.red_flags == (flag,)
    assert outcome.questions[0] == "urgent-tell"
    assert outcome.pattern is Pattern.MUSCLE


def test_emergency_beats_urgent():
    outcome = assess(answers(red_flags={"fever", "chest-pain"}))
    assert outcome.urgency is Urgency.EMERGENCY
    assert outcome.red_flags == ("chest-pain",)


def test_no_red_flags_is_routine():
    assert assess(BACK_SPASM).urgency is Urgency.ROUTINE


# --- Cautions ------------------------------------------------------------------
# The specification, written out independently of rules.CAUTIONS.

CAUTION_SPEC = {
    "age-65-plus": lambda a: a.age_group == "65-plus",
    "sedatives-with-gabapentinoids": lambda a: (
        "opioids" in a.medicines or "sedatives" in a.medicines
    ),
    "serotonin": lambda a: "antidepressants" in a.medicines or "maoi" in a.medicines,
    "maoi": lambda a: "maoi" in a.medicines,
    "tizanidine-cipro": lambda a: "cipro-fluvoxamine" in a.medicines,
    "kidney": lambda a: "kidney" in a.health,
    "liver": lambda a: "liver" in a.health,
    "breathing": lambda a: "breathing" in a.health,
    "pregnancy": lambda a: "pregnancy" in a.health,
    "driving": lambda a: "driving" in a.health,
    "stopping-muscle-relaxer": lambda a: "muscle-relaxer" in a.medicines,
    "stopping-gabapentinoid": lambda a: "gabapentinoid" in a.medicines,
    "alcohol": lambda a: "alcohol" in a.medicines,
    "substance-use": lambda a: "substance-use" in a.health,
    "epilepsy": lambda a: "epilepsy" in a.health,
    "heart-rhythm": lambda a: "heart-rhythm" in a.health,
    "glaucoma-urine": lambda a: "glaucoma-urine" in a.health,
    "cancer-treatment": lambda a: "cancer-treatment" in a.history,
}

CAUTION_TRIGGERS = [
    ("age-65-plus", answers(age_group="65-plus")),
    ("sedatives-with-gabapentinoids", answers(medicines={"opioids"})),
    ("sedatives-with-gabapentinoids", answers(medicines={"sedatives"})),
    ("serotonin", answers(medicines={"antidepressants"})),
    ("serotonin", answers(medicines={"maoi"})),
    ("maoi", answers(medicines={"maoi"})),
    ("tizanidine-cipro", answers(medicines={"cipro-fluvoxamine"})),
    ("kidney", answers(health={"kidney"})),
    ("liver", answers(health={"liver"})),
    ("breathing", answers(health={"breathing"})),
    ("pregnancy", answers(health={"pregnancy"})),
    ("driving", answers(health={"driving"})),
    ("stopping-muscle-relaxer", answers(medicines={"muscle-relaxer"})),
    ("stopping-gabapentinoid", answers(medicines={"gabapentinoid"})),
    ("alcohol", answers(medicines={"alcohol"})),
    ("substance-use", answers(health={"substance-use"})),
    ("epilepsy", answers(health={"epilepsy"})),
    ("heart-rhythm", answers(health={"heart-rhythm"})),
    ("glaucoma-urine", answers(health={"glaucoma-urine"})),
    ("cancer-treatment", answers(history={"cancer-treatment"})),
]


def test_the_spec_covers_every_caution():
    assert set(CAUTION_SPEC) == set(rules.CAUTION_CODES)
    assert {code for code, _ in CAUTION_TRIGGERS} == set(rules.CAUTION_CODES)


@pytest.mark.parametrize(("code", "person"), CAUTION_TRIGGERS)
def test_each_caution_appears_for_its_answer(code, person):
    outcome = assess(person)
    assert code in outcome.cautions
    assert f"caution:{code}" in outcome.questions


def test_no_caution_without_a_reason():
    plain = answers(areas={"neck"}, feelings={"aching", "stiff"}, age_group="18-to-64")
    assert assess(plain).cautions == ()


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (BURNING_FEET, ("age-65-plus", "serotonin")),
        (BACK_SPASM, ()),
        (
            answers(medicines={"antidepressants", "cipro-fluvoxamine"}, health={"driving"}),
            ("serotonin", "tizanidine-cipro", "driving"),
        ),
    ],
)
def test_cautions_for_whole_people(person, expected):
    assert assess(person).cautions == expected


# --- Questions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (SCIATICA, "sciatica-why-not"),
        (BACK_SPASM, "muscle-how-many-days"),
        (CHRONIC_BACK, "guidelines-disagree"),
        (FACE_SHOCKS, "trigeminal-specialist"),
        (MS_STIFFNESS, "spasticity-dose-stopping"),
        (NOT_SURE, "unclear-examine"),
        (BURNING_FEET, "nerve-which-first"),
    ],
)
def test_questions_fit_the_situation(person, expected):
    outcome = assess(person)
    assert expected in outcome.questions
    assert outcome.questions[: len(rules.GENERAL_QUESTIONS)] == rules.GENERAL_QUESTIONS


# --- Properties --------------------------------------------------------------


def subsets(vocabulary):
    return st.frozensets(st.sampled_from(sorted(vocabulary)))


any_answers = st.builds(
    Answers,
    red_flags=subsets(rules.RED_FLAGS),
    areas=subsets(rules.AREAS),
    feelings=subsets(rules.FEELINGS),
    duration=st.sampled_from(sorted(rules.DURATIONS)),
    history=subsets(rules.HISTORY - {"none"}),
    age_group=st.sampled_from(sorted(rules.AGE_GROUPS)),
    health=subsets(rules.HEALTH - {"none"}),
    medicines=subsets(rules.MEDICINES - {"none"}),
)


@given(any_answers, st.sampled_from(sorted(rules.EMERGENCY_FLAGS)))
def test_any_emergency_flag_always_gives_the_emergency_outcome(person, flag):
    """Whatever else is answered, an emergency sign means: get help now, nothing else."""
    person = Answers(**{**person.__dict__, "red_flags": person.red_flags | {flag}})
    outcome = assess(person)
    assert outcome.urgency is Urgency.EMERGENCY
    assert outcome.medicine_groups == ()
    assert outcome.cautions == ()
    assert flag in outcome.red_flags


@given(any_answers)
def test_each_caution_fires_exactly_when_its_condition_holds(person):
    outcome = assess(person)
    if outcome.is_emergency:
        assert outcome.cautions == ()
        return
    expected = tuple(code for code in rules.CAUTION_CODES if CAUTION_SPEC[code](person))
    assert outcome.cautions == expected


@given(any_answers)
def test_an_outcome_always_has_a_question_for_the_doctor(person):
    assert assess(person).questions


@given(any_answers)
def test_urgent_flags_without_emergency_flags_are_urgent(person):
    outcome = assess(person)
    if person.red_flags & rules.EMERGENCY_FLAGS:
        assert outcome.is_emergency
    elif person.red_flags & rules.URGENT_FLAGS:
        assert outcome.is_urgent
    else:
        assert outcome.urgency is Urgency.ROUTINE


@given(any_answers)
def test_muscle_relaxers_are_never_offered_for_nerve_pain(person):
    """Muscle relaxers do not treat nerve pain itself (and gabapentinoids not sciatica)."""
    for advice in assess(person).medicine_groups:
        for a in advice.assessments:
            if advice.group == "antispasmodic-muscle-relaxers" and a.situation in (
                S.NERVE,
                S.SCIATICA,
                S.TRIGEMINAL,
            ):
                assert a.evidence in (E.LITTLE, E.DOES_NOT_HELP)
            if advice.group in ("gabapentinoids", "benzodiazepines") and a.situation is S.SCIATICA:
                assert a.evidence is E.DOES_NOT_HELP


@given(any_answers)
def test_routine_and_urgent_outcomes_always_explain_medicines(person):
    outcome = assess(person)
    if not outcome.is_emergency:
        assert outcome.pattern is not None
        assert outcome.situations
        assert outcome.medicine_groups
        groups = [advice.group for advice in outcome.medicine_groups]
        assert len(groups) == len(set(groups))


def test_rules_module_imports_nothing_from_django():
    """The decision logic stays pure: it must run without Django installed."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(rules))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"dataclasses", "enum"}
