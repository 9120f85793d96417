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
        (BURNING_FEET, Pattern.NERVE, (S.POLYNEUROPATHY,)),
        (BACK_SPASM, Pattern.MUSCLE, (S.MUSCLE_SHORT,)),
        (SCIATICA, Pattern.NERVE, (S.SCIATICA,)),
        (SHINGLES, Pattern.NERVE, (S.SHINGLES,)),
        (MS_STIFFNESS, Pattern.SPASTICITY, (S.SPASTICITY,)),
        (FACE_SHOCKS, Pattern.NERVE, (S.TRIGEMINAL,)),
        (CHRONIC_BACK, Pattern.MUSCLE, (S.MUSCLE_LONG,)),
        (NOT_SURE, Pattern.UNCLEAR, (S.MUSCLE_SHORT, S.UNCLEAR)),
        (MIXED_NECK, Pattern.MIXED, (S.NERVE, S.MUSCLE_SHORT)),
        (
            answers(areas={"face", "arm"}, feelings={"shooting", "burning"}),
            Pattern.NERVE,
            (S.TRIGEMINAL, S.ARM_NERVE),
        ),
        # Polyneuropathy is never sciatica (review A6), with or without diabetes.
        (
            answers(areas={"leg", "feet-hands"}, feelings={"burning"}, history={"diabetes"}),
            Pattern.NERVE,
            (S.POLYNEUROPATHY,),
        ),
        (
            answers(areas={"leg", "feet-hands"}, feelings={"tingling", "numbness"}),
            Pattern.NERVE,
            (S.POLYNEUROPATHY,),
        ),
        # A person with diabetes who ticks only the leg: nerve damage, not sciatica.
        (
            answers(areas={"leg"}, feelings={"burning", "tingling"}, history={"diabetes"}),
            Pattern.NERVE,
            (S.POLYNEUROPATHY,),
        ),
        # ... unless the back points to sciatica.
        (
            answers(areas={"leg", "lower-back"}, feelings={"shooting"}, history={"diabetes"}),
            Pattern.NERVE,
            (S.SCIATICA,),
        ),
        # Chemotherapy nerve pain: ASCO 2020 (review A11, walk-throughs 10, 10a).
        (
            answers(
                areas={"leg", "feet-hands"},
                feelings={"tingling", "numbness"},
                history={"cancer-treatment"},
            ),
            Pattern.NERVE,
            (S.CHEMO_NEUROPATHY,),
        ),
        (
            answers(areas={"leg"}, feelings={"burning"}, history={"shingles"}),
            Pattern.NERVE,
            (S.SHINGLES,),
        ),
        # Shingles pain in the face is post-herpetic neuralgia, not trigeminal (A7).
        (
            answers(areas={"face"}, feelings={"shooting", "burning"}, history={"shingles"}),
            Pattern.NERVE,
            (S.SHINGLES,),
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
        # One sign on each side, or a single sign, is not enough to say; the muscle
        # evidence still applies where muscle pain is usual, never nerve drugs for the
        # low back (A5).
        (
            answers(areas={"neck"}, feelings={"burning", "aching"}),
            Pattern.UNCLEAR,
            (S.MUSCLE_SHORT, S.UNCLEAR),
        ),
        (
            answers(areas={"lower-back"}, feelings={"aching"}, duration="under-6-weeks"),
            Pattern.UNCLEAR,
            (S.MUSCLE_SHORT,),
        ),
        (
            answers(areas={"lower-back"}, feelings={"not-sure"}, duration="over-3-months"),
            Pattern.UNCLEAR,
            (S.MUSCLE_LONG,),
        ),
        (
            answers(areas={"arm"}, feelings={"tingling"}),
            Pattern.UNCLEAR,
            (S.MUSCLE_SHORT, S.UNCLEAR),
        ),
        (answers(areas={"face"}, feelings={"aching"}), Pattern.UNCLEAR, (S.UNCLEAR,)),
        # One arm: its own situation with the caveat (A25).
        (
            answers(areas={"neck", "arm"}, feelings={"shooting", "tingling"}),
            Pattern.NERVE,
            (S.ARM_NERVE,),
        ),
        # MS with burning pain is nerve pain; stiffness too adds spasticity (A8).
        (
            answers(areas={"feet-hands"}, feelings={"burning"}, history={"spasticity"}),
            Pattern.NERVE,
            (S.POLYNEUROPATHY,),
        ),
        (
            answers(areas={"leg"}, feelings={"stiff", "burning"}, history={"spasticity"}),
            Pattern.NERVE,
            (S.NERVE, S.SPASTICITY),
        ),
        (
            answers(areas={"face"}, feelings={"shooting", "stiff"}, history={"spasticity"}),
            Pattern.NERVE,
            (S.TRIGEMINAL, S.SPASTICITY),
        ),
        # A new strain on top of a long-term condition.
        (
            answers(
                areas={"lower-back"},
                feelings={"aching", "tender", "spasms"},
                history={"spasticity", "injury"},
                duration="under-6-weeks",
            ),
            Pattern.MUSCLE,
            (S.MUSCLE_SHORT, S.SPASTICITY),
        ),
        # Long-term pain all over: NICE NG193 (A10), whatever the words.
        (
            answers(
                areas={"all-over"},
                feelings={"aching", "tender", "burning"},
                duration="over-3-months",
            ),
            Pattern.WIDESPREAD,
            (S.WIDESPREAD,),
        ),
        (
            answers(
                areas={"all-over", "feet-hands"},
                feelings={"burning", "tingling"},
                history={"diabetes"},
                duration="over-3-months",
            ),
            Pattern.WIDESPREAD,
            (S.POLYNEUROPATHY, S.WIDESPREAD),
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
            [(S.POLYNEUROPATHY, E.HELPS_SOME, "nerve/tricyclic-antidepressants")],
        ),
        (BURNING_FEET, "snris", [(S.POLYNEUROPATHY, E.HELPS_SOME, "nerve/snris")]),
        (
            BURNING_FEET,
            "gabapentinoids",
            [(S.POLYNEUROPATHY, E.HELPS_SOME, "nerve/gabapentinoids")],
        ),
        (
            BURNING_FEET,
            "topical-treatments",
            [(S.POLYNEUROPATHY, E.HELPS_SOME, "polyneuropathy-diabetes/topical-treatments")],
        ),
        # Capsaicin cream: little or no evidence (A23).
        (
            MIXED_NECK,
            "topical-treatments",
            [(S.NERVE, E.LITTLE, "nerve/topical-treatments")],
        ),
        # Muscle relaxers do not treat nerve pain itself.
        (
            BURNING_FEET,
            "antispasmodic-muscle-relaxers",
            [(S.POLYNEUROPATHY, E.LITTLE, "nerve/antispasmodic-muscle-relaxers")],
        ),
        (
            SHINGLES,
            "topical-treatments",
            [(S.SHINGLES, E.HELPS_SOME, "nerve-shingles/topical-treatments")],
        ),
        # NICE NG59: no gabapentinoids, antiepileptics, steroids or benzodiazepines for sciatica.
        (SCIATICA, "gabapentinoids", [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/gabapentinoids")]),
        (
            SCIATICA,
            "sodium-channel-anticonvulsants",
            [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/sodium-channel-anticonvulsants")],
        ),
        (SCIATICA, "benzodiazepines", [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/benzodiazepines")]),
        (SCIATICA, "oral-steroids", [(S.SCIATICA, E.DOES_NOT_HELP, "sciatica/oral-steroids")]),
        (SCIATICA, "snris", [(S.SCIATICA, E.LITTLE, "sciatica/snris")]),
        (SCIATICA, "nsaids", [(S.SCIATICA, E.LITTLE, "sciatica/nsaids")]),
        # New low back pain: muscle relaxers little or no evidence (A19), add-on trials null.
        (
            BACK_SPASM,
            "antispasmodic-muscle-relaxers",
            [(S.MUSCLE_SHORT, E.LITTLE, "muscle-short/antispasmodic-muscle-relaxers-back")],
        ),
        (
            BACK_SPASM,
            "benzodiazepines",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/benzodiazepines-back")],
        ),
        (
            BACK_SPASM,
            "gabapentinoids",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/gabapentinoids-back")],
        ),
        # Friedman 2019: baclofen or tizanidine with ibuprofen no better (A20).
        (
            BACK_SPASM,
            "antispasticity-medicines",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/antispasticity-medicines-back")],
        ),
        (
            BACK_SPASM,
            "tricyclic-antidepressants",
            [(S.MUSCLE_SHORT, E.DOES_NOT_HELP, "muscle-short/tricyclic-antidepressants-back")],
        ),
        (BACK_SPASM, "nsaids", [(S.MUSCLE_SHORT, E.HELPS_SOME, "muscle-short/nsaids-back")]),
        # Neck: the back trials do not carry over (A19, A22).
        (
            answers(areas={"neck"}, feelings={"aching", "stiff"}),
            "nsaids",
            [(S.MUSCLE_SHORT, E.HELPS_SOME, "muscle-short/nsaids")],
        ),
        # Long-term: muscle relaxers no better than placebo; guidelines disagree on duloxetine;
        # NICE: do not offer tricyclics (A20).
        (
            CHRONIC_BACK,
            "antispasmodic-muscle-relaxers",
            [
                (
                    S.MUSCLE_LONG,
                    E.DOES_NOT_HELP,
                    "muscle-long/antispasmodic-muscle-relaxers-back",
                )
            ],
        ),
        (CHRONIC_BACK, "snris", [(S.MUSCLE_LONG, E.HELPS_SOME, "muscle-long/snris-back")]),
        (
            CHRONIC_BACK,
            "tricyclic-antidepressants",
            [(S.MUSCLE_LONG, E.DOES_NOT_HELP, "muscle-long/tricyclic-antidepressants-back")],
        ),
        # Spasticity: NICE NG220, baclofen or gabapentin first; diazepam later (A9).
        (
            MS_STIFFNESS,
            "antispasticity-medicines",
            [(S.SPASTICITY, E.HELPS_SOME, "spasticity/antispasticity-medicines")],
        ),
        (
            MS_STIFFNESS,
            "gabapentinoids",
            [(S.SPASTICITY, E.HELPS_SOME, "spasticity/gabapentinoids")],
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


def test_diazepam_is_a_later_choice_for_spasticity():
    """Shown after the first choices, and marked as later (NICE NG220, Otero-Romero 2016)."""
    groups = assess(MS_STIFFNESS).medicine_groups
    order = [advice.group for advice in groups]
    assert order.index("benzodiazepines") > order.index("gabapentinoids")
    benzodiazepines = next(a for a in groups if a.group == "benzodiazepines")
    assert benzodiazepines.assessments[0].later


@pytest.mark.parametrize(
    ("person", "absent"),
    [
        (BURNING_FEET, {"benzodiazepines", "nsaids"}),
        (FACE_SHOCKS, {"gabapentinoids", "antispasmodic-muscle-relaxers"}),
        (MS_STIFFNESS, {"nsaids", "tricyclic-antidepressants"}),
        (BACK_SPASM, {"oral-steroids", "sodium-channel-anticonvulsants"}),
    ],
)
def test_groups_that_do_not_belong_are_left_out(person, absent):
    assert not absent & set(labels(assess(person)))


def test_groups_are_ordered_from_most_to_least_supported():
    """What may help comes first; what evidence advises against comes last."""
    order = list(Evidence)
    for person in (BURNING_FEET, BACK_SPASM, SCIATICA, CHRONIC_BACK, MS_STIFFNESS):
        groups = [a for a in assess(person).medicine_groups if not a.avoid]
        ranks = [min(order.index(a.evidence) for a in advice.assessments) for advice in groups]
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
    assert flag in outcome.red_flags
    assert outcome.questions[0] == "urgent-tell"
    assert outcome.pattern is Pattern.MUSCLE


def test_emergency_beats_urgent():
    outcome = assess(answers(red_flags={"fever", "chest-pain"}))
    assert outcome.urgency is Urgency.EMERGENCY
    assert outcome.red_flags == ("chest-pain",)


def test_no_red_flags_is_routine():
    assert assess(BACK_SPASM).urgency is Urgency.ROUTINE


@pytest.mark.parametrize(
    ("person", "flag", "urgency"),
    [
        # NICE NG234: cancer with back or neck pain and any nerve sign: at once (A4).
        (
            answers(red_flags={"cancer-history", "worsening-weakness"}, areas={"lower-back"}),
            "cancer-nerve-signs",
            Urgency.EMERGENCY,
        ),
        (
            answers(
                red_flags={"cancer-history"},
                areas={"neck", "arm"},
                feelings={"aching"},
            ),
            "cancer-nerve-signs",
            Urgency.EMERGENCY,
        ),
        (
            answers(
                areas={"upper-back"},
                feelings={"tingling", "aching"},
                history={"cancer-treatment"},
                duration="over-3-months",
            ),
            "cancer-nerve-signs",
            Urgency.EMERGENCY,
        ),
        # ... and within 24 hours without one, whatever the red-flag screen said (10b).
        (
            answers(
                areas={"lower-back"},
                feelings={"aching"},
                history={"cancer-treatment"},
                age_group="65-plus",
            ),
            "cancer-spine",
            Urgency.URGENT,
        ),
        (
            answers(areas={"neck"}, feelings={"stiff"}, history={"cancer-treatment"}),
            "cancer-spine",
            Urgency.URGENT,
        ),
        # NHS: new pain high in the back needs a doctor urgently (walk-through 19).
        (
            answers(
                areas={"upper-back"},
                feelings={"aching"},
                duration="under-6-weeks",
                age_group="65-plus",
            ),
            "upper-back-new",
            Urgency.URGENT,
        ),
    ],
)
def test_signs_worked_out_from_several_answers(person, flag, urgency):
    outcome = assess(person)
    assert outcome.urgency is urgency
    assert flag in outcome.red_flags


@pytest.mark.parametrize(
    "person",
    [
        # Chemotherapy nerve pain in the feet, no back or neck pain: not an emergency.
        answers(
            areas={"feet-hands", "leg"},
            feelings={"tingling", "numbness"},
            history={"cancer-treatment"},
        ),
        # Long-standing upper-back pain.
        answers(areas={"upper-back"}, feelings={"aching", "stiff"}, duration="over-3-months"),
    ],
)
def test_no_sign_is_worked_out_without_its_reason(person):
    assert assess(person).urgency is Urgency.ROUTINE


@pytest.mark.parametrize(
    ("person", "groups"),
    [
        (answers(areas={"face"}), ("face",)),
        (answers(areas={"neck"}, history={"diabetes"}), ("diabetes",)),
        (
            answers(areas={"face", "feet-hands"}, history={"spasticity", "diabetes"}),
            ("face", "diabetes", "spinal-cord"),
        ),
        (answers(areas={"neck", "feet-hands"}), ()),
    ],
)
def test_area_signs_are_asked_only_where_they_matter(person, groups):
    assert rules.area_sign_groups(person) == groups


# --- Cautions ------------------------------------------------------------------
# The specification, written out independently of rules.CAUTIONS.

CAUTION_SPEC = {
    "pregnancy": lambda a: "pregnancy" in a.health,
    "breastfeeding": lambda a: "breastfeeding" in a.health,
    "maoi": lambda a: "maoi" in a.medicines,
    "age-65-plus": lambda a: a.age_group == "65-plus",
    "fall": lambda a: "fall" in a.health,
    "sedatives-with-gabapentinoids": lambda a: (
        "opioids" in a.medicines or "sedatives" in a.medicines
    ),
    "serotonin": lambda a: "antidepressants" in a.medicines or "maoi" in a.medicines,
    "blood-thinner": lambda a: "blood-thinner" in a.medicines,
    "tizanidine-cipro": lambda a: "cipro-fluvoxamine" in a.medicines,
    "kidney": lambda a: "kidney" in a.health,
    "liver": lambda a: "liver" in a.health,
    "heart-disease": lambda a: "heart-disease" in a.health,
    "ulcer-bleeding": lambda a: "ulcer-bleeding" in a.health,
    "asthma": lambda a: "asthma" in a.health,
    "breathing": lambda a: "breathing" in a.health,
    "driving": lambda a: "driving" in a.health,
    "stopping-muscle-relaxer": lambda a: "muscle-relaxer" in a.medicines,
    "stopping-gabapentinoid": lambda a: "gabapentinoid" in a.medicines,
    "alcohol": lambda a: "alcohol" in a.medicines,
    "substance-use": lambda a: "substance-use" in a.health,
    "epilepsy": lambda a: "epilepsy" in a.health,
    "heart-rhythm": lambda a: "heart-rhythm" in a.health,
    "glaucoma-urine": lambda a: "glaucoma-urine" in a.health,
    "cancer-treatment": lambda a: "cancer-treatment" in a.history,
    "unsure-health": lambda a: "not-sure" in a.health,
    "unsure-medicines": lambda a: "not-sure" in a.medicines,
}


def test_the_spec_covers_every_caution():
    assert set(CAUTION_SPEC) == set(rules.CAUTION_CODES)


@pytest.mark.parametrize("code", sorted(CAUTION_SPEC))
def test_each_caution_appears_for_its_answer(code):
    """For each caution, a person who gives just its answer sees it and its question."""
    trigger = {
        "age-65-plus": answers(age_group="65-plus"),
        "cancer-treatment": answers(history={"cancer-treatment"}),
    }
    person = trigger.get(code)
    if person is None:
        health = {c for c in rules.HEALTH if CAUTION_SPEC[code](answers(health={c}))}
        medicines = {c for c in rules.MEDICINES if CAUTION_SPEC[code](answers(medicines={c}))}
        person = answers(
            health=set(list(health)[:1]),
            medicines=set(list(medicines)[:1]) if not health else set(),
        )
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


# Which groups each person's answers make not advised ("avoid"), written out
# independently of rules.CARD_RULES from the clinical review (A1, A2, A12, A13):
# (condition, groups).
AVOID_SPEC = (
    (
        lambda a: "pregnancy" in a.health,
        {
            "nsaids",
            "antispasmodic-muscle-relaxers",
            "benzodiazepines",
            "sodium-channel-anticonvulsants",
        },
    ),
    (
        lambda a: "maoi" in a.medicines,
        {"tricyclic-antidepressants", "snris", "sodium-channel-anticonvulsants"},
    ),
    (lambda a: "kidney" in a.health, {"nsaids"}),
    (lambda a: "heart-disease" in a.health, {"nsaids"}),
    (lambda a: "ulcer-bleeding" in a.health, {"nsaids"}),
    (lambda a: "blood-thinner" in a.medicines, {"nsaids"}),
    (
        lambda a: a.age_group == "65-plus",
        {"antispasmodic-muscle-relaxers", "benzodiazepines", "tricyclic-antidepressants"},
    ),
    (lambda a: a.age_group == "65-plus" and a.duration == "over-3-months", {"nsaids"}),
    (
        lambda a: a.age_group == "65-plus" and "fall" in a.health,
        {
            "gabapentinoids",
            "tricyclic-antidepressants",
            "snris",
            "benzodiazepines",
        },
    ),
    (lambda a: a.age_group == "65-plus" and "opioids" in a.medicines, {"gabapentinoids"}),
    (lambda a: "opioids" in a.medicines, {"benzodiazepines"}),
    (lambda a: "breathing" in a.health, {"benzodiazepines"}),
    (lambda a: "heart-rhythm" in a.health, {"tricyclic-antidepressants"}),
    (lambda a: "cipro-fluvoxamine" in a.medicines, {"snris"}),
    (lambda a: "liver" in a.health, {"snris"}),
)


def avoided(person):
    return set().union(*(groups for applies, groups in AVOID_SPEC if applies(person)))


@pytest.mark.parametrize(
    ("person", "group", "fit"),
    [
        # A pregnant person with neck pain is not steered to ibuprofen (A1, walk-through 8).
        (
            answers(areas={"neck"}, feelings={"aching", "stiff"}, health={"pregnancy"}),
            "nsaids",
            rules.Fit.AVOID,
        ),
        # On an MAOI: tricyclics and SNRIs are not safe (A2, walk-through 13).
        (
            answers(
                areas={"feet-hands"},
                feelings={"burning", "tingling"},
                history={"diabetes"},
                medicines={"maoi"},
            ),
            "snris",
            rules.Fit.AVOID,
        ),
        (
            answers(
                areas={"feet-hands"},
                feelings={"burning", "tingling"},
                history={"diabetes"},
                medicines={"maoi"},
            ),
            "tricyclic-antidepressants",
            rules.Fit.AVOID,
        ),
        # Ciprofloxacin: duloxetine is not safe, tizanidine is flagged (A18, walk-through 15).
        (
            answers(
                areas={"feet-hands"},
                feelings={"burning", "tingling"},
                medicines={"cipro-fluvoxamine"},
            ),
            "snris",
            rules.Fit.AVOID,
        ),
        (
            MS_STIFFNESS.__class__(
                **{**MS_STIFFNESS.__dict__, "medicines": frozenset({"cipro-fluvoxamine"})}
            ),
            "antispasticity-medicines",
            rules.Fit.CHECK,
        ),
        # 65 or over: Beers 2023.
        (
            answers(
                areas={"lower-back"},
                feelings={"aching", "stiff"},
                age_group="65-plus",
                duration="over-3-months",
            ),
            "nsaids",
            rules.Fit.AVOID,
        ),
        (
            answers(areas={"lower-back"}, feelings={"aching", "stiff"}, age_group="65-plus"),
            "nsaids",
            rules.Fit.CHECK,
        ),
        (
            MS_STIFFNESS.__class__(**{**MS_STIFFNESS.__dict__, "age_group": "65-plus"}),
            "benzodiazepines",
            rules.Fit.AVOID,
        ),
    ],
)
def test_a_caution_changes_the_card_it_applies_to(person, group, fit):
    advice = next(a for a in assess(person).medicine_groups if a.group == group)
    assert fit in {warning.fit for warning in advice.warnings}
    if fit is rules.Fit.AVOID:
        assert not advice.may_consider


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
        (BURNING_FEET, "polyneuropathy-cause"),
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
no_flags = any_answers.map(lambda a: Answers(**{**a.__dict__, "red_flags": frozenset()}))


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
def test_cancer_with_a_nerve_sign_is_always_an_emergency(person):
    """Independent statement of NICE NG234's "immediately" (A4)."""
    cancer = "cancer-history" in person.red_flags or "cancer-treatment" in person.history
    spine = bool(person.areas & {"neck", "upper-back", "lower-back"}) or (
        "cancer-history" in person.red_flags
    )
    nerve_sign = bool(person.red_flags & {"worsening-weakness", "clumsy-hands"}) or (
        spine
        and bool(
            person.areas & {"arm", "leg"} or person.feelings & {"shooting", "tingling", "numbness"}
        )
    )
    outcome = assess(person)
    if cancer and nerve_sign:
        assert outcome.is_emergency
    elif cancer and spine:
        assert outcome.urgency is not Urgency.ROUTINE


@given(no_flags)
def test_each_caution_fires_exactly_when_its_condition_holds(person):
    outcome = assess(person)
    if outcome.is_emergency:
        assert outcome.cautions == ()
        return
    expected = tuple(code for code in rules.CAUTION_CODES if CAUTION_SPEC[code](person))
    assert outcome.cautions == expected


@given(no_flags)
def test_no_group_a_persons_answers_make_unsafe_is_ever_may_consider(person):
    """The card of every group the AVOID_SPEC names says so, and it leaves "may consider"."""
    outcome = assess(person)
    for advice in outcome.medicine_groups:
        if advice.group in avoided(person):
            assert advice.avoid
            assert not advice.may_consider
        else:
            assert not advice.avoid


@given(no_flags)
def test_each_card_warning_fires_exactly_when_its_rule_holds(person):
    outcome = assess(person)
    for advice in outcome.medicine_groups:
        expected = {
            f"{rule.key}/{advice.group}"
            for rule in rules.CARD_RULES
            if advice.group in rule.groups and rule.applies(person)
        }
        assert {warning.key for warning in advice.warnings} == expected


@given(any_answers)
def test_an_outcome_always_has_a_question_for_the_doctor(person):
    assert assess(person).questions


@given(any_answers)
def test_urgent_flags_without_emergency_flags_are_at_least_urgent(person):
    outcome = assess(person)
    if person.red_flags & rules.EMERGENCY_FLAGS:
        assert outcome.is_emergency
    elif person.red_flags & rules.URGENT_FLAGS:
        assert outcome.urgency is not Urgency.ROUTINE


SUPPORTIVE = {E.WORKS_FOR_MANY, E.HELPS_SOME}


@given(no_flags)
def test_no_group_is_oversold_where_guidelines_say_no(person):
    """Muscle relaxers never for nerve pain; NICE NG59 for sciatica and the low back;
    NICE NG193 for long-term pain all over; ASCO 2020 for chemotherapy nerve pain."""
    for advice in assess(person).medicine_groups:
        for a in advice.assessments:
            supportive = a.evidence in SUPPORTIVE
            if advice.group == "antispasmodic-muscle-relaxers":
                assert not supportive  # nowhere better than "little or no evidence" (A19)
            if a.situation is S.SCIATICA:
                assert not supportive
            if "lower-back" in person.areas and a.situation in (S.MUSCLE_SHORT, S.MUSCLE_LONG):
                if advice.group in ("gabapentinoids", "tricyclic-antidepressants"):
                    assert a.evidence is E.DOES_NOT_HELP
                if advice.group == "snris" and a.situation is S.MUSCLE_SHORT:
                    assert a.evidence is E.DOES_NOT_HELP
            if a.situation is S.WIDESPREAD and advice.group in (
                "gabapentinoids",
                "nsaids",
                "benzodiazepines",
            ):
                assert a.evidence is E.DOES_NOT_HELP
            if a.situation is S.CHEMO_NEUROPATHY and advice.group != "snris":
                assert not supportive
            if a.situation is S.UNCLEAR:
                assert not supportive


@given(no_flags)
def test_routing_never_confuses_kinds_of_pain(person):
    outcome = assess(person)
    if outcome.is_emergency:
        return
    situations = set(outcome.situations)
    if "feet-hands" in person.areas:
        assert S.SCIATICA not in situations  # polyneuropathy is not sciatica (A6)
    if "shingles" in person.history:
        assert S.TRIGEMINAL not in situations  # shingles pain in the face is PHN (A7)
    if "spasticity" in person.history and person.feelings & {"stiff", "spasms"}:
        assert S.SPASTICITY in situations  # spasticity adds to the rest (A8)
    if "all-over" in person.areas and person.duration == "over-3-months":
        assert S.WIDESPREAD in situations  # NICE NG193 (A10)
    if "lower-back" in person.areas:
        assert S.UNCLEAR not in situations  # never nerve drugs for low back pain (A5)


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
    import sys

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
    # The standard library only (typing helpers included), never Django or another package.
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    assert "django" not in imported
