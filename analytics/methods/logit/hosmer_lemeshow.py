"""The Hosmer-Lemeshow goodness-of-fit test: SPSS's "deciles of risk" grouping walk (tied
probabilities kept in one block, a small last group merged), the chi-square over the groups and
the dataclasses that hold them. A pure function of the outcome and the predicted probabilities,
so it is tested on its own against walks done by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

TIE_RELATIVE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class HosmerLemeshowGroup:
    n: int
    observed_0: int
    expected_0: float
    observed_1: int
    expected_1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "observed_0": self.observed_0,
            "expected_0": self.expected_0,
            "observed_1": self.observed_1,
            "expected_1": self.expected_1,
        }


@dataclass(frozen=True)
class HosmerLemeshow:
    chi2: float
    df: int
    sig: float | None
    groups: list[HosmerLemeshowGroup]

    def to_dict(self) -> dict[str, Any]:
        return {
            "chi2": self.chi2,
            "df": self.df,
            "sig": self.sig,
            "groups": [g.to_dict() for g in self.groups],
        }


def hosmer_lemeshow_groups(probabilities: np.ndarray) -> list[np.ndarray]:
    """Split cases into SPSS's "deciles of risk" (domain.md section 8), as arrays of case indices.

    Cases are sorted by predicted probability; cases with identical probability (see
    ``TIE_RELATIVE_TOLERANCE``) form a block that is never split. With M = floor(0.1 n + 0.5) and c
    the number of cases already in the current group, a block joins the current group while
    c < M and c + floor(0.5 * block size) <= M; otherwise it starts a new group. A last group with
    fewer than floor(0.05 n) cases is merged into the one before. Each returned array holds indices
    into ``probabilities``, in ascending order of probability.
    """
    p = np.asarray(probabilities, dtype=float).ravel()
    n = p.size
    if n == 0:
        return []
    # Tied probabilities keep the order of their cases (a stable sort): the sums over a group are
    # then added in the same order every time. Without ties every sort gives that same order, and
    # the default sort is about three times faster than the stable one.
    order = np.argsort(p)
    sorted_p = p[order]
    if np.any(sorted_p[1:] == sorted_p[:-1]) or np.isnan(sorted_p[-1]):
        order = np.argsort(p, kind="mergesort")
        sorted_p = p[order]

    gaps = np.diff(sorted_p)
    new_block = gaps > TIE_RELATIVE_TOLERANCE * np.abs(sorted_p[1:])
    starts = np.concatenate(([0], np.flatnonzero(new_block) + 1))
    sizes = np.diff(np.append(starts, n))

    target = math.floor(0.1 * n + 0.5)
    # The walk "a block joins while c < M and c + floor(size / 2) <= M" one group at a time rather
    # than one block at a time: with c_j = cases of the group before block j (increasing in j),
    # the blocks that can join lie before the first j with c_j >= M (a binary search), and the
    # group ends at the first of them with c_j + floor(size_j / 2) > M.
    before = np.concatenate(([0], np.cumsum(sizes)))  # cases before block j
    halves = sizes // 2
    n_blocks = sizes.size
    group_starts: list[int] = []
    first = 0  # block that opens the current group
    while first < n_blocks:
        group_starts.append(int(starts[first]))
        base = before[first]
        stop = min(int(np.searchsorted(before, base + target, side="left")), n_blocks)
        following = first + 1
        if following < stop:
            fails = np.flatnonzero(before[following:stop] - base + halves[following:stop] > target)
            following = following + int(fails[0]) if fails.size else stop
        first = following
    bounds = [*group_starts, n]
    groups = [order[bounds[i] : bounds[i + 1]] for i in range(len(group_starts))]

    if len(groups) > 1 and groups[-1].size < math.floor(0.05 * n):
        last = groups.pop()
        groups[-1] = np.concatenate((groups[-1], last))
    return groups


def _hosmer_lemeshow(y: np.ndarray, p: np.ndarray) -> HosmerLemeshow:
    groups: list[HosmerLemeshowGroup] = []
    chi2 = 0.0
    for idx in hosmer_lemeshow_groups(p):
        n_g = int(idx.size)
        observed_1 = int(y[idx].sum())
        expected_1 = float(p[idx].sum())
        observed_0 = n_g - observed_1
        expected_0 = float((1.0 - p[idx]).sum())
        chi2 += (observed_1 - expected_1) ** 2 / expected_1
        chi2 += (observed_0 - expected_0) ** 2 / expected_0
        groups.append(HosmerLemeshowGroup(n_g, observed_0, expected_0, observed_1, expected_1))
    df = len(groups) - 2
    sig = float(stats.chi2.sf(chi2, df)) if df > 0 else None
    return HosmerLemeshow(chi2=float(chi2), df=df, sig=sig, groups=groups)
