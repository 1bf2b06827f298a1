"""Records' own arithmetic: the box around boxes."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import BBox

_COORD = st.sampled_from([0.0, -0.0, 1.5, -2.25, 1e-9, 612.0]) | st.floats(-1e4, 1e4)
_BOX = st.builds(BBox, _COORD, _COORD, _COORD, _COORD)


def _by_union(boxes: list[BBox]) -> BBox:
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


@given(st.lists(_BOX, min_size=1, max_size=12))
def test_enclosing_is_union_one_box_at_a_time(boxes: list[BBox]) -> None:
    got, want = BBox.enclosing(boxes), _by_union(boxes)
    assert got == want
    # the same zeros too (min and max keep the first of equal values): -0.0 == 0.0
    for a, b in zip(
        (got.x0, got.top, got.x1, got.bottom),
        (want.x0, want.top, want.x1, want.bottom),
        strict=True,
    ):
        assert math.copysign(1.0, a) == math.copysign(1.0, b)
