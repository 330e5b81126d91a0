"""Plain domain objects: what is recorded about a pupil, with no storage or screen in sight.

Every entry is immutable once written; corrections are `Addendum`s that point at
the entry they correct. Times are timezone-aware UTC datetimes. The classes also
declare the shape they are stored in (read by pydantic in `school_log.codec`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, PlainSerializer, with_config

from storage.accounts import ROLES as ROLES  # the vault checks an account's role; the screens offer them

CATEGORIES: tuple[str, ...] = (
    "physical",
    "emotional",
    "sexual",
    "neglect",
    "child-on-child",
    "online",
    "domestic-abuse",
    "cse",
    "cce",
    "fgm",
    "forced-marriage",
    "honour-based-abuse",
    "radicalisation",
    "mental-health",
    "self-harm",
    "missing-education",
    "attendance",
    "other",
)
MARK_TYPES: tuple[str, ...] = (
    "bruise",
    "cut",
    "graze",
    "burn",
    "scald",
    "bite",
    "scratch",
    "swelling",
    "mark",
    "other",
)
EXPLAINED_BY: tuple[str, ...] = ("child", "parent", "carer", "other", "none")
#: "Did the child say someone hurt them, or someone at home? Who?" ("" = not said).
HURT_BY: tuple[str, ...] = ("parent-carer", "other-adult", "child", "unknown")
HURT_BY_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "parent-carer": "a parent or carer",
        "other-adult": "another adult",
        "child": "another child",
        "unknown": "someone (not said who)",
    }
)
"""Who the child said hurt them, in words: on screen, in the exports and in the flags."""
#: The concern form's questions, kept in the JSON only when answered (entries before them read as unanswered).
ASKED: tuple[str, ...] = ("hurt_by", "frightened_to_go_home", "immediate_danger", "household_child_affected")
VIEWS: tuple[str, ...] = ("front", "back")
OUTCOMES: tuple[str, ...] = (
    "refer-social-care",
    "refer-police",
    "early-help",
    "lado",
    "consult",
    "monitor",
    "no-further-action",
)
OUTCOME_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "refer-social-care": "Refer to children's social care",
        "refer-police": "Refer to police",
        "early-help": "Early help",
        "lado": "Refer to the LADO (allegation about an adult)",
        "consult": "Consult social care (advice, no referral)",
        "monitor": "Monitor in school",
        "no-further-action": "No further action",
    }
)
"""Each outcome in words: on screen and in the exports."""
#: Outcomes that refer the case to another agency: the agency must be named (early help may be school-led).
REFERRING_OUTCOMES: frozenset[str] = frozenset({"refer-social-care", "refer-police", "lado"})
REFERRAL_OUTCOMES: tuple[str, ...] = ("accepted", "s17", "s47", "no-further-action", "stepped-down")
REFERRAL_OUTCOME_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "accepted": "Accepted",
        "s17": "Section 17 (child in need)",
        "s47": "Section 47 (child protection enquiry)",
        "no-further-action": "No further action",
        "stepped-down": "Stepped down",
    }
)
"""What the agency decided, in words: on screen and in the exports."""
#: Whether the parents' or carers' consent was asked for a decision's referral or support.
CONSENTS: tuple[str, ...] = ("given", "refused", "not-sought")
AGENCIES: tuple[str, ...] = ("police", "health", "social-care", "other")
AGENCY_NAMES: Mapping[str, str] = MappingProxyType(
    {"police": "Police", "health": "Health", "social-care": "Children's social care", "other": "Other agency"}
)
"""Each agency as people name it: on screen and in the flags' summaries."""
NOTIFICATION_KINDS: tuple[str, ...] = ("operation-encompass", "other")
NOTIFICATION_KIND_NAMES: Mapping[str, str] = MappingProxyType(
    {"operation-encompass": "Operation Encompass", "other": "Other notification"}
)
"""Each kind of agency notification in words: on screen and in the exports."""
PUPIL_FLAGS: tuple[str, ...] = ("cp-plan", "cin", "looked-after", "sen", "eal")
#: Known health conditions a DSL records on a pupil's file (what each explains: `school_log.health`).
CONDITIONS: tuple[str, ...] = ("eczema", "bleeding-disorder", "brittle-bones", "birthmark", "other")

#: What is stored or cached is read back as exactly its shape: an unknown field is refused, not dropped.
_STORED = ConfigDict(extra="forbid")
#: A time as the log has always written it, `isoformat()` ("+00:00"; pydantic alone writes "Z"), and read
#: back in the standard library's UTC: pydantic's own zone object made the review's sorting 5–10% slower.
Instant = Annotated[
    datetime,
    AfterValidator(lambda moment: moment.astimezone(UTC)),
    PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
]
#: A number kept as typed: a whole 0 stays 0 in the payload, not 0.0 (a `float` field would make it one).
Number = float | int

