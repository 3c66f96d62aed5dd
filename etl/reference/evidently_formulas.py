"""Evidently's default drift tests (legacy registry, evidently 0.7), written over numpy arrays
instead of pandas Series so the fixtures need only numpy and SciPy. Each function follows the
Evidently source it names line for line; SciPy does the numerics.

Evidently is not installed here (no PyPI access); these are the reference *formulas*, and SciPy
the reference *numerics*, that the TypeScript port is checked against.
"""
from collections import Counter

import numpy as np
from scipy import stats
from scipy.spatial import distance

NUMERICAL = 'num'
CATEGORICAL = 'cat'


def _keys(reference, current):
    # utils.get_unique_not_nan_values_list_from_series; sorted, where Evidently keeps set order,
    # so the fixtures do not change with PYTHONHASHSEED (only the order of a sum would).
    return sorted(set(reference.tolist()) | set(current.tolist()))


def get_binned_data(reference, current, feature_type, n, feel_zeroes=True):
    """utils.get_binned_data: shares per bin (Sturges over both windows, or per value)."""
    n_vals = len(np.unique(reference))
    if feature_type == NUMERICAL and n_vals > 20:
        combined = np.concatenate([reference, current])
        bins = np.histogram_bin_edges(combined, bins='sturges')
        reference_percents = np.histogram(reference, bins)[0] / len(reference)
        current_percents = np.histogram(current, bins)[0] / len(current)
    else:
        keys = _keys(reference, current)
        ref_counts = Counter(reference.tolist())
        cur_counts = Counter(current.tolist())
        reference_percents = np.array([ref_counts[k] / len(reference) for k in keys])
        current_percents = np.array([cur_counts[k] / len(current) for k in keys])
    if feel_zeroes:
        for percents in (reference_percents, current_percents):
            smallest = min(percents[percents != 0])
            np.place(percents, percents == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return reference_percents, current_percents


def ks(reference, current):
    """ks_stattest: scipy.stats.ks_2samp, drifted when p <= 0.05."""
    result = stats.ks_2samp(reference, current)
    return {'statistic': float(result.statistic), 'pvalue': float(result.pvalue), 'drifted': bool(result.pvalue <= 0.05)}


def chisquare(reference, current):
    """chisquare_stattest: current counts vs reference counts scaled to the current size; p < 0.05."""
    keys = _keys(reference, current)
    ref_counts = Counter(reference.tolist())
    cur_counts = Counter(current.tolist())
    k_norm = current.shape[0] / reference.shape[0]
    f_exp = [ref_counts[k] * k_norm for k in keys]
    f_obs = [cur_counts[k] for k in keys]
    with np.errstate(divide='ignore', invalid='ignore'):
        result = stats.chisquare(f_obs, f_exp)
    return {'statistic': float(result.statistic), 'pvalue': float(result.pvalue), 'df': len(keys) - 1,
            'drifted': bool(result.pvalue < 0.05)}


def z(reference, current):
    """z_stattest: two-proportion Z of keys[0] (sorted) against the rest, p = 2(1 - Phi(|z|)); p < 0.05."""
    if len(set(reference.tolist())) == 1 and len(set(current.tolist())) == 1 and reference[0] == current[0]:
        return {'statistic': 0.0, 'pvalue': 1.0, 'pvalue_sf': 1.0, 'drifted': False}
    keys = sorted(_keys(reference, current))
    ref = np.array([0 if x == keys[0] else 1 for x in reference.tolist()])
    cur = np.array([0 if x == keys[0] else 1 for x in current.tolist()])
    n1, n2 = len(ref), len(cur)
    p1 = float(sum(ref)) / n1
    p2 = float(sum(cur)) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    statistic = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    pvalue = 2 * (1 - stats.norm.cdf(np.abs(statistic)))
    # Evidently's 2(1 - Phi) cancels to noise below ~1e-15; 2 sf(|z|) is the same p, kept accurate.
    pvalue_sf = 2 * stats.norm.sf(np.abs(statistic))
    return {'statistic': float(statistic), 'pvalue': float(pvalue), 'pvalue_sf': float(pvalue_sf),
            'drifted': bool(pvalue < 0.05)}


def wasserstein(reference, current):
    """wasserstein_distance_norm: W1 / max(std(reference), 0.001); drifted when >= 0.1."""
    norm = max(float(np.std(reference)), 0.001)
    dist = float(stats.wasserstein_distance(reference, current))
    return {'distance': dist, 'norm': norm, 'score': dist / norm, 'drifted': bool(dist / norm >= 0.1)}


def jensenshannon(reference, current, feature_type):
    """jensenshannon: scipy jensenshannon of the binned shares (no zero floor); drifted when >= 0.1."""
    ref_p, cur_p = get_binned_data(reference, current, feature_type, 30, False)
    score = float(distance.jensenshannon(ref_p, cur_p))
    return {'score': score, 'bins': len(ref_p), 'drifted': bool(score >= 0.1)}


def psi(reference, current, feature_type):
    """psi: sum((r - c) ln(r / c)) of the floored binned shares; drifted when >= 0.1."""
    ref_p, cur_p = get_binned_data(reference, current, feature_type, 30)
    score = float(np.sum((ref_p - cur_p) * np.log(ref_p / cur_p)))
    return {'score': score, 'bins': len(ref_p), 'drifted': bool(score >= 0.1)}


def default_test(reference, current, feature_type):
    """registry._get_default_stattest."""
    n_values = len(set(reference.tolist()) | set(current.tolist()))
    if reference.shape[0] <= 1000:
        if feature_type == NUMERICAL and n_values > 5:
            return 'ks'
        return 'chisquare' if n_values > 2 else 'z'
    if feature_type == NUMERICAL and n_values > 5:
        return 'wasserstein'
    return 'jensenshannon'


def column_drift(reference, current, feature_type):
    """The default test's drift_score (p-value or distance) and verdict."""
    test = default_test(reference, current, feature_type)
    if test == 'ks':
        r = ks(reference, current)
        return test, r['pvalue'], r['drifted']
    if test == 'chisquare':
        r = chisquare(reference, current)
        return test, r['pvalue'], r['drifted']
    if test == 'z':
        r = z(reference, current)
        return test, r['pvalue'], r['drifted']
    if test == 'wasserstein':
        r = wasserstein(reference, current)
        return test, r['score'], r['drifted']
    r = jensenshannon(reference, current, feature_type)
    return test, r['score'], r['drifted']
