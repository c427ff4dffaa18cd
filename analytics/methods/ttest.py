"""Independent-samples t-test laid out as SPSS prints it (domain.md section 8).

Output mirrors the two SPSS tables:

* Group Statistics: N, mean, standard deviation (n - 1 denominator) and standard error of the mean
  for each of the two groups.
* Independent Samples Test: Levene's test for equality of variances centred on the group **mean**
  (F, Sig.), then one row assuming equal variances (pooled standard error, df = n1 + n2 - 2) and one
  row not assuming them (Welch's standard error, Welch-Satterthwaite df), each with t, two-tailed
  Sig., mean difference (group 1 - group 2), standard error of the difference and the confidence
  interval of the difference.

Everything is vectorised: the group column is factorised once and per-group sums come from
``numpy.bincount``, so a million rows take a fraction of a second. No Django imports here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analytics.methods.errors import AnalysisInputError

__all__ = [
    "GroupStatistics",
    "LeveneTest",
    "TTestResult",
    "TTestRow",
    "independent_ttest",
]

_MAX_EXAMPLES = 5


def _json_float(x: float) -> float | None:
    """A plain float for JSON; NaN and infinities (not valid JSON) become None."""
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class GroupStatistics:
    """One row of SPSS's Group Statistics table."""

    name: str
    n: int
    mean: float
    sd: float
    se_mean: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": int(self.n),
            "mean": _json_float(self.mean),
            "sd": _json_float(self.sd),
            "se_mean": _json_float(self.se_mean),
        }


@dataclass(frozen=True)
class LeveneTest:
    """Levene's test for equality of variances (centre = group mean), df = (1, n1 + n2 - 2)."""

    f: float
    sig: float

    def to_dict(self) -> dict[str, Any]:
        return {"f": _json_float(self.f), "sig": _json_float(self.sig)}


@dataclass(frozen=True)
class TTestRow:
    """One row of SPSS's t-test for Equality of Means."""

    t: float
    df: float
    sig: float
    mean_difference: float
    se_difference: float
    ci_lower: float
    ci_upper: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "t": _json_float(self.t),
            "df": _json_float(self.df),
            "sig": _json_float(self.sig),
            "mean_difference": _json_float(self.mean_difference),
            "se_difference": _json_float(self.se_difference),
            "ci_lower": _json_float(self.ci_lower),
            "ci_upper": _json_float(self.ci_upper),
        }


@dataclass(frozen=True)
class TTestResult:
    """The complete SPSS-style output. ``groups[0]`` is group 1 (mean difference = 1 - 2)."""

    value: str
    group: str
    confidence: float
    n_dropped: int
    groups: tuple[GroupStatistics, GroupStatistics]
    levene: LeveneTest
    equal_variances: TTestRow
    unequal_variances: TTestRow

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "group": self.group,
            "confidence": float(self.confidence),
            "n_dropped": int(self.n_dropped),
            "groups": [g.to_dict() for g in self.groups],
            "levene": self.levene.to_dict(),
            "equal_variances": self.equal_variances.to_dict(),
            "unequal_variances": self.unequal_variances.to_dict(),
        }


# --------------------------------------------------------------------------------------------
# Input preparation
# --------------------------------------------------------------------------------------------


def _example_list(values: pd.Series) -> list[str]:
    """The first few distinct offending values, in row order, as strings (JSON-safe)."""
    return [str(v) for v in pd.unique(values.to_numpy(dtype=object))[:_MAX_EXAMPLES]]


def _numeric_values(raw: pd.Series, column: str) -> np.ndarray:
    """Coerce the value column to float64; blanks become NaN, anything else unparsable raises."""
    if pd.api.types.is_bool_dtype(raw.dtype) or pd.api.types.is_numeric_dtype(raw.dtype):
        x = raw.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(x)
        if bad.any():
            _raise_non_numeric(raw[bad], column)
        return x

    x = _to_numbers(raw)
    # Entries that did not parse but were not missing: maybe padded or blank strings, maybe junk.
    failed = np.isnan(x)
    if failed.any():  # (raw.notna() costs a pass over a million cells; skip it when nothing failed)
        failed &= raw.notna().to_numpy()
    if failed.any():
        sub = raw[failed]
        stripped = sub.astype(str).str.strip()
        blank = (stripped == "").to_numpy()
        retry = pd.to_numeric(stripped.where(~blank), errors="coerce")
        retry_values = retry.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(retry_values) & ~blank
        if bad.any():
            _raise_non_numeric(sub[bad], column)
        x[failed] = retry_values
    bad = np.isinf(x)
    if bad.any():
        _raise_non_numeric(raw[bad], column)
    return x


