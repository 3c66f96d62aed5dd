"""build_set.py: leakage, deduplication, validation of feedback rows; shuffle.py (stdlib only).

    /usr/bin/python3 -m unittest discover -s inference/training -p 'test_build_set.py'
"""
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build_set  # noqa: E402
import featurize as F  # noqa: E402
from generate import TAGS, dev_key, generate_rows, load_corpora, load_corpus, LEGACY_CORPORA, CORPORA  # noqa: E402
from shuffle import shuffle_labels  # noqa: E402

SEED, N = 7, 300


def fb(i, text, source='correction', intent='create', day='2026-12-01', tokens=None, tags=None):
    toks = [t for t, _, _ in F.featurize(text)['tokens']] if tokens is None else tokens
    return {'id': f'fb-{i:03d}', 'source': source, 'text': text, 'lang': 'ru', 'intent': intent, 'tokens': toks,
            'tags': ['TEXT'] * len(toks) if tags is None else tags, 'event_ids': [f'ev-{i}'], 'day': day}


def shout(text):
    """The same dev_key, other surface: upper case and trailing punctuation."""
    return text.upper() + ' !!'


def read_jsonl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


class BuildSetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='build-set-test-')
        corpora = {c.name: c for c in load_corpora(tuple(CORPORA))}
        cls.eval_texts = {name: c.rows[0]['text'] for name, c in corpora.items()}
        synth, _ = generate_rows(SEED, N, list(corpora.values()), log=lambda m: None)
        cls.synthetic_text = synth[0]['text']
        cls.synthetic_copies = sum(dev_key(r['text']) == dev_key(cls.synthetic_text) for r in synth)
        dup = 'напомни завтра в 9 купить хлеб'
        rows = [fb(1, shout(cls.eval_texts['parse-dev'])), fb(2, cls.eval_texts['parse-dev-v2'], 'confirmed'),
                fb(3, cls.eval_texts['challenge'].lower(), 'edit'),
                fb(4, dup, 'confirmed', day='2026-12-03'), fb(5, dup.capitalize() + '.', 'correction', day='2026-11-30'),
                fb(6, dup + '!', 'edit', day='2026-12-02'),
                fb(7, 'напомни позвонить маме', tokens=['напомни', 'позвонить', 'мама']),
                fb(8, 'напомни позвонить папе', tags=['TRIGGER', 'TEXT']),
                fb(9, 'напомни позвонить брату', tags=['TRIGGER', 'TEXT', 'B-TEXT']),
                fb(10, 'напомни позвонить сестре', source='guess'),
                fb(11, 'напомни позвонить бабушке', intent='remind'),
                fb(12, cls.synthetic_text, 'edit', intent=synth[0]['intent'], tokens=synth[0]['tokens'], tags=synth[0]['tags']),
                fb(13, 'remind me to water the plants', 'confirmed', day='2026-11-20')]
        cls.feedback = os.path.join(cls.tmp, 'feedback.jsonl')
        with open(cls.feedback, 'w', encoding='utf-8') as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
            f.write('{not json\n')
        cls.out = os.path.join(cls.tmp, 'set')
        with contextlib.redirect_stdout(io.StringIO()) as cls.stdout:
            cls.rc = build_set.main(['--seed', str(SEED), '--n', str(N), '--feedback', cls.feedback, '--out', cls.out])
        with open(os.path.join(cls.out, 'report.json'), encoding='utf-8') as f:
            cls.report = json.load(f)
        cls.card = cls.report['card']
        cls.rows = read_jsonl(os.path.join(cls.out, 'train.jsonl')) + read_jsonl(os.path.join(cls.out, 'heldout.jsonl'))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_exit_status_and_progress(self):
        self.assertEqual(self.rc, 0)
        lines = self.stdout.getvalue().splitlines()
        self.assertTrue(any(line.startswith('feedback: 14 rows read') for line in lines), lines)
        self.assertEqual(json.loads(lines[-1]), self.card)

    def test_evaluation_sentences_in_feedback_never_reach_the_set(self):
        keys = {dev_key(r['text']) for r in self.rows}
        for name, text in self.eval_texts.items():
            self.assertNotIn(dev_key(text), keys, name)
            self.assertEqual(self.card['overlap'][name]['feedback_dropped'], 1, name)
            self.assertEqual(self.card['overlap'][name]['identical_texts'], 0, name)
        self.assertEqual(self.card['dropped']['feedback_as_evaluation_text'],
                         {'parse-dev': 1, 'parse-dev-v2': 1, 'challenge': 1})
        for c in load_corpora(tuple(CORPORA)):  # every text of every corpus, not only the injected ones
            self.assertFalse(c.keys & keys, c.name)

    def test_duplicates_keep_the_strongest_source(self):
        dup = [r for r in self.rows if dev_key(r['text']) == 'напомни завтра в 9 купить хлеб']
        self.assertEqual([(r['source'], r['id']) for r in dup], [('correction', 'fb-005')])
        self.assertEqual(self.card['dropped']['feedback']['duplicate'], 2)

    def test_feedback_text_replaces_the_synthetic_one(self):
        same = [r for r in self.rows if dev_key(r['text']) == dev_key(self.synthetic_text)]
        self.assertEqual([r.get('source') for r in same], ['edit'])
        self.assertEqual(self.card['dropped']['synthetic_replaced_by_feedback'], self.synthetic_copies)

    def test_invalid_rows_are_dropped_by_reason(self):
        self.assertEqual(self.card['dropped']['feedback'],
                         {'json': 1, 'source': 1, 'intent': 1, 'tokenisation': 1, 'tags': 2, 'duplicate': 2})
        texts = {r['text'] for r in self.rows}
        for t in ('напомни позвонить маме', 'напомни позвонить папе', 'напомни позвонить брату'):
            self.assertNotIn(t, texts)

    def test_feedback_rows_carry_provenance_and_the_training_format(self):
        kept = sorted((r for r in self.rows if 'source' in r), key=lambda r: r['id'])
        self.assertEqual([r['id'] for r in kept], ['fb-005', 'fb-012', 'fb-013'])
        for r in kept:
            self.assertEqual(r['kinds'], ['feedback'])
            self.assertEqual(r['tokens'], [t for t, _, _ in F.featurize(r['text'])['tokens']])
            self.assertEqual(len(r['tags']), len(r['tokens']))
            self.assertTrue(set(r['tags']) <= set(TAGS))
            self.assertEqual(r['event_ids'], [f'ev-{int(r["id"][3:])}'])

    def test_card(self):
        s = self.card['sizes']
        self.assertEqual(s['total'], len(self.rows))
        self.assertEqual(s['train'] + s['heldout'], s['total'])
        self.assertEqual(s['by_source'], {'synthetic': N - self.synthetic_copies, 'correction': 1, 'edit': 1, 'confirmed': 1})
        self.assertEqual(sum(s['by_lang'].values()), s['total'])
        self.assertEqual(s['by_intent'], dict(sorted(Counter(r['intent'] for r in self.rows).items())))
        self.assertEqual(self.card['feedback']['days'], {'min': '2026-11-20', 'max': '2026-12-01'})
        self.assertEqual(self.card['feedback']['rows_kept'], 3)
        for name in ('train', 'heldout'):
            self.assertEqual(self.card['files'][name]['sha256'], build_set.sha256_file(os.path.join(self.out, f'{name}.jsonl')))
        # what train.py and register.py read
        for k in ('seed', 'n', 'train', 'heldout', 'sha256', 'intents', 'langs', 'kinds', 'dropped', 'overlap'):
            self.assertIn(k, self.report)
        self.assertEqual(self.report['n'], s['total'])

    def test_failures_exit_non_zero(self):
        with contextlib.redirect_stderr(io.StringIO()) as err, contextlib.redirect_stdout(io.StringIO()):
            rc = build_set.main(['--n', '5', '--feedback', os.path.join(self.tmp, 'missing.jsonl'),
                                 '--out', os.path.join(self.tmp, 'x')])
        self.assertEqual(rc, 1)
        self.assertIn('missing.jsonl not found', err.getvalue())
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as e:
            build_set.main(['--n', '5'])
        self.assertEqual(e.exception.code, 2)


