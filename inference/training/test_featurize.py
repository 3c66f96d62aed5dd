"""featurize.py reproduces the golden vectors of the featurisation contract exactly (stdlib only).

    /usr/bin/python3 -m unittest discover -s inference/training -p 'test_*.py'
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featurize as F  # noqa: E402


def load_golden():
    with open(F.GOLDEN_PATH, encoding='utf-8') as f:
        return json.load(f)


class GoldenVectors(unittest.TestCase):
    golden = load_golden()

    def test_contract_constants(self):
        self.assertEqual(self.golden['featurisation'], F.FEATURISATION)

    def test_every_golden_entry(self):
        self.assertGreater(len(self.golden['entries']), 10)
        for e in self.golden['entries']:
            with self.subTest(text=e['text']):
                f = F.featurize(e['text'])
                self.assertEqual(f['normalized']['text'], e['normalized'])
                self.assertEqual(f['normalized']['lang'], e['lang'])
                self.assertEqual(f['normalized']['emoji'], e['emoji'])
                self.assertEqual([list(t) for t in f['tokens']], e['tokens'])
                self.assertEqual(f['words'], e['words'])
                self.assertEqual(f['corrections'], e['corrections'])
                self.assertEqual(f['ids'], e['ids'])


class Pieces(unittest.TestCase):
    lex = F.lexicon()

    def test_fnv1a(self):
        self.assertEqual(F.fnv1a(''), 0x811C9DC5)
        self.assertEqual(F.fnv1a('a'), 0xE40C292C)

    def test_shape(self):
        self.assertEqual([F.shape(s) for s in ['Позвонить', '18', 'iPhone', ',']], ['Aa', 'd', 'aAa', ','])

    def test_corrections(self):
        for typo, word in [('зафтра', 'завтра'), ('чрез', 'через'), ('минт', 'минут'), ('понедельнк', 'понедельник'),
                           ('напомн', 'напомни'), ('tomorow', 'tomorrow'), ('tommorow', 'tomorrow'),
                           ('mintues', 'minutes'), ('wendesday', 'wednesday'), ('remidn', 'remind')]:
            self.assertEqual(F.correct_word(typo, self.lex), word)
        for w in ['завтрак', 'маме', 'match', 'steven', 'remainder', 'позвонить', 'купить', 'завтра', '18']:
            self.assertIsNone(F.correct_word(w, self.lex))

    def test_utf16_offsets_after_astral_characters(self):
        # U+1D400 (a letter outside the BMP) counts two UTF-16 code units, as in JavaScript.
        toks = F.tokenize('\U0001D400b c')
        self.assertEqual(toks, [('\U0001D400b', 0, 3), ('c', 4, 5)])

    def test_normalize(self):
        self.assertEqual(F.normalize('  🔥🔥 Ёжик   завтра 👍🏽 '),
                         {'text': 'Ежик завтра', 'emoji': ['🔥', '🔥', '👍🏽'], 'lang': 'ru'})
        self.assertEqual(F.normalize('remind me завтра утром')['lang'], 'mixed')

    def test_hostile_input(self):
        for s in ['', '\u0000', '\ud800', 'x' * 100_000, '\u202e\u200f', '👍' * 1000]:
            F.featurize(s)
        self.assertEqual(len(F.featurize('w ' * 1000)['tokens']), 128)


if __name__ == '__main__':
    unittest.main()