def _to_numbers(raw: pd.Series) -> np.ndarray:
    """``pd.to_numeric(raw, errors="coerce")`` as float64, parsing each distinct text once.

    An uploaded file arrives as text (analytics.inputs.read_table gives every cell as ``str``),
    and a measured value column often repeats its values (incomes rounded to a thousand rupiah).
    Parsing is the same function of each cell, and ``pandas.to_numeric`` infers its result type
    from the set of values it sees, which the distinct values share with the whole column; so the
    numbers are those of parsing every cell. Only plain text qualifies (``pd.factorize`` treats
    ``1``, ``1.0`` and ``True`` as one value), and only when values repeat enough to pay for it.
    """
    if raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=False) == "string":
        codes, uniques = pd.factorize(raw)
        if len(uniques) <= len(raw) // 2:
            distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
            parsed = pd.to_numeric(distinct, errors="coerce")
            return parsed.to_numpy(dtype=float, na_value=np.nan)[codes]
    return pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _raise_non_numeric(bad_values: pd.Series, column: str) -> None:
    examples = _example_list(bad_values)
    raise AnalysisInputError(
        "non_numeric",
        f"Column '{column}' has {len(bad_values)} value(s) that are not numbers, "
        f"e.g. {', '.join(repr(e) for e in examples)}.",
        column=column,
        examples=examples,
        count=int(len(bad_values)),
    )


def _label_strings(uniques: Any) -> np.ndarray:
    """Distinct group values as stripped strings; integral floats print without '.0'."""
    arr = np.asarray(uniques)
    if arr.dtype.kind == "f":
        if np.isfinite(arr).all() and (arr == np.round(arr)).all():
            return arr.astype(np.int64).astype(str).astype(object)
        return arr.astype(str).astype(object)
    if arr.dtype.kind in "iub":
        return arr.astype(str).astype(object)
    return pd.Series(arr, dtype=object).astype(str).str.strip().to_numpy(dtype=object)


