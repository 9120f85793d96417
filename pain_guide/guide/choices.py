"""The answers a person can give, in the order and words they see them.

Pure Python (no Django), shared by the forms, the rules and the result page.
Each choice has a ``label`` (what the person ticks) and a ``phrase``: the
clause the result uses to quote it back ("You said *it is burning*").
Red-flag wording is clinical content and lives in content/result.toml.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    phrase: str
    hint: str = ""


def _index(choices: Iterable[Choice]) -> dict[str, Choice]:
    return {choice.code: choice for choice in choices}


NONE = "none"
NOT_SURE = "not-sure"

AREAS = (
    Choice("neck", "Neck", "it is in your neck"),
    Choice("arm", "Shoulder, arm or hand", "it is in your shoulder, arm or hand"),
    Choice("upper-back", "Upper back", "it is in your upper back"),
    Choice("lower-back", "Lower back", "it is in your lower back"),
    Choice(
        "leg",
        "Buttock and down one leg, below the knee",
        "it goes from your buttock down one leg, below the knee",
    ),
    Choice("feet-hands", "Both feet or both hands", "it is in both feet or both hands"),
    Choice("face", "Face", "it is in your face"),
    Choice("all-over", "Many places or all over", "it is in many places or all over"),
)

NERVE_FEELINGS = (
    Choice("burning", "Burning", "it is burning"),
    Choice(
        "shooting",
        "Electric shocks or shooting pain",
        "it feels like electric shocks or shooting pain",
    ),
    Choice(
        "tingling", "Pins and needles or tingling", "it feels like pins and needles or tingling"
    ),
    Choice("numbness", "Numbness", "it feels numb"),
    Choice(
        "light-touch",
        "It hurts when something light touches it, like clothes or bed sheets",
        "it hurts when something light touches it",
    ),
    Choice("cold", "Painful cold", "it feels painfully cold"),
)

MUSCLE_FEELINGS = (
    Choice("aching", "Aching or sore", "it aches or feels sore"),
    Choice("stiff", "Tight or stiff", "it feels tight or stiff"),
    Choice("spasms", "Cramps or spasms", "it comes with cramps or spasms"),
    Choice("tender", "Tender when you press the muscle", "the muscle is tender when you press it"),
    Choice(
        "movement",
        "Worse when you move, better when you rest",
        "it is worse when you move and better when you rest",
    ),
)

FEELINGS = (
    *NERVE_FEELINGS,
    *MUSCLE_FEELINGS,
    Choice(NOT_SURE, "I'm not sure", "you are not sure what it feels like"),
)

DURATIONS = (
    Choice("under-6-weeks", "Less than 6 weeks", "you have had it for less than 6 weeks"),
    Choice("6-to-12-weeks", "6 to 12 weeks", "you have had it for 6 to 12 weeks"),
    Choice("over-3-months", "More than 3 months", "you have had it for more than 3 months"),
    Choice(NOT_SURE, "I'm not sure", "you are not sure how long you have had it"),
)

HISTORY = (
    Choice("injury", "It started after a strain or injury", "it started after a strain or injury"),
    Choice(
        "shingles",
        "It started after shingles in the same place",
        "it started after shingles in the same place",
    ),
    Choice("diabetes", "I have diabetes", "you have diabetes"),
    Choice(
        "spasticity",
        "I have multiple sclerosis (MS), a spinal cord injury, a stroke or cerebral palsy",
        "you have MS, a spinal cord injury, a stroke or cerebral palsy",
        hint="These can cause stiffness that comes from the nervous system, called spasticity.",
    ),
    Choice(
        "cancer-treatment",
        "I am having, or have had, treatment for cancer",
        "you have had cancer treatment",
    ),
    Choice(NONE, "None of these, or I'm not sure", "none of these"),
)

AGE_GROUPS = (
    Choice("under-18", "Under 18", "you are under 18"),
    Choice("18-to-64", "18 to 64", "you are 18 to 64"),
    Choice("65-plus", "65 or older", "you are 65 or older"),
)

HEALTH = (
    Choice(
        "pregnancy",
        "I am pregnant or trying to get pregnant",
        "you are pregnant or trying to get pregnant",
    ),
    Choice("breastfeeding", "I am breastfeeding", "you are breastfeeding"),
    Choice("kidney", "Kidney problems", "you have kidney problems"),
    Choice("liver", "Liver problems", "you have liver problems"),
    Choice(
        "heart-disease",
        "Heart failure or heart disease (such as angina or a past heart attack), or a past stroke",
        "you have heart failure or heart disease, or have had a stroke",
    ),
    Choice("heart-rhythm", "Heart rhythm problems", "you have heart rhythm problems"),
    Choice(
        "ulcer-bleeding",
        "A stomach ulcer, or bleeding from the stomach or gut, now or in the past",
        "you have had a stomach ulcer or bleeding from the stomach or gut",
    ),
    Choice("asthma", "Asthma", "you have asthma"),
    Choice(
        "breathing",
        "Other breathing problems, such as COPD or sleep apnoea",
        "you have breathing problems",
    ),
    Choice("epilepsy", "Seizures or epilepsy", "you have seizures or epilepsy"),
    Choice(
        "glaucoma-urine",
        "Glaucoma, or trouble passing urine (pee)",
        "you have glaucoma or trouble passing urine",
    ),
    Choice("fall", "I have had a fall in the past year", "you have had a fall in the past year"),
    Choice(
        "substance-use",
        "I have ever had a problem with alcohol or drugs",
        "you have had a problem with alcohol or drugs",
    ),
    Choice("driving", "I drive or use machinery", "you drive or use machinery"),
    Choice(
        NOT_SURE,
        "I'm not sure about some of these",
        "you are not sure about some of these",
        hint="We will tell you which checks we could not make.",
    ),
    Choice(NONE, "None of these", "none of these"),
)

MEDICINES = (
    Choice(
        "opioids",
        "Opioid painkillers, such as codeine, tramadol, morphine or oxycodone",
        "you take opioid painkillers",
    ),
    Choice(
        "sedatives",
        "Sleeping pills or anxiety medicines, such as diazepam or zolpidem",
        "you take sleeping pills or anxiety medicines",
    ),
    Choice(
        "antidepressants",
        "An antidepressant, such as sertraline, fluoxetine, citalopram, venlafaxine, "
        "duloxetine or amitriptyline",
        "you take an antidepressant",
        hint="These are SSRI, SNRI and tricyclic antidepressants.",
    ),
    Choice(
        "maoi",
        "An MAOI, such as phenelzine, tranylcypromine, isocarboxazid or selegiline",
        "you take an MAOI",
        hint="MAOIs are an older type of antidepressant. Some are used for Parkinson's disease.",
    ),
    Choice(
        "blood-thinner",
        "A blood thinner, such as warfarin, apixaban, rivaroxaban, clopidogrel or daily aspirin",
        "you take a blood thinner",
    ),
    Choice(
        "cipro-fluvoxamine",
        "Ciprofloxacin (an antibiotic) or fluvoxamine (an antidepressant)",
        "you take ciprofloxacin or fluvoxamine",
        hint="Fluvoxamine is also an antidepressant: if you take it, tick that box too.",
    ),
    Choice(
        "muscle-relaxer",
        "A muscle relaxer, such as baclofen, tizanidine, cyclobenzaprine or methocarbamol",
        "you already take a muscle relaxer",
    ),
    Choice(
        "gabapentinoid", "Gabapentin or pregabalin", "you already take gabapentin or pregabalin"
    ),
    Choice("alcohol", "I drink alcohol on most days", "you drink alcohol on most days"),
    Choice(
        NOT_SURE,
        "I'm not sure about some of my medicines",
        "you are not sure about some of your medicines",
        hint="We will tell you which checks we could not make.",
    ),
    Choice(NONE, "None of these", "none of these"),
)

AREA = _index(AREAS)
FEELING = _index(FEELINGS)
DURATION = _index(DURATIONS)
HISTORY_CHOICE = _index(HISTORY)
AGE_GROUP = _index(AGE_GROUPS)
HEALTH_CHOICE = _index(HEALTH)
MEDICINE = _index(MEDICINES)
