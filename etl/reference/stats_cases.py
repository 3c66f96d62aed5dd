"""The seeded inputs of the drift-statistics fixtures: grids for the special functions and
samples of many shapes (small/large, ties, identical, disjoint, unequal sizes, categories missing
on one side, a single category, ...). Imported by stats_fixtures.py."""
import numpy as np

INTENTS = ['create', 'list', 'cancel', 'snooze', 'timezone', 'other']
INTENT_P = [0.70, 0.10, 0.08, 0.05, 0.02, 0.05]
LANGS = ['ru', 'en', 'mixed']
LANG_P = [0.6, 0.35, 0.05]


def rng(seed):
    return np.random.default_rng(20240601 + seed)


def chi2_grid():
    dfs = [1, 2, 3, 4, 5, 6, 9, 10, 20, 29, 50, 100, 250]
    factors = [1e-4, 0.01, 0.3, 0.7, 1.0, 1.3, 2.0, 4.0, 8.0, 20.0]
    return [(0.0, df) for df in dfs] + [(df * f, df) for df in dfs for f in factors] + [(1e-12, 1), (700.0, 3)]


def normal_grid():
    return [-40, -38, -20, -10, -8.3, -5, -3, -1.96, -1, -0.5, -1e-3, 0, 1e-8, 0.3, 0.70710678, 1, 1.5, 1.96,
            2.5, 3, 5, 8, 8.3, 10, 37]


def kstwo_grid():
    grid = []
    for n in [1, 2, 3, 5, 10, 20, 50, 100, 140]:
        xs = [0.45 / n, 0.75 / n, 1.0 / n, 1.0 - 0.5 / n, 0.5, 0.7, 0.999]
        xs += [np.sqrt(v / n) for v in [0.3, 0.754, 1.0, 2.0, 4.0, 5.0, 10.0]]
        grid += [(n, float(x)) for x in xs if 0 < x < 1]
    for n in [141, 200, 500, 1000, 5000, 20000, 100000, 100001, 300000, 2000000]:
        xs = [0.75 / n, 0.6, (1.4 / n) ** (2 / 3) * 0.999, (1.4 / n) ** (2 / 3) * 1.001]
        xs += [np.sqrt(v / n) for v in [0.05, 0.2, 0.5, 1.0, 1.5, 2.19, 2.2, 3.0, 10.0, 18.0, 100.0, 369.0, 371.0]]
        grid += [(n, float(x)) for x in xs if 0 < x < 1]
    return grid


def smirnov_grid():
    grid = []
    for n in [1, 2, 5, 10, 50, 141, 1000, 10000, 1000001]:
        for x in [0.0, 0.5 / n, 1.0 / n, 2.5 / n, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9, 1 - 1.0 / n, 1.0]:
            if 0 <= x <= 1:
                grid.append((n, float(x)))
    return grid


def lengths(r, size, scale=1.0):
    return np.maximum(1, np.round(np.exp(r.normal(np.log(25), 0.6, size)) * scale))


def numeric_cases():
    """Floats rounded to 4 decimals (shorter JSON, and more ties)."""
    return [(name, np.round(ref, 4), np.round(cur, 4)) for name, ref, cur in _numeric_cases()]