COVERS_UNREVIEWED = "unreviewed"
"""A decision's `covers` meaning every entry on the pupil's file no decision covers yet."""
MONTHS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""The month words every date is written with (not %b: the locale must not change the words)."""


def age_in_months(born: date, day: date) -> int:
    """Whole months of age on `day` (the one age sum: `Pupil.age_on` is this in years)."""
    return (day.year - born.year) * 12 + (day.month - born.month) - (day.day < born.day)


@with_config(_STORED)
@dataclass(frozen=True)
class Pupil:
    """A child on the school roll, as imported from the MIS (or one who has left: `left_on`)."""

    id: str
    upn: str
    given_name: str
    family_name: str
    date_of_birth: date
    year_group: str
    household: str
    preferred_name: str = ""
    sex: str = ""
    flags: tuple[str, ...] = ()
    preferred_surname: str = ""
    middle_names: str = ""
    left_on: date | None = None  # the day they left the school: kept for retention and transfer, not on roll

    @property
    def name(self) -> str:
        """The name staff know the child by, with the legal name kept recognisable."""
        given = self.preferred_name or self.given_name
        return f"{given} {self.preferred_surname or self.family_name}"

    def age_on(self, day: date) -> int:
        """Whole years of age on `day`."""
        return age_in_months(self.date_of_birth, day) // 12


@with_config(_STORED)
@dataclass(frozen=True)
class Contact:
    """A parent, carer or other adult the school may call about the child (a CTF <Contact>)."""

    name: str
    relationship: str = ""
    parental_responsibility: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""  # "" when they live at the child's address


@with_config(_STORED)
@dataclass(frozen=True)
class Family:
    """What a MASH asks about the child's home before acting: sealed with the roster as its own record,
    imported from the MIS (CTF or CSV) and corrected by a DSL in the app."""

    address: str = ""
    first_language: str = ""
    interpreter: bool | None = None  # None: not known
    ethnicity: str = ""
    send: str = ""  # special educational needs and disabilities, in words
    gp: str = ""
    contacts: tuple[Contact, ...] = ()
    household_members: tuple[str, ...] = ()  # others at home, not only siblings on roll, e.g. "Dan Price (stepfather)"

    def merged_over(self, older: Family) -> Family:
        """This (a new import) over what was known: a field the file leaves empty keeps what a DSL or an
        earlier file recorded, so an export without contacts never wipes them."""
        kept = {
            name: getattr(older, name) for name in self.__dataclass_fields__ if getattr(self, name) in ("", (), None)
        }
        return replace(self, **kept)


@with_config(_STORED)
@dataclass(frozen=True)
class BodyMark:
    """One mark on a body map. Never a photograph: a described, located mark."""

    view: str
    region: str
    type: str
    x: Number | None = None
    y: Number | None = None
    size_mm: int | None = None
    shape: str = ""
    colour: str = ""
    skin_broken: bool = False
    explanation: str = ""
    explained_by: str = "none"
    witnessed_by: str = ""  # who saw it happen ("Mr Patel, PE"); "" = nobody on the staff saw it


@with_config(_STORED)
@dataclass(frozen=True)
class Origin:
    """Where a transferred entry was written: the school (named as this school pinned its key, whose
    fingerprint this is), its author and their role there, when they wrote it, its id there, and the bundle
    it arrived in here. The review weighs such an entry as that school's, never as the importing DSL's."""

    school: str
    fingerprint: str
    author: str
    role: str
    recorded_at: Instant
    id: str
    bundle: str = ""  # "" for entries landed before bundles were named here


@with_config(_STORED)
@dataclass(frozen=True)
class Concern:
    """What a member of staff saw or heard, facts kept apart from opinion."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    occurred_at: Instant
    what_happened: str
    location: str = ""
    categories: tuple[str, ...] = ()
    child_words: str = ""
    opinion: str = ""
    action_taken: str = ""
    informed: tuple[str, ...] = ()
    urgent: bool = False
    body_marks: tuple[BodyMark, ...] = ()
    transferred: Origin | None = None
    # The form's questions in a teacher's words (`ASKED`): who the child said hurt them (one of HURT_BY);
    # frightened to go home; police called or anyone in immediate danger; a baby or another child at home affected.
    hurt_by: str = ""
    frightened_to_go_home: bool = False
    immediate_danger: bool = False
    household_child_affected: bool = False


