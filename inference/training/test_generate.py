"""generate.py's rule 13-20 templates (timex_more.py, before.py, statements.py): seeded, tagged as
CONVENTIONS.md says, negatives all O (stdlib only).

    /usr/bin/python3 -m unittest discover -s inference/training -p 'test_generate.py'
"""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featurize as F  # noqa: E402
import generate as G  # noqa: E402
import statements  # noqa: E402
import timex_more  # noqa: E402
from before import before_pieces  # noqa: E402

SEED, N = 11, 2500


def spans(row, tag):
    """The maximal runs of `tag`, as lower-cased token strings."""
    out, cur = [], []
    for t, g in zip(row['tokens'], row['tags']):
        if g == tag:
            cur.append(t.lower())
        elif cur:
            out.append(' '.join(cur))
            cur = []
    if cur:
        out.append(' '.join(cur))
    return out


class GenerateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rows, _ = G.generate_rows(SEED, N, G.load_corpora(), log=lambda m: None)

    def kind(self, k):
        return [r for r in self.rows if k in r['kinds']]

    def test_the_stream_is_seeded(self):
        again, _ = G.generate_rows(SEED, 500, G.load_corpora(), log=lambda m: None)
        self.assertEqual([r['text'] for r in again], [r['text'] for r in self.rows[:500]])
        other, _ = G.generate_rows(SEED + 1, 500, G.load_corpora(), log=lambda m: None)
        self.assertNotEqual([r['text'] for r in other], [r['text'] for r in self.rows[:500]])

    def test_rules_13_to_19_are_creates_with_their_expression_tagged_time(self):
        rows = self.kind('rules_13_19')
        self.assertGreater(len(rows), N * 0.5 * G.MORE_P * 0.6)
        for r in rows:
            self.assertEqual(r['intent'], 'create')
            self.assertIn('TIME', r['tags'], r['text'])
        times = ' | '.join(s for r in rows for s in spans(r, 'TIME'))
        for phrase in ('через пару', 'спустя', 'в ночь с', 'выходных', 'обед', 'раз', 'until', 'from now',
                       'in the morning', 'every', 'месяца', 'times'):
            self.assertIn(phrase, times, f'no TIME run with {phrase!r}')

    def test_before_an_anchor_keeps_the_event_as_text(self):
        rows = self.kind('before_anchor')
        self.assertTrue(rows)
        for r in rows:
            tokens = [t.lower() for t in r['tokens']]
            cut = tokens.index('до') if 'до' in tokens else tokens.index('before')
            self.assertEqual(r['tags'][cut], 'TIME', r['text'])
            self.assertIn('TEXT', r['tags'], r['text'])
        # "за час до встречи в 15:00": the event between the duration and its anchor is the text
        rng = random.Random(3)
        shapes = [before_pieces(rng, lang, lambda: 'купить хлеб', True) for lang in ('ru', 'en') for _ in range(40)]
        between = [p for p in shapes if [g for _, g in p] == ['TIME', 'TEXT', 'TIME']]
        self.assertTrue(between)
        for p in between:
            self.assertTrue(p[0][0].endswith((' до', ' before')), p)

    def test_days_before_count_back_from_a_date_not_a_clock(self):
        # "за 2 дня до 22:00" is in the past for every anchor (ask): days count back from a date
        rng = random.Random(5)
        long = ('за день', 'за 2 дня', 'за неделю', 'за три дня', 'за сутки')
        for _ in range(300):
            for t, g in before_pieces(rng, 'ru', lambda: 'купить хлеб', False):
                if g == 'TIME' and t.startswith(long) and ' до ' in t:
                    self.assertNotIn(':', t, t)

    def test_negatives_are_other_and_all_o(self):
        rows = self.kind('past_statement_13_20') + self.kind('junk')
        self.assertTrue(self.kind('junk'))
        for r in rows:
            self.assertEqual(r['intent'], 'other')
            self.assertEqual(set(r['tags']), {'O'}, r['text'])
        rng = random.Random(1)
        texts = [statements.statement(rng, lang) for lang in ('ru', 'en') for _ in range(300)]
        self.assertTrue(any(t.startswith('в ночь с') or ' в ночь с' in t for t in texts))
        self.assertTrue(any('moved to' in t or 'перенесли на' in t for t in texts))

    def test_list_requests_with_periods(self):
        periods = {s for r in self.rows if r['intent'] == 'list' for s in spans(r, 'TIME')}
        for p in ('на завтра', 'на следующей неделе', 'next week', 'tomorrow'):
            self.assertIn(p, periods)

    def test_abbreviations_that_are_words_stand_beside_a_time_word(self):
        rng = random.Random(9)
        for _ in range(2000):
            s = timex_more.en_named_day(rng).lower().rstrip('.')
            if s in ('sun', 'sat', 'wed'):
                self.fail(f'bare {s!r}: an ordinary word with no time word beside it')

    def test_every_template_tokenises_and_labels(self):
        rng = random.Random(2)
        lex = F.lexicon()
        for _ in range(500):
            lang, intent, pieces, _ = G.example(rng, lex)
            self.assertIsNotNone(G.label(pieces))


if __name__ == '__main__':
    unittest.main()
