"""Fiscal years set over groups of columns (merged cells): which group each year heads.

A header line of years over regular groups of columns ("2024-25" over Budget | Actual |
Variance, "2025-26" over the same three) is read both ways a merged cell prints its text,
centred or at the start of its group, and taken where the groups come out regular.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.models import Segment
from pipeline.normalise import single_period
from pipeline.tables.columns import Band

__all__ = ["year_spans"]


def year_spans(
    placed: Sequence[tuple[Segment, list[int]]],
    bands: Sequence[Band],
    walls: Sequence[float] = (),
) -> None:
    """A header line of fiscal years set over groups of columns (merged cells): each
    year spans one group. The groups are read both ways a merged cell prints its text,
    centred (cut halfway between the years) or at the start of its group (cut where the
    next year starts), and taken where they come out regular: equal groups of two or
    more columns. No group reaches across a column of text or ratings (`walls`: the
    x of each text column; a label set between two blocks of years parts them)."""
    walls = [*walls, *(b.xc for b in bands if b.kind == "rag")]
    by_line: dict[int, list[tuple[Segment, list[int]]]] = {}
    for piece, cov in placed:
        if cov:
            by_line.setdefault(round(piece.bbox.top), []).append((piece, cov))
    for line in by_line.values():
        items = sorted(
            ((p, c) for p, c in line if single_period(p.text) is not None),
            key=lambda t: t[0].bbox.xc,
        )
        if len(items) < 2:
            continue
        # Spans already read from the text's position (centred over its group) stand.
        covs = [sorted(c) for _, c in items]
        flat = [i for c in covs for i in c]
        if _regular(covs) and len(flat) == len(set(flat)):
            continue
        # Both readings can come out regular; the one that puts more columns under a year
        # is the one the page shows (centred wins a tie).
        readings = [
            g
            for g in (
                _centred_groups(items, bands, walls),
                _started_groups(items, bands),
                _spanned_groups(items, bands, walls),
            )
            if g and not any(_walled(x, bands, walls) for x in g)
        ]
        if not readings:
            continue
        groups = max(readings, key=lambda g: sum(len(x) for x in g))
        # Other header words on the line (Ref, RAG, a label's header) stand outside the groups.
        grouped = {i for g in groups for i in g}
        others = [c for p, c in line if single_period(p.text) is None]
        if any(grouped & set(c) for c in others):
            continue
        for (_, cov), group in zip(items, groups, strict=True):
            cov[:] = group


def _regular(groups: list[list[int]]) -> list[list[int]] | None:
    sizes = {len(g) for g in groups}
    return groups if len(sizes) == 1 and min(sizes) >= 2 else None


def _walled(group: Sequence[int], bands: Sequence[Band], walls: Sequence[float]) -> bool:
    lo, hi = min(bands[i].xc for i in group), max(bands[i].xc for i in group)
    return any(lo < w < hi for w in walls)


def _centred_groups(
    items: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band], walls: Sequence[float] = ()
) -> list[list[int]] | None:
    xs = [p.bbox.xc for p, _ in items]
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(xs)]
    lo = xs[0] - (cuts[0] - xs[0])
    hi = xs[-1] + (xs[-1] - cuts[-1])
    edges = [lo, *cuts, hi]
    groups = [
        [
            i
            for i, b in enumerate(bands)
            if b.kind == "num"
            and left < b.xc <= right
            and not any(min(b.xc, x) < w < max(b.xc, x) for w in walls)
        ]
        for (left, right), x in zip(itertools.pairwise(edges), xs, strict=True)
    ]
    return _regular(groups)


def _spanned_groups(
    items: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band], walls: Sequence[float]
) -> list[list[int]] | None:
    """Each year centred over a run of columns of one size, the widest size that fits
    every year: a merged cell prints its text in the middle of the columns it spans,
    whatever columns stand beside the group (a "% Change" column after the block)."""
    nums = [i for i, b in enumerate(bands) if b.kind == "num"]
    for size in range(len(nums) // len(items), 1, -1):
        runs = [nums[k : k + size] for k in range(len(nums) - size + 1)]
        groups = []
        for p, _ in items:
            fits = [
                r
                for r in runs
                if not _walled(r, bands, walls)
                and abs((bands[r[0]].x0 + bands[r[-1]].x1) / 2 - p.bbox.xc)
                < 0.15 * (bands[r[-1]].x1 - bands[r[0]].x0)
            ]
            if len(fits) != 1:
                break
            groups.append(fits[0])
        flat = [i for g in groups for i in g]
        if len(groups) == len(items) and len(flat) == len(set(flat)):
            return groups
    return None


def _started_groups(
    items: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band]
) -> list[list[int]] | None:
    # Positions among the columns of figures: a RAG column between groups is no member.
    nums = [i for i, b in enumerate(bands) if b.kind == "num"]
    starts = []
    for p, _ in items:
        first = next((k for k, i in enumerate(nums) if bands[i].x1 >= p.bbox.x0 - 2), None)
        if first is None:
            return None
        starts.append(first)
    sizes = [b - a for a, b in itertools.pairwise(starts)]
    if not sizes or len(set(sizes)) != 1:
        return None
    size = sizes[0]
    if starts[-1] + size > len(nums):
        return None
    return _regular([nums[s : s + size] for s in starts])