def _group_codes(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorise the group column once: (row code, -1 for blank; label per code)."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    labels = _label_strings(uniques)
    # Distinct raw values can share a label (1 and "1", "A" and "A "): merge them.
    label_codes, label_uniques = pd.factorize(labels)
    label_uniques = np.asarray(label_uniques, dtype=object)
    blank_label = label_uniques == ""
    if blank_label.any():
        remap = np.cumsum(~blank_label) - 1
        remap[blank_label] = -1
        label_codes = remap[label_codes]
        label_uniques = label_uniques[~blank_label]
    # Append -1 so that code -1 (missing) indexes to -1.
    lookup = np.append(label_codes, -1).astype(np.int64)
    return lookup[codes], label_uniques


def _requested_groups(groups: Any) -> tuple[str, str]:
    if isinstance(groups, str) or not isinstance(groups, Sequence) or len(groups) != 2:
        raise AnalysisInputError(
            "invalid_value",
            "'groups' must name exactly two groups.",
            name="groups",
            value=str(groups),
        )
    names = tuple(str(_label_strings(np.array([g]))[0]) for g in groups)
    if names[0] == names[1] or "" in names:
        raise AnalysisInputError(
            "invalid_value",
            "'groups' must name two different, non-blank groups.",
            name="groups",
            value=str(groups),
        )
    return names[0], names[1]


# --------------------------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------------------------


def _row(diff: float, se: float, df: float, confidence: float) -> TTestRow:
    t = diff / se
    sig = 2.0 * stats.t.sf(abs(t), df)
    margin = stats.t.ppf(0.5 + confidence / 2.0, df) * se
    return TTestRow(
        t=float(t),
        df=float(df),
        sig=float(sig),
        mean_difference=float(diff),
        se_difference=float(se),
        ci_lower=float(diff - margin),
        ci_upper=float(diff + margin),
    )


def independent_ttest(
    data: pd.DataFrame,
    *,
    value: str,
    group: str,
    groups: tuple[str, str] | None = None,
    confidence: float = 0.95,
) -> TTestResult:
    """Compare the mean of ``value`` between two groups of ``group``, SPSS style.

    Rows with a blank value or blank group are dropped (counted in ``n_dropped``). Group 1 and
    group 2 are ``groups`` in the order given, else the two distinct group values (as strings)
    in sorted order. When ``groups`` is given, rows of any other group are left out.

    Raises AnalysisInputError with code missing_column, non_numeric, empty_input,
    too_few_groups, invalid_value, too_few_cases or constant_outcome.
    """
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not 0.0 < float(confidence) < 1.0
    ):
        raise AnalysisInputError(
            "invalid_value",
            f"Confidence level must be between 0 and 1 (exclusive), got {confidence!r}.",
            name="confidence",
            value=str(confidence),
        )
    confidence = float(confidence)
    requested = _requested_groups(groups) if groups is not None else None

    for column in (value, group):
        if column not in data.columns:
            raise AnalysisInputError(
                "missing_column", f"Column '{column}' is not in the data.", column=column
            )

    x = _numeric_values(data[value], value)
    codes, labels = _group_codes(data[group])

    usable = (codes >= 0) & ~np.isnan(x)
    n_dropped = int(len(x) - np.count_nonzero(usable))
    if not usable.any():
        raise AnalysisInputError(
            "empty_input",
            f"No rows have both a '{value}' value and a '{group}' value.",
            value=value,
            group=group,
            n_dropped=n_dropped,
        )
    counts_all = np.bincount(codes[usable], minlength=len(labels))
    present = [str(labels[i]) for i in np.flatnonzero(counts_all)]

    if requested is None:
        if len(present) < 2:
            raise AnalysisInputError(
                "too_few_groups",
                f"Column '{group}' needs two groups to compare; found {len(present)}.",
                column=group,
                found=sorted(present),
            )
        if len(present) > 2:
            raise AnalysisInputError(
                "invalid_value",
                f"Column '{group}' has {len(present)} groups; choose the two to compare.",
                name="groups",
                column=group,
                found=sorted(present),
            )
        chosen = tuple(sorted(present))
    else:
        missing = [g for g in requested if g not in present]
        if missing:
            raise AnalysisInputError(
                "too_few_groups",
                f"Group(s) {', '.join(repr(m) for m in missing)} have no usable rows "
                f"in column '{group}'.",
                column=group,
                missing=missing,
                found=sorted(present),
            )
        chosen = requested

    # Map the label codes of the two chosen groups to 0 and 1; everything else to 2 (ignored).
    label_index = {str(lab): i for i, lab in enumerate(labels)}
    to_slot = np.full(len(labels) + 1, 2, dtype=np.int64)
    to_slot[label_index[chosen[0]]] = 0
    to_slot[label_index[chosen[1]]] = 1
    slot = to_slot[np.where(usable, codes, len(labels))]
    keep = slot < 2
    xs = x[keep]
    gs = slot[keep]

    n = np.bincount(gs, minlength=2).astype(float)
    for i in range(2):
        if n[i] < 2:
            raise AnalysisInputError(
                "too_few_cases",
                f"Group '{chosen[i]}' has {int(n[i])} usable value(s); at least 2 are needed.",
                group=chosen[i],
                n=int(n[i]),
            )

    # Corrected two-pass moments (accurate even for large, offset values such as rupiah).
    mean = np.bincount(gs, weights=xs, minlength=2) / n
    dev = xs - mean[gs]
    mean = mean + np.bincount(gs, weights=dev, minlength=2) / n
    dev = xs - mean[gs]
    ss = np.bincount(gs, weights=dev * dev, minlength=2)
    var = ss / (n - 1.0)
    if not (var > 0).any():
        raise AnalysisInputError(
            "constant_outcome",
            f"'{value}' does not vary within either group, so t is undefined.",
            column=value,
        )
    sd = np.sqrt(var)
    se_mean = sd / np.sqrt(n)
    n1, n2 = n
    diff = float(mean[0] - mean[1])

    # Levene (centre = mean): one-way ANOVA F on z = |x - group mean|.
    z = np.abs(dev)
    z_mean = np.bincount(gs, weights=z, minlength=2) / n
    z_grand = (n * z_mean).sum() / n.sum()
    ss_between = float((n * (z_mean - z_grand) ** 2).sum())
    z_dev = z - z_mean[gs]
    ss_within = float(np.dot(z_dev, z_dev))
    df_within = n1 + n2 - 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        levene_f = float(np.float64(ss_between) / (np.float64(ss_within) / df_within))
    levene_sig = math.nan if math.isnan(levene_f) else float(stats.f.sf(levene_f, 1.0, df_within))

    # Equal variances assumed: pooled variance.
    pooled = float(ss.sum() / df_within)
    equal = _row(diff, math.sqrt(pooled * (1.0 / n1 + 1.0 / n2)), df_within, confidence)

    # Equal variances not assumed: Welch with Welch-Satterthwaite df.
    a1, a2 = var[0] / n1, var[1] / n2
    welch_df = float((a1 + a2) ** 2 / (a1 * a1 / (n1 - 1.0) + a2 * a2 / (n2 - 1.0)))
    unequal = _row(diff, math.sqrt(a1 + a2), welch_df, confidence)

    group_stats = tuple(
        GroupStatistics(
            name=chosen[i],
            n=int(n[i]),
            mean=float(mean[i]),
            sd=float(sd[i]),
            se_mean=float(se_mean[i]),
        )
        for i in range(2)
    )
    return TTestResult(
        value=value,
        group=group,
        confidence=confidence,
        n_dropped=n_dropped,
        groups=(group_stats[0], group_stats[1]),
        levene=LeveneTest(f=levene_f, sig=levene_sig),
        equal_variances=equal,
        unequal_variances=unequal,
    )
