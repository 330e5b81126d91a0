"""The body-map vocabulary: every place on a child's body a mark can be recorded.

A `BodyMark.region` is one of the ids below; `region(id)` turns an id into its
`Region` (view, side and a label staff can read) or refuses it with `InputError`.

Id scheme (all kebab-case, ASCII, unique across both views):

* ``[side-]part[-view]``.
* ``side`` is ``left-`` or ``right-`` for paired parts, and always means the
  *child's* left or right, never the viewer's. Parts on the midline (nose,
  abdomen, upper back...) have no side prefix and ``side == "centre"``.
* ``view`` is a ``-front`` / ``-back`` suffix, added only to parts that are drawn
  on both the front and the back view (shoulders, neck and every limb segment
  except shin and calf): ``left-upper-arm-front``, ``left-upper-arm-back``,
  ``neck-front``, ``neck-back``. A part seen from one view only carries no
  suffix: ``forehead``, ``left-eye``, ``left-cheek``, ``left-jaw``,
  ``left-chest``, ``genital-area``, ``back-of-head``, ``upper-back``,
  ``left-buttock``, ``left-shin`` (front), ``left-calf`` (back).
* On the front view the hand is the palm and the foot is its top; on the back
  view the hand is its back and the foot is heel and sole; the elbow-front is
  the inner elbow and the knee-back the hollow behind the knee.

The vocabulary is append-only in spirit: ids are stored inside sealed entries,
so renaming one would orphan every mark already recorded against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from school_log.errors import InputError
from school_log.model import VIEWS

SIDES: tuple[str, ...] = ("left", "right", "centre")


@dataclass(frozen=True)
class Region:
    """One named area of a body-map view; `side` is the child's side."""

    id: str
    view: str
    side: str
    label: str


def _centre(id_: str, view: str, label: str) -> Region:
    return Region(id_, view, "centre", label)


def _pair(part: str, view: str, label: str, *, suffix: bool) -> tuple[Region, Region]:
    """Left and right regions of a paired part; `label` is lower-case ("upper arm")."""
    out = []
    for side in ("left", "right"):
        id_ = f"{side}-{part}-{view}" if suffix else f"{side}-{part}"
        text = f"{side.capitalize()} {label}"
        if suffix:
            text += f" ({view})"
        out.append(Region(id_, view, side, text))
    return out[0], out[1]


def _build() -> tuple[Region, ...]:
    regions: list[Region] = []
    add = regions.append
    extend = regions.extend

    # Head and face: front view.
    add(_centre("scalp", "front", "Scalp (top of head)"))
    add(_centre("forehead", "front", "Forehead"))
    extend(_pair("eye", "front", "eye", suffix=False))
    extend(_pair("ear", "front", "ear", suffix=False))
    add(_centre("nose", "front", "Nose"))
    extend(_pair("cheek", "front", "cheek", suffix=False))
    add(_centre("mouth", "front", "Mouth and lips"))
    extend(_pair("jaw", "front", "jaw", suffix=False))
    add(_centre("chin", "front", "Chin"))
    add(_centre("neck-front", "front", "Neck (front)"))

    # Head: back view.
    add(_centre("back-of-head", "back", "Back of head"))
    add(_centre("neck-back", "back", "Neck (back)"))

    # Trunk: front view.
    extend(_pair("chest", "front", "chest", suffix=False))
    extend(_pair("flank", "front", "flank (side of trunk)", suffix=False))
    add(_centre("abdomen", "front", "Abdomen"))
    extend(_pair("hip", "front", "hip and groin", suffix=False))
    add(_centre("genital-area", "front", "Genital area"))

    # Trunk: back view.
    extend(_pair("shoulder-blade", "back", "shoulder blade", suffix=False))
    add(_centre("upper-back", "back", "Upper back"))
    add(_centre("lower-back", "back", "Lower back"))
    extend(_pair("buttock", "back", "buttock", suffix=False))

    # Limbs, segment by segment, on both views.
    both_views = (
        ("shoulder", "shoulder"),
        ("upper-arm", "upper arm"),
        ("elbow", "elbow"),
        ("forearm", "forearm"),
        ("wrist", "wrist"),
        ("hand", "hand"),
        ("thigh", "thigh"),
        ("knee", "knee"),
        ("ankle", "ankle"),
        ("foot", "foot"),
    )
    notes = {
        ("elbow", "front"): "elbow (front, inner)",
        ("hand", "front"): "hand (palm)",
        ("hand", "back"): "hand (back)",
        ("knee", "back"): "knee (back, hollow)",
        ("foot", "front"): "foot (top)",
        ("foot", "back"): "foot (heel and sole)",
    }
    for view in VIEWS:
        for part, label in both_views:
            if part == "ankle":  # between knee and ankle: shin in front, calf behind
                lower_leg = "shin" if view == "front" else "calf"
                extend(_pair(lower_leg, view, lower_leg, suffix=False))
            left, right = _pair(part, view, label, suffix=True)
            note = notes.get((part, view))
            if note is not None:
                left = Region(left.id, view, "left", f"Left {note}")
                right = Region(right.id, view, "right", f"Right {note}")
            extend((left, right))
    return tuple(regions)


REGIONS: tuple[Region, ...] = _build()
REGIONS_BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}


def region(region_id: str) -> Region:
    """The region with this id, or `InputError` naming the unknown id."""
    try:
        return REGIONS_BY_ID[region_id]
    except (KeyError, TypeError):
        raise InputError(
            f"unknown body-map region {region_id!r}: use an id such as "
            f"'left-upper-arm-front' or 'forehead' (see school_log.body_regions)"
        ) from None


def regions_for_view(view: str) -> tuple[Region, ...]:
    """The regions drawn on one view ("front" or "back"), in vocabulary order."""
    if view not in VIEWS:
        raise InputError(f"unknown body-map view {view!r}: expected one of {', '.join(VIEWS)}")
    return tuple(r for r in REGIONS if r.view == view)


__all__ = ["REGIONS", "REGIONS_BY_ID", "SIDES", "Region", "region", "regions_for_view"]
