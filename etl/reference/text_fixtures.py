#!/usr/bin/python3
"""Writes the scikit-learn reference fixtures of the text-drift domain classifier.

    /usr/bin/python3 etl/reference/text_fixtures.py [--out DIR]

DIR defaults to etl/src/drift/text/fixtures. Needs Debian's python3-sklearn (scikit-learn 1.2,
numpy 1.24). Seeded corpora of RU/EN reminder-like messages (text_corpus.py): a vocabulary shift
(a fifth of the current messages about a new topic) and two windows of the same distribution,
plus hand-made edge texts. For each it writes the exact train/test split, scikit-learn's
vocabulary, idf and TF-IDF rows, the logistic regression's coefficients in summary, its test
probabilities and ROC AUC; and reference outputs of roc_auc_score, numpy's argsort (which
decides max_features ties) and Python's str.lower. Exits non-zero if a fixture fails a check.
"""
import argparse
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from scipy.optimize import minimize
from sklearn._loss.loss import HalfBinomialLoss
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.model_selection import train_test_split

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from text_corpus import messages, templates_json  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'src', 'drift', 'text', 'fixtures')
MAX_TOTAL_BYTES = 1_000_000

# The classifier's settings (etl/src/drift/text/domain-classifier.ts, DRIFT_CLASSIFIER).
DRIFT_TFIDF = {'ngramRange': [2, 4], 'sublinearTf': True, 'minDf': 2, 'maxFeatures': 50_000}
C = 1.0

EDGE_TEXTS = [
    '', '   ', 'A', 'Ab', 'a b c d e', 'напомни завтра в 9 позвонить маме',
    'Remind me in 45 minutes to check the oven', 'НАПОМНИ\tЗАВТРА\u00a0В  9 ПОЗВОНИТЬ',
    'ΟΔΟΣ ΣΟΦΟΣ σοφος', 'İstanbul İSTANBUL', 'emoji 🎉🎉 party 🎂!', '\u3000ideographic\u3000space',
    'line\nbreak\r\nend\x0bvt\x0cff', 'x\x1cy\x1dz\x1ew\x1fv', 'a\x85b\u2028c\u2029d', 'zero\u200bwidth',
    '\ufeffbom \ufeffbom', 'ǅungla ǅ', 'straße STRASSE', 'ﬃ ligature', '💡💡💡💡💡💡 💡',
    '𝒜𝒷𝒸 math 𝒜𝒷𝒸', 'repeat repeat repeat repeat', '12:30 14.05.2024 12:30', 'Ёлка ЁЖИК ёж',
    'напомни завтра в 9 позвонить маме', 'remind me in 45 minutes to check the oven',
    '\uff01\uff01 fullwidth 🎉\uff01', 'a\u2000b\u2001c\u202fd\u205fe\u1680f', 'ok', 'ok ok',
]


def vectorizer(cfg):
    return TfidfVectorizer(analyzer='char_wb', lowercase=True, ngram_range=tuple(cfg['ngramRange']),
                           sublinear_tf=cfg['sublinearTf'], min_df=cfg['minDf'], max_features=cfg['maxFeatures'])


def rows(matrix, which):
    out = []
    for i in which:
        row = matrix.getrow(int(i)).tocoo()
        order = np.argsort(row.col)
        out.append({'row': int(i), 'indices': row.col[order].tolist(), 'values': row.data[order].tolist()})
    return out


def stable_vocabulary(train, cfg):
    """The max_features cut with ties broken by code-point order, to show numpy's sort mattered."""
    full = vectorizer({**cfg, 'maxFeatures': None})
    counts = full.build_analyzer()
    tf = {}
    for t in train:
        for g in counts(t):
            tf[g] = tf.get(g, 0) + 1
    kept = [t for t in full.fit(train).get_feature_names_out()]
    kept = sorted(kept, key=lambda t: (-tf[t], t))[:cfg['maxFeatures']]
    return sorted(kept)


def vectorizer_case(name, train, test, cfg, sample_train, sample_test):
    vec = vectorizer(cfg)
    x_train = vec.fit_transform(train)
    x_test = vec.transform(test)
    vocab = vec.get_feature_names_out().tolist()
    case = {'name': name, 'config': cfg, 'train': train, 'test': test, 'vocabulary': vocab,
            'idf': vec.idf_.tolist(), 'trainRows': rows(x_train, sample_train), 'testRows': rows(x_test, sample_test)}
    if cfg['maxFeatures'] is not None and len(vocab) == cfg['maxFeatures']:
        case['stableTieVocabularyDiffers'] = stable_vocabulary(train, cfg) != vocab
    return case


