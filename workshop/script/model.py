"""The session script: what a facilitator writes in YAML, as typed, validated objects.

Pydantic checks the shape (types, required fields, unknown keys); the rules a facilitator
could get wrong are validators here. They raise `rule(...)` (see problems.py): our own error
type, message and the field below the model to point at, so no message is pydantic's wording.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .problems import rule

class ThemeName:
    """A theme's name: English, a message of the Babel catalogue, translated when it is read
    (`THEMES[theme][language]`, in the script's language)."""

    LANGUAGES = ("nl", "en")

    def __init__(self, msgid: str):
        self.msgid = msgid

    def __getitem__(self, language: str) -> str:
        if language not in self.LANGUAGES:
            raise KeyError(language)
        from ..messages import translate    # here, not at import: the model needs no Flask
        return translate(self.msgid, language)

    def __iter__(self):
        return iter(self.LANGUAGES)

    def __str__(self) -> str:
        return self.msgid

    def __repr__(self) -> str:
        return f"ThemeName({self.msgid!r})"


def _themes() -> dict[str, ThemeName]:
    N_ = ThemeName      # the marker `pybabel extract` looks for; local, so nothing else sees it
    return {
        "opening": N_("Opening"),
        "foundation": N_("Trust as the foundation"),
        "communication": N_("Open communication"),
        "integrity": N_("Integrity and reliability"),
        "repair": N_("Repairing trust"),
        "building": N_("Building trust"),
        "help": N_("When repair does not work"),
        "closing": N_("Closing"),
    }


THEMES = _themes()
Theme = Literal["opening", "foundation", "communication", "integrity", "repair", "building",
                "help", "closing"]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
StepId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=64)]
Minutes = Annotated[float, Field(gt=0, le=240)]
ROLE_NAMES = {"speaker-listener": ("speaker", "listener"), "a-b": ("a", "b")}


class Strict(BaseModel):
    # A typo in a key must be an error, never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepBase(Strict):
    id: StepId
    minutes: Minutes
    notes: Text
    content_note: ShortText | None = None


class InfoStep(StepBase):
    kind: Literal["info"]
    title: ShortText
    body: Text


class Scale(Strict):
    min: int
    max: int
    min_label: ShortText
    max_label: ShortText

    @model_validator(mode="after")
    def _range(self):
        if self.min >= self.max:
            raise rule("scale_order", at="min", min=self.min, max=self.max)
        if self.max - self.min > 10:
            raise rule("scale_width", at="max", min=self.min, max=self.max)
        return self


class PollStep(StepBase):
    kind: Literal["poll"]
    question: ShortText
    type: Literal["single", "multiple", "scale", "words"]
    options: list[ShortText] | None = None
    max_choices: Annotated[int, Field(ge=1)] | None = None
    scale: Scale | None = None
    max_words: Annotated[int, Field(ge=1, le=10)] = 3
    results: Literal["live", "reveal"] = "live"
    # Each partner answers alone: the answer reaches no one else; the console sees the
    # aggregate, the screen only when `on_screen` says so (docs/script-format.md).
    private: bool = False
    on_screen: bool | None = None       # default: not for a private poll, else yes

    @property
    def screen_shows(self) -> bool:
        return self.on_screen if self.on_screen is not None else not self.private

    @model_validator(mode="after")
    def _fits_type(self):
        choice = self.type in ("single", "multiple")
        if choice and not self.options:
            raise rule("choice_needs_options", at="type", type=self.type)
        if choice:
            if not 2 <= len(self.options) <= 12:
                raise rule("choice_option_count", at="options", count=len(self.options))
            if len(set(self.options)) != len(self.options):
                raise rule("options_repeated", at="options")
        if not choice and self.options is not None:
            raise rule("options_unused", at="options", type=self.type)
        if self.max_choices is not None:
            if self.type != "multiple":
                raise rule("max_choices_unused", at="max_choices")
            if self.options and self.max_choices > len(self.options):
                raise rule("max_choices_too_many", at="max_choices", max_choices=self.max_choices,
                           count=len(self.options))
        if self.type == "scale" and self.scale is None:
            raise rule("scale_needed", at="type")
        if self.type != "scale" and self.scale is not None:
            raise rule("scale_unused", at="scale", type=self.type)
        return self


class CheckIn(PollStep):
    """A private poll each person answers on joining, before anything else ("How are you
    arriving tonight?"): the script's `check_in`. Not a step: no minutes, no place in the
    agenda; its answers, like a private poll's, reach the console only as the room's."""
    id: StepId = "check-in"
    kind: Literal["poll"] = "poll"
    minutes: float = 0
    notes: str = ""
    private: Literal[True] = True


class ReflectionStep(StepBase):
    kind: Literal["reflection"]
    prompt: ShortText
    approval: bool = False
    # Written for oneself: never on the wall or the console (it shows how many wrote).
    private: bool = False

    @model_validator(mode="after")
    def _private_has_no_wall(self):
        if self.private and self.approval:
            raise rule("approval_private", at="approval")
        return self