class GeneratorTest(unittest.TestCase):
    def test_one_seeded_stream(self):
        corpora = load_corpora(LEGACY_CORPORA)
        small, _ = generate_rows(SEED, 40, corpora, log=lambda m: None)
        big, _ = generate_rows(SEED, 80, corpora, log=lambda m: None)
        self.assertEqual(small, big[:40])

    def test_build_set_excludes_parse_dev_v2_too(self):
        names = [c.name for c in load_corpora(tuple(CORPORA))]
        self.assertEqual(names, ['parse-dev', 'parse-dev-v2', 'challenge'])
        self.assertTrue(load_corpus(CORPORA['parse-dev-v2'][0]), 'shared/eval/parse-dev-v2.jsonl is missing')


class ShuffleLabelsTest(unittest.TestCase):
    def test_permutes_labels_keeping_alignment(self):
        rows = [{'text': f't{i}', 'intent': ['create', 'list', 'other'][i % 3], 'tokens': ['a'] * (1 + i % 4),
                 'tags': [TAGS[(i + j) % len(TAGS)] for j in range(1 + i % 4)]} for i in range(60)]
        out = shuffle_labels(rows, 13)
        self.assertEqual(shuffle_labels(rows, 13), out)
        self.assertNotEqual([r['intent'] for r in out], [r['intent'] for r in rows])
        self.assertEqual(Counter(r['intent'] for r in out), Counter(r['intent'] for r in rows))
        self.assertNotEqual([r['tags'] for r in out], [r['tags'] for r in rows])
        for a, b in zip(rows, out):
            self.assertEqual((a['text'], a['tokens']), (b['text'], b['tokens']))
            self.assertEqual(len(b['tags']), len(b['tokens']))


if __name__ == '__main__':
    unittest.main()