def objective(x, y):
    """scikit-learn's own LogisticRegression(solver='lbfgs') objective and gradient (its private loss)."""
    loss = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
    weights = np.ones(x.shape[0])
    return lambda w: loss.loss_gradient(w, x, y.astype(float), weights, l2_reg_strength=1.0 / C)


def argmin(x, y):
    """The objective's minimiser to the last digits, past scikit-learn's own stopping rule."""
    res = minimize(objective(x, y), np.zeros(x.shape[1] + 1), method='L-BFGS-B', jac=True,
                   options={'ftol': 0.0, 'gtol': 1e-11, 'maxiter': 100_000, 'maxcor': 10})
    grad = res.jac
    if np.abs(grad).max() > 1e-7:
        raise SystemExit(f'argmin did not converge: max |gradient| {np.abs(grad).max():.3g}')
    return res.x[:-1], res.x[-1], int(res.nit)


def fit_record(coef, intercept, n_iter, x_train, y_train, x_test, y_test, vocab, k=10):
    z = x_test @ coef + intercept
    proba = 1.0 / (1.0 + np.exp(-z))
    f, grad = objective(x_train, y_train)(np.r_[coef, intercept])
    top = np.argsort(-coef, kind='stable')[:k]
    bottom = np.argsort(coef, kind='stable')[:k]
    return {'nIter': n_iter, 'objective': float(f), 'gradInf': float(np.abs(grad).max()),
            'intercept': float(intercept), 'coefL2': float(np.linalg.norm(coef)), 'coefSum': float(coef.sum()),
            'topPositive': [{'ngram': vocab[j], 'weight': float(coef[j])} for j in top],
            'topNegative': [{'ngram': vocab[j], 'weight': float(coef[j])} for j in bottom],
            'probabilities': proba.tolist(), 'rocAuc': float(roc_auc_score(y_test, proba))}