@with_config(_STORED)
@dataclass(frozen=True)
class Notification:
    """Information from another agency, e.g. an Operation Encompass call from the police."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    occurred_at: Instant
    agency: str
    kind: str
    summary: str
    reference: str = ""
    child_present: bool | None = None
    child_voice: str = ""
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class Decision:
    """The DSL's decision on one or more concerns, with reasons (also for not referring)."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    covers: tuple[str, ...]
    outcome: str
    level: int
    rationale: str
    agency: str = ""
    reference: str = ""
    review_by: date | None = None
    supersedes: str = ""  # an earlier decision this one replaces (which stays in the record)
    parents_informed: bool | None = None
    parents_not_informed_why: str = ""
    consent: str = ""  # one of CONSENTS, or "" when not recorded
    discussed_with: tuple[str, ...] = ()
    why_now: str = ""  # a referral's reason in a few lines: the first thing the agency reads
    immediate_risk: str = ""  # the risk today: is the child safe to go home tonight?
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class ReferralOutcome:
    """What the agency decided about a referral, recorded when it comes back."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    decision_id: str
    outcome: str
    notes: str = ""
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class Addendum:
    """A correction or follow-up to an earlier entry; the original stays as written."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    refers_to: str
    text: str
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class Task:
    """Something to do about a pupil ("speak to mum", "chase MASH"), for someone, by a date."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    text: str
    assignee: str  # an account id
    due: date
    assignee_name: str = ""  # as the account was named when the task was set
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class TaskDone:
    """A task done, with a note of what was done; `task_id` may also name a referral's decision
    (its automatic one-working-day chase, see `school_log.tasks`)."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    task_id: str
    note: str
    transferred: Origin | None = None


@with_config(_STORED)
@dataclass(frozen=True)
class KnownCondition:
    """A known health condition or birthmark on the pupil's record, entered by a DSL from a care plan or the
    records seen at entry: which marks it explains (types, and for a birthmark the body-map baseline)."""

    id: str
    pupil_id: str
    author_id: str
    recorded_at: Instant
    condition: str  # one of CONDITIONS
    name: str  # as the plan names it: "haemophilia A", "Mongolian blue spots"
    source: str  # what it rests on: "health care plan, GP letter 2025", "red book; health visitor"
    regions: tuple[str, ...] = ()  # the body-map baseline; () = anywhere on the body
    mark_types: tuple[str, ...] = ()  # the marks it explains; () = the condition's usual ones
    transferred: Origin | None = None


Entry = Concern | Notification | Decision | ReferralOutcome | Addendum | Task | TaskDone | KnownCondition


def senders(entries: Iterable[Entry]) -> dict[str, str]:
    """Each transferred entry's id, and the key of the school it came from (for `held_covers`)."""
    return {e.id: e.transferred.fingerprint for e in entries if e.transferred is not None}


def held_covers(decision: Decision, sender_of: Mapping[str, str]) -> tuple[str, ...]:
    """What a decision covers here: all it names if it was made here; if it was transferred from another
    school, only entries that came from that same school (in its bundle, or one it sent before: a file sent
    again lands only what is new) — never this school's own."""
    origin = decision.transferred
    if origin is None:
        return decision.covers
    return tuple(c for c in decision.covers if sender_of.get(c) == origin.fingerprint)


def covered(entries: Sequence[Entry]) -> set[str]:
    """The ids of the entries some decision among `entries` covers (`held_covers`)."""
    sender_of = senders(entries)
    return {c for e in entries if isinstance(e, Decision) for c in held_covers(e, sender_of)}


def when(entry: Entry) -> datetime:
    """Where an entry belongs in time: when it happened, else when it was written."""
    return getattr(entry, "occurred_at", None) or entry.recorded_at


@with_config(_STORED)
@dataclass(frozen=True)
class Flag:
    """One reason a pupil needs the DSL now, naming the entries it rests on."""

    code: str
    summary: str
    entries: tuple[str, ...] = ()
    weight: float = 1


@with_config(_STORED)
@dataclass(frozen=True)
class ReviewItem:
    """A pupil on the DSL's list: how strongly, and why, a decision is needed now."""

    pupil: Pupil
    prompt: str  # "consider-referral" | "review"
    unreviewed: int
    oldest_unreviewed_at: Instant | None
    flags: tuple[Flag, ...] = field(default_factory=tuple)
    score: float = 0  # every flag's weight added up
    strength: float = 0  # the weighted case behind the prompt: the pattern flags that count now
    referral_status: str = ""  # "Referred — awaiting outcome", "Open s47"...; "" when no referral is live
