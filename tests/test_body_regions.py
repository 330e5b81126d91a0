"""The body-map vocabulary and the figure drawn from it."""

from __future__ import annotations

import re

import pytest

from school_log.body_regions import REGIONS, REGIONS_BY_ID, SIDES, Region, region, regions_for_view
from school_log.errors import InputError
from school_log.model import VIEWS
from tui.widgets.body_figures import FIGURE_WIDTH, FIGURES, FIGURES_BY_VIEW

KEBAB = re.compile(r"^[a-z]+(-[a-z]+)*$")


def test_vocabulary_is_detailed_enough():
    """Staff can place a mark precisely: at least 60 named regions."""
    assert len(REGIONS) >= 60


def test_ids_are_unique_kebab_case():
    """A stored region id names exactly one place and is safe to store and type."""
    ids = [r.id for r in REGIONS]
    assert len(ids) == len(set(ids))
    assert all(KEBAB.match(i) for i in ids), [i for i in ids if not KEBAB.match(i)]
    assert REGIONS_BY_ID == {r.id: r for r in REGIONS}


def test_every_region_has_a_view_side_and_label():
    """Every region can be shown to staff with a readable name on the right figure."""
    for r in REGIONS:
        assert r.view in VIEWS
        assert r.side in SIDES
        assert r.label and r.label[0].isupper()


def test_both_views_are_covered():
    """Marks can be recorded on both the front and the back of the child."""
    for view in VIEWS:
        assert len(regions_for_view(view)) >= 20


def test_side_matches_id():
    """'left' always means the child's left, in the id, the side and the label alike."""
    for r in REGIONS:
        if r.id.startswith(("left-", "right-")):
            side = r.id.split("-", 1)[0]
            assert r.side == side
            assert r.label.lower().startswith(side)
        else:
            assert r.side == "centre", r.id


def test_paired_regions_come_in_pairs():
    """Every left-sided region has its right-sided twin."""
    for r in REGIONS:
        if r.side == "left":
            twin = "right-" + r.id.removeprefix("left-")
            assert twin in REGIONS_BY_ID, twin
            assert REGIONS_BY_ID[twin].view == r.view


def test_view_suffix_only_where_needed():
    """Ids carry -front/-back exactly when the same part is drawn on both views."""
    for r in REGIONS:
        if r.id.endswith(("-front", "-back")) and r.id != "upper-back" and r.id != "lower-back":
            assert r.id.endswith(f"-{r.view}")
            stem = r.id.rsplit("-", 1)[0]
            other = "back" if r.view == "front" else "front"
            assert f"{stem}-{other}" in REGIONS_BY_ID, r.id


@pytest.mark.parametrize(
    "region_id",
    [
        "scalp",
        "forehead",
        "left-eye",
        "right-ear",
        "nose",
        "mouth",
        "left-cheek",
        "right-jaw",
        "neck-front",
        "back-of-head",
        "neck-back",
        "upper-back",
        "lower-back",
        "genital-area",
        "left-upper-arm-front",
        "right-forearm-back",
        "left-shin",
        "right-calf",
        "left-foot-back",
    ],
)
def test_core_regions_exist(region_id):
    """The places safeguarding staff most often need are all in the vocabulary."""
    assert region(region_id).id == region_id


def test_region_lookup_returns_region():
    """Looking up an id gives its view, side and label."""
    assert region("left-upper-arm-front") == Region("left-upper-arm-front", "front", "left", "Left upper arm (front)")


def test_unknown_region_is_refused_clearly():
    """A mistyped region is refused with a message naming it, never stored."""
    with pytest.raises(InputError, match="left-elbo"):
        region("left-elbo")


def test_unknown_view_is_refused():
    """Asking for a view that does not exist is an input error."""
    with pytest.raises(InputError):
        regions_for_view("side")


def test_every_region_is_drawn_on_the_figure():
    """Every region in the vocabulary can be picked on the body map."""
    drawn = {region_id for figure in FIGURES for region_id in figure.cells.values()}
    assert drawn == set(REGIONS_BY_ID)


def test_every_cell_maps_to_a_region_of_its_view():
    """Every visible cell of a figure is a real region of that figure's view."""
    for figure in FIGURES:
        for cell, region_id in figure.cells.items():
            assert region_id in REGIONS_BY_ID, (figure.view, cell, region_id)
            assert REGIONS_BY_ID[region_id].view == figure.view


def test_child_left_is_viewer_right_on_front_and_viewer_left_on_back():
    """The figures are oriented as a body map should be: the front faces the viewer."""
    middle = (FIGURE_WIDTH - 1) / 2
    for view, left_is_right_of_middle in (("front", True), ("back", False)):
        for (col, _row), region_id in FIGURES_BY_VIEW[view].cells.items():
            side = REGIONS_BY_ID[region_id].side
            if side == "left":
                assert (col > middle) == left_is_right_of_middle, (view, col, region_id)
            elif side == "right":
                assert (col < middle) == left_is_right_of_middle, (view, col, region_id)