class Round(Strict):
    minutes: Minutes
    prompts: dict[str, Text]
    note: ShortText | None = None


class PairStep(StepBase):
    kind: Literal["pair"]
    title: ShortText
    roles: Literal["speaker-listener", "a-b"]
    swap: bool = True
    rounds: Annotated[list[Round], Field(min_length=1, max_length=12)]

    @model_validator(mode="after")
    def _prompts_per_role(self):
        wanted = ROLE_NAMES[self.roles]
        for i, round_ in enumerate(self.rounds):
            if set(round_.prompts) != set(wanted):
                raise rule("round_prompts", at=f"rounds.{i}.prompts", n=i + 1, roles=" and ".join(wanted),
                           has=", ".join(round_.prompts) or "none")
        return self

    def role_for(self, round_index: int, seat: int, size: int = 2) -> str:
        """The role of a seat in a round: seat 0 starts in the first role (speaker or A).

        With `swap`, the first role passes to the next seat each round; in a trio one person
        holds the first role and the other two the second, in turn.
        """
        first = round_index % size if self.swap else 0
        return ROLE_NAMES[self.roles][0 if seat == first else 1]


class BreakStep(StepBase):
    kind: Literal["break"]
    message: ShortText


Step = Annotated[Union[InfoStep, PollStep, ReflectionStep, PairStep, BreakStep],
                 Field(discriminator="kind")]
STEP_KINDS = {"info": InfoStep, "poll": PollStep, "reflection": ReflectionStep,
              "pair": PairStep, "break": BreakStep}


class Section(Strict):
    title: ShortText
    theme: Theme
    steps: Annotated[list[Step], Field(min_length=1)]


# A help entry's text that the facilitator still has to fill in: "[fill in: …]" (the English
# script is not tied to a country, so its local numbers are left for the facilitator).
PLACEHOLDER = "[fill in"


class HelpEntry(Strict):
    """Where a participant can find help: on every phone behind the Help button, and on the
    take-home card. `for` says what it is for ("for domestic violence and abuse")."""
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    name: ShortText
    for_: ShortText = Field(alias="for")
    phone: ShortText | None = None
    web: ShortText | None = None
    hours: ShortText | None = None

    def placeholder(self) -> bool:
        texts = (self.name, self.for_, self.phone, self.web, self.hours)
        return any(t and PLACEHOLDER in t.lower() for t in texts)


class Script(Strict):
    title: ShortText
    language: Literal["nl", "en"]
    description: Text
    min_answers: Annotated[int, Field(ge=1, le=50)] = 3
    help: Annotated[list[HelpEntry], Field(max_length=12)] = []
    check_in: CheckIn | None = None
    # Anonymous questions for the facilitator (docs/script-format.md): "always", "off", or
    # the ids of the steps during which phones may ask. Checked by `_questions_setting`
    # (YAML reads a bare off as false and on as true: both are taken as meant).
    questions: Any = "off"
    questions_approval: bool = False
    sections: Annotated[list[Section], Field(min_length=1)]

    @model_validator(mode="after")
    def _check_in_id_is_its_own(self):
        if self.check_in and any(step.id == self.check_in.id for step in self.steps):
            raise rule("check_in_id", at="check_in.id", id=self.check_in.id)
        return self

    @model_validator(mode="after")
    def _questions_setting(self):
        value = self.questions
        if isinstance(value, list):
            ids = {step.id for step in self.steps}
            if not value:
                raise rule("questions_value", at="questions", value="[]")
            for i, item in enumerate(value):
                if not isinstance(item, str) or item not in ids:
                    raise rule("questions_unknown_step", at=f"questions.{i}", id=item)
        elif not isinstance(value, bool) and value not in ("always", "off"):
            raise rule("questions_value", at="questions", value=repr(value))
        return self

    @property
    def questions_on(self) -> bool:
        """Whether phones have questions at all (to ask during some steps, and to upvote)."""
        return self.questions not in (False, "off")

    def questions_open(self, step_id: str | None) -> bool:
        """Whether a phone may ask a question now, on step `step_id` (None: the lobby)."""
        if isinstance(self.questions, list):
            return step_id in self.questions
        return self.questions_on

    def poll_named(self, step_id: str):
        """The check-in when `step_id` is its id (phones answer it whatever the step)."""
        return self.check_in if self.check_in and self.check_in.id == step_id else None

    @property
    def steps(self) -> list:
        return [step for section in self.sections for step in section.steps]

    def section_of(self, index: int) -> Section:
        for section in self.sections:
            if index < len(section.steps):
                return section
            index -= len(section.steps)
        raise IndexError(index)

    @property
    def total_minutes(self) -> float:
        return sum(step.minutes for step in self.steps)
