"""A body mark as a member of staff records one: on a real region id, placed inside it as a tap on the app's
figure would place it, with the child's (or a parent's) explanation when it was explained."""

from __future__ import annotations

import random
from typing import Any

from school_log.body_layout import FIGURE_HEIGHT, FIGURE_WIDTH, REGION_CELLS
from school_log.synthetic.words import ACCIDENT_EXPLANATIONS

Mark = dict[str, Any]  # one body mark, as the concern form takes it


def mark(rng: random.Random, view: str, region: str, kind: str = "", explained: bool = True, shape: str = "") -> Mark:
    """A body mark on a real region id, with the child's (or parent's) explanation if `explained`."""
    m: Mark = {
        "view": view,
        "region": region,
        "type": kind or rng.choice(("bruise", "graze", "cut", "scratch", "bruise")),
        **where(rng, region),
        "size_mm": rng.randint(5, 60),
        "colour": rng.choice(("red", "blue", "purple", "yellow-green")),
        "shape": shape,
    }
    if explained:
        m |= {
            "explanation": rng.choice(ACCIDENT_EXPLANATIONS),
            "explained_by": rng.choice(("child", "child", "parent")),
        }
    return m


def where(rng: random.Random, region: str) -> Mark:
    """A position inside the region, as a tap on the app's figure would record it."""
    col, row = rng.choice(REGION_CELLS[region])
    x = (col + rng.uniform(0.2, 0.8)) / FIGURE_WIDTH
    y = (row + rng.uniform(0.2, 0.8)) / FIGURE_HEIGHT
    return {"x": round(x, 3), "y": round(y, 3)}