def classifier_case(name, seed, n, new_share):
    rng = np.random.default_rng(seed)
    ref, cur = messages(rng, n), messages(rng, n, new_share)
    texts = np.array(ref + cur, dtype=object)
    labels = np.r_[np.zeros(n, dtype=int), np.ones(n, dtype=int)]
    train, test = train_test_split(np.arange(2 * n), test_size=0.5, stratify=labels, random_state=seed)
    train, test = np.sort(train), np.sort(test)
    vec = vectorizer(DRIFT_TFIDF)
    x_train = vec.fit_transform(texts[train])
    x_test = vec.transform(texts[test])
    vocab = vec.get_feature_names_out().tolist()
    fits = {}
    model = LogisticRegression(C=C, solver='lbfgs').fit(x_train, labels[train])
    fits['sklearn'] = fit_record(model.coef_[0], model.intercept_[0], int(model.n_iter_[0]), x_train, labels[train],
                                 x_test, labels[test], vocab)
    coef, intercept, n_iter = argmin(x_train, labels[train])
    fits['argmin'] = fit_record(coef, intercept, n_iter, x_train, labels[train], x_test, labels[test], vocab)
    return {'name': name, 'seed': seed, 'newShare': new_share, 'tfidf': DRIFT_TFIDF, 'C': C,
            'texts': texts.tolist(), 'labels': labels.tolist(), 'train': train.tolist(), 'test': test.tolist(),
            'vocabularySize': len(vocab), 'vocabularySample': vocab[::max(1, len(vocab) // 50)],
            'idfSample': vec.idf_[::max(1, len(vocab) // 50)].tolist(),
            'trainRows': rows(x_train, [0, 1, 2, len(train) - 1]), 'testRows': rows(x_test, [0, 1, 2, len(test) - 1]),
            'fits': fits}


def auc_cases(rng):
    cases = []
    for n_pos, n_neg, decimals in [(50, 70, None), (200, 150, 1), (30, 30, 0), (5, 400, 2), (1000, 1000, 3)]:
        scores = rng.normal(size=n_pos + n_neg) + np.r_[np.full(n_pos, 0.4), np.zeros(n_neg)]
        if decimals is not None:
            scores = np.round(scores, decimals)
        labels = np.r_[np.ones(n_pos, dtype=int), np.zeros(n_neg, dtype=int)]
        perm = rng.permutation(n_pos + n_neg)
        cases.append({'labels': labels[perm].tolist(), 'scores': scores[perm].tolist()})
    cases.append({'labels': [0, 1, 0, 1], 'scores': [0.5, 0.5, 0.5, 0.5]})
    cases.append({'labels': [0, 0, 1, 1, 1], 'scores': [0.1, 0.9, 0.9, 0.9, 0.2]})
    for case in cases:
        case['rocAuc'] = float(roc_auc_score(case['labels'], case['scores']))
    return cases


def argsort_cases(rng):
    cases = []
    for n, high in [(10, 3), (16, 2), (17, 2), (100, 5), (1000, 3), (3000, 40), (5000, 2)]:
        values = (-rng.integers(1, high + 1, size=n)).astype(np.int64)
        cases.append({'values': values.tolist(), 'argsort': np.argsort(values).tolist(),
                      'stableDiffers': bool((np.argsort(values) != np.argsort(values, kind='stable')).any())})
    return cases


def lowercase_table():
    out = []
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        if ch.lower() != ch:
            out.append([c, ch.lower()])
    return out


def build():
    rng = np.random.default_rng(20240501)
    shift = classifier_case('vocabulary_shift', seed=7, n=400, new_share=0.2)
    same = classifier_case('same_distribution', seed=11, n=400, new_share=0.0)
    shift_train = [shift['texts'][i] for i in shift['train']]
    shift_test = [shift['texts'][i] for i in shift['test']]
    vectorizers = [
        vectorizer_case('edge_texts_drift_config', EDGE_TEXTS, EDGE_TEXTS[::-1], DRIFT_TFIDF,
                        range(len(EDGE_TEXTS)), range(len(EDGE_TEXTS))),
        vectorizer_case('edge_texts_1_5_counts', EDGE_TEXTS, EDGE_TEXTS,
                        {'ngramRange': [1, 5], 'sublinearTf': False, 'minDf': 1, 'maxFeatures': None},
                        range(len(EDGE_TEXTS)), range(3)),
        vectorizer_case('edge_texts_4_6', EDGE_TEXTS, EDGE_TEXTS,
                        {'ngramRange': [4, 6], 'sublinearTf': True, 'minDf': 1, 'maxFeatures': None},
                        range(len(EDGE_TEXTS)), range(3)),
        vectorizer_case('shift_drift_config', shift_train, shift_test, DRIFT_TFIDF, range(8), range(8)),
        vectorizer_case('shift_max_features_ties', shift_train, shift_test,
                        {'ngramRange': [3, 5], 'sublinearTf': False, 'minDf': 2, 'maxFeatures': 300},
                        range(8), range(8)),
    ]
    return {
        'vectorizer.json': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'cases': vectorizers},
        'classifier.json': {'sklearn': sklearn.__version__, 'cases': [shift, same]},
        'roc-auc.json': {'sklearn': sklearn.__version__, 'cases': auc_cases(rng)},
        'numpy-argsort.json': {'numpy': np.__version__, 'cases': argsort_cases(rng)},
        'python-lowercase.json': {'python': sys.version.split()[0], 'lower': lowercase_table()},
        'corpus-templates.json': templates_json(),
    }


def check(files):
    ties = files['vectorizer.json']['cases'][-1]
    if not ties.get('stableTieVocabularyDiffers'):
        raise SystemExit('the max_features case no longer has ties that numpy orders unstably: pick another size')
    if not any(c['stableDiffers'] for c in files['numpy-argsort.json']['cases']):
        raise SystemExit('no argsort case shows numpy quicksort reordering ties')
    shift, same = files['classifier.json']['cases']
    if shift['fits']['sklearn']['rocAuc'] <= 0.55 or same['fits']['sklearn']['rocAuc'] > 0.55:
        raise SystemExit('the corpora no longer show drift / no drift as the tests expect')
    for case in (shift, same):
        gap = np.abs(np.subtract(case['fits']['sklearn']['probabilities'], case['fits']['argmin']['probabilities'])).max()
        if gap > 1e-3:
            raise SystemExit(f"{case['name']}: scikit-learn's fit is {gap:.3g} from the objective's minimiser")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=DEFAULT_OUT, help='fixture folder (default: %(default)s)')
    args = parser.parse_args()
    files = build()
    check(files)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for name, content in files.items():
        text = json.dumps(content, ensure_ascii=False, separators=(',', ':'))
        with open(os.path.join(args.out, name), 'w', encoding='utf-8') as f:
            f.write(text + '\n')
        total += len(text.encode('utf-8')) + 1
        print(f'{name}: {len(text.encode("utf-8")):,} bytes')
    if total > MAX_TOTAL_BYTES:
        raise SystemExit(f'fixtures take {total:,} bytes, over {MAX_TOTAL_BYTES:,}')
    print(f'total {total:,} bytes in {os.path.normpath(args.out)}')


if __name__ == '__main__':
    main()