def _numeric_cases():
    c = []
    c.append(('one value each', np.array([1.0]), np.array([2.0])))
    c.append(('two vs one', np.array([1.0, 2.0]), np.array([3.0])))
    c.append(('same single value', np.array([0.5]), np.array([0.5])))
    x = rng(1).normal(0, 1, 50)
    c.append(('identical samples', x, x.copy()))
    c.append(('disjoint', rng(2).normal(0, 1, 30), rng(3).normal(10, 1, 40)))
    c.append(('normal shift 0.3, 200 vs 300', rng(4).normal(0, 1, 200), rng(5).normal(0.3, 1, 300)))
    c.append(('poisson ties 100 vs 150', rng(6).poisson(3, 100).astype(float), rng(7).poisson(3.4, 150).astype(float)))
    c.append(('three values, heavy ties', rng(8).integers(0, 3, 400).astype(float), rng(9).integers(0, 3, 350).astype(float)))
    c.append(('unequal sizes 40 vs 1000', rng(10).normal(0, 1, 40), rng(11).normal(0, 1, 1000)))
    c.append(('equal 1000, shift 0.1', rng(12).normal(0, 1, 1000), rng(13).normal(0.1, 1, 1000)))
    c.append(('text length x1.3, 800 each', lengths(rng(14), 800), lengths(rng(15), 800, 1.3)))
    c.append(('confidence -0.1, 600 vs 900', rng(16).beta(18, 2, 600), rng(17).beta(18, 2, 900) - 0.1))
    c.append(('same distribution 997 vs 1003', rng(18).exponential(1, 997), rng(19).exponential(1, 1003)))
    c.append(('nearly identical 60 vs 60', np.arange(60.0), np.concatenate([np.arange(59.0), [59.5]])))
    c.append(('coprime sizes 97 vs 101', rng(20).normal(0, 1, 97), rng(21).normal(0.2, 1, 101)))
    c.append(('1500 vs 2500 lognormal', rng(22).lognormal(0, 1, 1500), rng(23).lognormal(0.05, 1, 2500)))
    c.append(('equal 3000, same', np.round(rng(24).normal(0, 1, 3000), 3), np.round(rng(25).normal(0, 1, 3000), 3)))
    c.append(('1000 vs 10000 exact', np.round(rng(26).normal(0, 1, 1000), 2), np.round(rng(27).normal(0.05, 1, 10000), 2)))
    c.append(('asymptotic 500 vs 10001 integers', rng(28).poisson(30, 500).astype(float),
              rng(29).poisson(30, 10001).astype(float)))
    c.append(('asymptotic 2000 vs 10500 shift', np.round(rng(30).normal(0, 1, 2000), 2),
              np.round(rng(31).normal(0.08, 1, 10500), 2)))
    c.append(('asymptotic 150 vs 11000 same', rng(32).poisson(40, 150).astype(float),
              rng(33).poisson(40, 11000).astype(float)))
    c.append(('constant reference', np.full(30, 7.0), rng(34).normal(7, 1, 40)))
    c.append(('negative and zero', np.array([-0.0, 0.0, -1.5, 2.0, -3.25]), np.array([0.0, 1.0, -1.5, 4.0])))
    return c


def choice(r, keys, p, size):
    return np.array(keys, dtype=object)[r.choice(len(keys), size=size, p=p)]


def categorical_cases():
    shifted = [0.60, 0.10, 0.08, 0.05, 0.02, 0.15]
    c = []
    c.append(('intents same 500 vs 300', choice(rng(40), INTENTS, INTENT_P, 500), choice(rng(41), INTENTS, INTENT_P, 300)))
    c.append(('intents other +10 points', choice(rng(42), INTENTS, INTENT_P, 800), choice(rng(43), INTENTS, shifted, 800)))
    c.append(('intents 5000 vs 2000', choice(rng(44), INTENTS, INTENT_P, 5000), choice(rng(45), INTENTS, INTENT_P, 2000)))
    c.append(('language en +15 points', choice(rng(46), LANGS, LANG_P, 700), choice(rng(47), LANGS, [0.45, 0.5, 0.05], 600)))
    c.append(('category only in current', np.array(['a'] * 50 + ['b'] * 30, dtype=object),
              np.array(['a'] * 20 + ['b'] * 20 + ['c'] * 3, dtype=object)))
    c.append(('category only in reference', np.array(['a'] * 50 + ['b'] * 30 + ['c'] * 5, dtype=object),
              np.array(['a'] * 25 + ['b'] * 20, dtype=object)))
    c.append(('one category, same', np.array(['ru'] * 40, dtype=object), np.array(['ru'] * 25, dtype=object)))
    c.append(('one category each, different', np.array(['ru'] * 40, dtype=object), np.array(['en'] * 25, dtype=object)))
    c.append(('binary 100 vs 120', choice(rng(48), ['ru', 'en'], [0.6, 0.4], 100), choice(rng(49), ['ru', 'en'], [0.5, 0.5], 120)))
    c.append(('binary identical shares', np.array(['x'] * 30 + ['y'] * 70, dtype=object),
              np.array(['x'] * 60 + ['y'] * 140, dtype=object)))
    c.append(('unicode keys, code-point order', np.array(['😀'] * 5 + ['\uffff'] * 9 + ['a'] * 4, dtype=object),
              np.array(['😀'] * 12 + ['\uffff'] * 3 + ['a'] * 6, dtype=object)))
    c.append(('cyrillic keys', choice(rng(50), ['создать', 'список', 'отмена'], [0.5, 0.3, 0.2], 90),
              choice(rng(51), ['создать', 'список', 'отмена'], [0.3, 0.3, 0.4], 70)))
    c.append(('numeric 0/1', rng(52).integers(0, 2, 300).astype(float), rng(53).integers(0, 2, 200).astype(float)))
    c.append(('numeric 1..4', rng(54).integers(1, 5, 250).astype(float), rng(55).integers(1, 5, 260).astype(float)))
    c.append(('rare category in current only', choice(rng(56), INTENTS[:5], [0.7, 0.1, 0.1, 0.05, 0.05], 20000),
              np.array(['other'] * 1 + ['create'] * 99, dtype=object)))
    return c


