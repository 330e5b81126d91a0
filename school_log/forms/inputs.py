"""Checking what a person (or a script) hands us, before anything is written.

Each kind of input is a frozen pydantic model with unknown keys refused, so a typo
never silently drops a fact. Each `parse_*` takes the JSON object of one CLI command
or screen and returns clean values, or raises InputError naming the form, the field
and the problem (one line, the first problem found).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import Field, PlainValidator, ValidationError, ValidationInfo, field_validator

from school_log.body_regions import region as lookup_region
from school_log.errors import InputError
from school_log.forms.fields import (
    MAX_COVERED,
    MAX_MARKS,
    MAX_SHORT,
    NOT_GIVEN,
    Flag,
    InputForm,
    Instant,
    MaybeFlag,
    RequiredShortText,
    RequiredText,
    ShortText,
    Text,
    Texts,
    choose,
    day,
    has_control,
    input_error,
    items,
    no_items,
    number,
    one_of,
    problem,
    some_of,
)
from school_log.model import (
    AGENCIES,
    CATEGORIES,
    CONDITIONS,
    CONSENTS,
    COVERS_UNREVIEWED,
    EXPLAINED_BY,
    HURT_BY,
    MARK_TYPES,
    NOTIFICATION_KINDS,
    OUTCOMES,
    REFERRAL_OUTCOMES,
    REFERRING_OUTCOMES,
    VIEWS,
    BodyMark,
)

Form = TypeVar("Form", bound=InputForm)


def checked(model: type[Form], data: Any, form: str, now: datetime | None = None) -> Form:
    """`data` as `model`, or the first thing wrong with it as InputError about `form`
    (`now`: the school's clock, for a form holding a time)."""
    try:
        return model.model_validate(data, context={"now": now})
    except ValidationError as error:
        raise input_error(error, form, model) from None


class ConcernForm(InputForm):
    # The list of marks is checked first (too many is refused before anything is read);
    # each mark is then checked by `MarkForm`, once the rest of the concern is good.
    body_marks: Annotated[tuple[Any, ...], items(MAX_MARKS)] = Field(default_factory=no_items)
    pupil: RequiredShortText = ""
    occurred_at: Instant = NOT_GIVEN
    location: ShortText = ""
    categories: Annotated[tuple[str, ...], some_of(CATEGORIES)] = Field(default_factory=no_items)
    what_happened: RequiredText = ""
    child_words: Text = ""
    opinion: Text = ""
    action_taken: Text = ""
    informed: Texts = Field(default_factory=no_items)
    urgent: Flag = False
    hurt_by: Annotated[str, PlainValidator(lambda value: "" if value in (None, "") else choose(value, HURT_BY))] = ""
    frightened_to_go_home: Flag = False
    immediate_danger: Flag = False
    household_child_affected: Flag = False


class MarkForm(InputForm):
    view: Annotated[str, one_of(VIEWS)] = NOT_GIVEN
    region: RequiredShortText = ""
    type: Annotated[str, one_of(MARK_TYPES)] = NOT_GIVEN
    x: Annotated[float | None, number(0, 1)] = None
    y: Annotated[float | None, number(0, 1)] = None
    size_mm: Annotated[int | None, number(0, 2000, integer=True)] = None
    shape: ShortText = ""
    colour: ShortText = ""
    skin_broken: Flag = False
    explanation: Text = ""
    explained_by: Annotated[str, one_of(EXPLAINED_BY)] = "none"
    witnessed_by: Text = ""

    @field_validator("region")
    @classmethod
    def _on_the_view(cls, region_id: str, info: ValidationInfo) -> str:
        """A body region that exists, on the view chosen (a bad view was said already)."""
        try:
            region = lookup_region(region_id)
        except InputError:
            raise problem(f"{region_id!r} is not a body region (see 'school-log body-regions')") from None
        view = info.data.get("view")
        if view is not None and region.view != view:
            raise problem(f"{region_id!r} is on the {region.view} view, not the {view}")
        return region_id


class NotificationForm(InputForm):
    pupil: RequiredShortText = ""
    agency: Annotated[str, one_of(AGENCIES)] = NOT_GIVEN
    kind: Annotated[str, one_of(NOTIFICATION_KINDS)] = "other"
    occurred_at: Instant = NOT_GIVEN
    reference: ShortText = ""
    summary: RequiredText = ""
    child_present: MaybeFlag = None
    child_voice: Text = ""


class AddendumForm(InputForm):
    text: RequiredText = ""


def _covers(value: Any) -> Any:
    """`COVERS_UNREVIEWED` (every entry not yet decided on) or the ids of the entries covered."""
    if value != COVERS_UNREVIEWED and not (
        isinstance(value, list) and value and all(isinstance(c, str) for c in value)
    ):
        raise problem(f'must be "{COVERS_UNREVIEWED}" or a non-empty list of entry ids')
    if isinstance(value, list) and len(value) > MAX_COVERED:
        raise problem(f"has {len(value)} entries; at most {MAX_COVERED} in one decision")
    return value


def _consent(value: Any) -> str:
    """Which consent was asked for and given; not said is empty."""
    return "" if value in (None, "") else choose(value, CONSENTS)


class DecisionForm(InputForm):
    covers: Annotated[str | list[str], PlainValidator(_covers)] = COVERS_UNREVIEWED
    level: Annotated[
        int, number(1, 4, integer=True, missing="is required (1 universal, 2 additional, 3 early help, 4 statutory)")
    ] = NOT_GIVEN
    outcome: Annotated[str, one_of(OUTCOMES)] = NOT_GIVEN
    rationale: RequiredText = ""
    agency: ShortText = ""
    reference: ShortText = ""
    review_by: Annotated[date | None, day()] = None
    supersedes: ShortText = ""
    parents_informed: MaybeFlag = None
    parents_not_informed_why: Text = ""
    consent: Annotated[str, PlainValidator(_consent)] = ""
    discussed_with: Texts = Field(default_factory=no_items)
    why_now: Text = ""
    immediate_risk: Text = ""


class ReferralOutcomeForm(InputForm):
    decision: RequiredShortText = ""
    outcome: Annotated[str, one_of(REFERRAL_OUTCOMES)] = NOT_GIVEN
    notes: Text = ""


class TaskForm(InputForm):
    due: Annotated[date, day(missing="is required (YYYY-MM-DD)")] = NOT_GIVEN
    text: RequiredText = ""
    assignee: RequiredShortText = ""


class TaskDoneForm(InputForm):
    task: RequiredText = ""
    note: RequiredText = ""


class ConditionForm(InputForm):
    pupil: RequiredShortText = ""
    condition: Annotated[str, one_of(CONDITIONS)] = NOT_GIVEN
    name: ShortText = ""
    source: RequiredText = ""
    regions: Texts = Field(default_factory=no_items)
    mark_types: Annotated[tuple[str, ...], some_of(MARK_TYPES)] = Field(default_factory=no_items)

    @field_validator("regions")
    @classmethod
    def _on_the_body_map(cls, regions: tuple[str, ...]) -> tuple[str, ...]:
        """The baseline is body-map regions that exist, each once."""
        for region_id in regions:
            try:
                lookup_region(region_id)
            except InputError:
                raise problem(f"{region_id!r} is not a body region (see 'school-log body-regions')") from None
        return tuple(dict.fromkeys(regions))


def parse_concern(data: Any, now: datetime) -> dict[str, Any]:
    values = dict(checked(ConcernForm, data, "concern", now))
    marks: tuple[Any, ...] = values.pop("body_marks")
    return values | {"body_marks": tuple(parse_mark(mark, n) for n, mark in enumerate(marks, 1))}


def parse_mark(data: Any, number: int = 1) -> BodyMark:
    return BodyMark(**dict(checked(MarkForm, data, f"body mark {number}")))


def parse_notification(data: Any, now: datetime) -> dict[str, Any]:
    return dict(checked(NotificationForm, data, "notification", now))


def parse_condition(data: Any) -> dict[str, Any]:
    """A known health condition for a pupil's record: a birthmark needs its place on the body map (its
    baseline), "other" the marks it explains, so a condition never explains marks nobody said it does."""
    values = checked(ConditionForm, data, "health condition")
    if values.condition == "birthmark" and not values.regions:
        raise InputError("say where the birthmark is (its body-map regions)", form="health condition", field="regions")
    if values.condition == "other" and not values.mark_types:
        raise InputError("say which marks it explains", form="health condition", field="mark_types")
    return dict(values)


def parse_addendum(data: Any) -> dict[str, Any]:
    return dict(checked(AddendumForm, data, "addendum"))


def parse_decision(data: Any, now: datetime | None = None) -> dict[str, Any]:
    """A decision; with the school's clock (`now`) its review date is checked to be one someone meant."""
    values = checked(DecisionForm, data, "decision", now)
    if values.outcome in REFERRING_OUTCOMES and not values.agency:
        raise InputError("name the agency when referring", form="decision", field="agency")
    if values.parents_informed is False and not values.parents_not_informed_why:
        raise InputError(
            "say why the parents or carers were not told", form="decision", field="parents_not_informed_why"
        )
    return dict(values)


def parse_referral_outcome(data: Any) -> dict[str, Any]:
    return dict(checked(ReferralOutcomeForm, data, "referral outcome"))


def parse_task(data: Any, now: datetime | None = None) -> dict[str, Any]:
    return dict(checked(TaskForm, data, "task", now))


def parse_task_done(data: Any) -> dict[str, Any]:
    return dict(checked(TaskDoneForm, data, "task done"))


#: An entry's links to other entries, by kind: ids in the log that holds it. They are not typed into a form
#: but chosen from the log; an entry from another school's log has them re-pointed where it lands.
LINKS: dict[str, tuple[str, ...]] = {
    "decision": ("covers", "supersedes"),
    "addendum": ("refers_to",),
    "referral-outcome": ("decision_id",),
    "task-done": ("task_id",),
}
#: How each kind's stored fields are checked as if typed: the form's parser, and what it needs that a stored
#: entry does not hold (the pupil, or the entry it answers, are the record's and its links' business).
_AS_TYPED: dict[str, tuple[Callable[[dict[str, Any], datetime], dict[str, Any]], dict[str, Any]]] = {
    "concern": (parse_concern, {"pupil": "-"}),
    "notification": (parse_notification, {"pupil": "-"}),
    "decision": (parse_decision, {"covers": COVERS_UNREVIEWED, "supersedes": ""}),
    "addendum": (lambda data, now: parse_addendum(data), {}),
    "referral-outcome": (lambda data, now: parse_referral_outcome(data), {"decision": "-"}),
    "task": (parse_task, {}),
    "task-done": (lambda data, now: parse_task_done(data), {"task": "-"}),
    "health": (lambda data, now: parse_condition(data), {"pupil": "-"}),
}


def parse_stored(kind: str, data: Any, now: datetime) -> dict[str, Any]:
    """An entry as another school-log stores it (e.g. in a transferred file), checked exactly as if it were
    typed here: the same forms, caps and vocabularies. Its values, with its links as they came (checked to
    be ids; the caller decides what they may point at)."""
    if kind not in _AS_TYPED:
        raise InputError(f"{kind!r} is not a kind of entry")
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", form=kind)
    fields = dict(data)
    links = {name: fields.pop(name) for name in LINKS.get(kind, ()) if name in fields}
    kept = {"assignee_name": fields.pop("assignee_name", "")} if kind == "task" else {}
    parse, stand_ins = _AS_TYPED[kind]
    values = {name: value for name, value in parse(fields | stand_ins, now).items() if name not in stand_ins}
    for name, value in kept.items():
        if not isinstance(value, str) or len(value) > MAX_SHORT or has_control(value, one_line=True):
            raise InputError("must be short text", form=kind, field=name)
    return values | kept | {name: _link(kind, name, links.get(name, "")) for name in LINKS.get(kind, ())}


def _link(kind: str, name: str, value: Any) -> Any:
    """A link as stored: ids (a decision covers a list of them, perhaps empty; supersedes may be empty)."""
    if name == "covers":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise InputError("must be a list of entry ids", form=kind, field=name)
        if len(value) > MAX_COVERED:
            raise InputError(f"has {len(value)} entries; at most {MAX_COVERED} in one decision", form=kind, field=name)
        return tuple(value)
    if not isinstance(value, str) or len(value) > MAX_SHORT or has_control(value, one_line=True):
        raise InputError("must be an entry id", form=kind, field=name)
    if not value and name != "supersedes":
        raise InputError("is required", form=kind, field=name)
    return value


SCHEMAS: dict[str, type[InputForm]] = {
    "concern": ConcernForm,
    "body-mark": MarkForm,
    "notification": NotificationForm,
    "addendum": AddendumForm,
    "decision": DecisionForm,
    "referral-outcome": ReferralOutcomeForm,
    "task": TaskForm,
    "task-done": TaskDoneForm,
    "health-condition": ConditionForm,
}
"""Every JSON input by the name `school-log schema` gives it (its JSON Schema is the model's own)."""
