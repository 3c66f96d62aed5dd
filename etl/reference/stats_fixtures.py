#!/usr/bin/python3
"""Writes the SciPy reference values the drift statistics (etl/src/drift/stats) are tested against.

    /usr/bin/python3 etl/reference/stats_fixtures.py [--out etl/src/drift/stats/fixtures]

Seeded (numpy default_rng), so a re-run rewrites the same files. Writes:
  special.json      chi2.sf, norm.cdf, kstwo.sf, special.smirnov on grids covering every branch
  ks.json           scipy.stats.ks_2samp (method='auto') on samples of many shapes
  categorical.json  Evidently's chisquare / z / jensenshannon / psi on category counts
  numeric.json      Evidently's wasserstein (normed) / jensenshannon / psi on numeric samples
  column.json       Evidently's default test choice per column and its drift score and verdict
Non-finite numbers are written as the strings "inf", "-inf", "nan" (JSON has no literal for them).
Exits non-zero if SciPy is missing or a case fails to compute.
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evidently_formulas as E  # noqa: E402
import stats_cases as C  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'src', 'drift', 'stats', 'fixtures')


def num(x):
    x = float(x)
    if np.isnan(x):
        return 'nan'
    if np.isinf(x):
        return 'inf' if x > 0 else '-inf'
    if x.is_integer() and x != 0 and abs(x) < 2**53:
        return int(x)  # 30 rather than 30.0: the same double, fewer bytes
    return x


def clean(obj):
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return [clean(v) for v in obj.tolist()]
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return num(obj)
    return obj


def special_values():
    chi2 = [{'x': x, 'df': df, 'sf': stats.chi2.sf(x, df)} for x, df in C.chi2_grid()]
    norm = [{'z': z, 'cdf': stats.norm.cdf(z)} for z in C.normal_grid()]
    kstwo = [{'n': n, 'x': x, 'sf': stats.kstwo.sf(x, n)} for n, x in C.kstwo_grid()]
    smirnov = [{'n': n, 'x': x, 'sf': special.smirnov(n, x)} for n, x in C.smirnov_grid()]
    return {'chi2_sf': chi2, 'norm_cdf': norm, 'kstwo_sf': kstwo, 'smirnov': smirnov}


def ks_values():
    out = []
    for name, ref, cur in C.numeric_cases():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            r = E.ks(ref, cur)
        fell_back = any('Exact calculation unsuccessful' in str(w.message) for w in caught)
        exact = max(len(ref), len(cur)) <= 10000 and not fell_back
        out.append({'name': name, 'ref': ref, 'cur': cur, **r, 'method': 'exact' if exact else 'asymptotic'})
    return out


def counts(values):
    keys, freq = np.unique(values, return_counts=True)
    return [[k, c] for k, c in zip(keys.tolist(), freq.tolist())]


def categorical_values():
    out = []
    for name, ref, cur in C.categorical_cases():
        case = {'name': name, 'ref': counts(ref), 'cur': counts(cur)}
        case['chisquare'] = E.chisquare(ref, cur)
        case['z'] = E.z(ref, cur)
        case['jensenshannon'] = E.jensenshannon(ref, cur, E.CATEGORICAL)
        case['psi'] = E.psi(ref, cur, E.CATEGORICAL)
        out.append(case)
    return out


def numeric_values():
    out = []
    for name, ref, cur in C.numeric_cases():
        if len(ref) + len(cur) > 6000:
            continue  # the big KS cases add nothing here but bytes
        case = {'name': name, 'ref': ref, 'cur': cur}
        case['wasserstein'] = E.wasserstein(ref, cur)
        case['jensenshannon'] = E.jensenshannon(ref, cur, E.NUMERICAL)
        case['psi'] = E.psi(ref, cur, E.NUMERICAL)
        out.append(case)
    return out


def column_values():
    out = []
    for name, kind, ref, cur in C.column_cases():
        test, score, drifted = E.column_drift(ref, cur, E.NUMERICAL if kind == 'numeric' else E.CATEGORICAL)
        data = {'ref': ref, 'cur': cur} if kind == 'numeric' else {'ref': counts(ref), 'cur': counts(cur)}
        out.append({'name': name, 'kind': kind, **data, 'test': test, 'driftScore': score, 'drifted': drifted})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=DEFAULT_OUT, help='directory for the JSON files (default: %(default)s)')
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    meta = {'scipy': scipy.__version__, 'numpy': np.__version__, 'generator': 'etl/reference/stats_fixtures.py'}
    files = {
        'special.json': special_values,
        'ks.json': ks_values,
        'categorical.json': categorical_values,
        'numeric.json': numeric_values,
        'column.json': column_values,
    }
    for filename, build in files.items():
        payload = {'meta': meta, 'cases': clean(build())}
        with open(os.path.join(args.out, filename), 'w', encoding='utf-8') as f:
            json.dump(payload, f, ensure_ascii=False, separators=(',', ':'), allow_nan=False)
            f.write('\n')
        cases = payload['cases']
        size = sum(len(v) for v in cases.values()) if isinstance(cases, dict) else len(cases)
        print(f'{filename}: {size} cases')
    return 0


if __name__ == '__main__':
    sys.exit(main())