def column_cases():
    """Numeric windows rounded to 3 decimals (shorter JSON)."""
    return [(name, kind, np.round(ref, 3) if kind == 'numeric' else ref, np.round(cur, 3) if kind == 'numeric' else cur)
            for name, kind, ref, cur in _column_cases()]


def _column_cases():
    c = []
    c.append(('numeric 800 → ks', 'numeric', rng(60).normal(0, 1, 800), rng(61).normal(0.2, 1, 500)))
    c.append(('numeric 1000 rows is still small → ks', 'numeric', rng(62).normal(0, 1, 1000), rng(63).normal(0, 1, 900)))
    c.append(('numeric 1001 rows → wasserstein', 'numeric', rng(64).normal(0, 1, 1001), rng(65).normal(0.2, 1, 700)))
    c.append(('numeric 1500 constant reference → wasserstein floor', 'numeric', np.full(1500, 3.0),
              np.concatenate([np.full(995, 3.0), np.arange(5.0) + 10])))
    c.append(('numeric 5 distinct → chisquare', 'numeric', rng(66).integers(0, 5, 600).astype(float),
              rng(67).integers(0, 5, 400).astype(float)))
    c.append(('numeric 6 distinct → ks', 'numeric', rng(68).integers(0, 6, 600).astype(float),
              rng(69).integers(0, 6, 400).astype(float)))
    c.append(('numeric 2 distinct → z', 'numeric', rng(70).integers(0, 2, 600).astype(float),
              rng(71).integers(0, 2, 400).astype(float)))
    c.append(('numeric 1 distinct → z, p = 1', 'numeric', np.full(100, 2.0), np.full(50, 2.0)))
    c.append(('numeric 3 distinct, 2000 rows → jensenshannon', 'numeric', rng(72).integers(0, 3, 2000).astype(float),
              rng(73).integers(0, 3, 800).astype(float)))
    c.append(('categorical 3 values → chisquare', 'categorical', choice(rng(74), LANGS, LANG_P, 700),
              choice(rng(75), LANGS, [0.45, 0.5, 0.05], 600)))
    c.append(('categorical binary → z', 'categorical', choice(rng(76), ['ru', 'en'], [0.6, 0.4], 500),
              choice(rng(77), ['ru', 'en'], [0.6, 0.4], 300)))
    c.append(('categorical 1500 rows → jensenshannon', 'categorical', choice(rng(78), INTENTS, INTENT_P, 1500),
              choice(rng(79), INTENTS, [0.60, 0.10, 0.08, 0.05, 0.02, 0.15], 1500)))
    c.append(('categorical, new category in current → chisquare p = 0', 'categorical',
              np.array(['a'] * 300 + ['b'] * 200, dtype=object), np.array(['a'] * 30 + ['b'] * 20 + ['c'], dtype=object)))
    return c
