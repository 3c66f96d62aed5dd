"""The featurisation contract, Python side: an exact mirror of inference/src/text/{normalize,
tokenize,correct,lexicon,featurize}.ts (stdlib only).

normalise -> detect language -> tokenise (UTF-16 offsets, as in JavaScript) -> correct typos of
time words -> string features per token -> FNV-1a hashed ids. Both sides are checked against
inference/featurisation/golden.json (test_featurize.py here, featurize.unit.test.ts there).

Regex properties (\\p{L}, \\p{N}, \\s, \\p{Extended_Pictographic}, scripts) come from
unicode_tables.py, generated from Node's regex engine, so code points are classified exactly
as in serving; NFKC and lower-casing are Python's (they agree with V8 except for characters
added after Python's Unicode version).
"""
from __future__ import annotations

import bisect
import json
import os
import unicodedata

import unicode_tables as U

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURISATION_DIR = os.path.join(HERE, '..', 'featurisation')
LEXICON_PATH = os.path.join(FEATURISATION_DIR, 'lexicon.json')
GOLDEN_PATH = os.path.join(FEATURISATION_DIR, 'golden.json')

FEATURISATION = {'version': 1, 'buckets': 65536, 'maxFeatures': 32, 'maxTokens': 128}


class _Prop:
    """Membership in a sorted tuple of inclusive code point ranges."""

    def __init__(self, ranges):
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]

    def __call__(self, ch: str) -> bool:
        cp = ord(ch)
        i = bisect.bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i]


is_letter = _Prop(U.L)
is_upper = _Prop(U.LU)
is_number = _Prop(U.N)
is_control = _Prop(U.CONTROL)
is_space = _Prop(U.SPACE)
is_ext_pict = _Prop(U.EXT_PICT)
is_regional = _Prop(U.REGIONAL)
is_emoji_mod = _Prop(U.EMOJI_MOD)
is_cyrillic = _Prop(U.CYRILLIC)
is_latin = _Prop(U.LATIN)

_EMOJI_JOINERS = '\uFE0F\u200D\u20E3'


# ---------------------------------------------------------------------------------------------
# normalize.ts

def to_well_formed(s: str) -> str:
    """String.prototype.toWellFormed: surrogate pairs joined, lone surrogates -> U+FFFD."""
    if not any('\ud800' <= c <= '\udfff' for c in s):
        return s
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if '\ud800' <= c <= '\udbff' and i + 1 < n and '\udc00' <= s[i + 1] <= '\udfff':
            out.append(chr(0x10000 + ((ord(c) - 0xD800) << 10) + (ord(s[i + 1]) - 0xDC00)))
            i += 2
            continue
        out.append('\ufffd' if '\ud800' <= c <= '\udfff' else c)
        i += 1
    return ''.join(out)


def _strip_emoji(text: str, emoji: list) -> str:
    """EMOJI regex of normalize.ts: each match becomes a space; pictographic ones are kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if is_ext_pict(c) or is_regional(c):
            j = i + 1
            while j < n:
                d = text[j]
                if is_emoji_mod(d) or d == '\uFE0F' or d == '\u20E3':
                    j += 1
                elif d == '\u200D' and j + 1 < n and (is_ext_pict(text[j + 1]) or is_emoji_mod(text[j + 1])):
                    j += 2
                else:
                    break
            emoji.append(text[i:j])
            out.append(' ')
            i = j
        elif c in _EMOJI_JOINERS:
            out.append(' ')
            i += 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def _collapse_spaces(text: str) -> str:
    out = []
    in_space = False
    for c in text:
        if is_space(c):
            if not in_space:
                out.append(' ')
            in_space = True
        else:
            out.append(c)
            in_space = False
    return ''.join(out).strip(' ')


def normalize(inp: str) -> dict:
    emoji: list = []
    text = unicodedata.normalize('NFKC', to_well_formed(inp))
    text = _strip_emoji(text, emoji)
    text = text.replace('ё', 'е').replace('Ё', 'Е')
    text = ''.join(' ' if is_control(c) else c for c in text)
    text = _collapse_spaces(text)
    return {'text': text, 'emoji': emoji, 'lang': detect_language(text)}


def detect_language(text: str) -> str:
    cyr = sum(1 for c in text if is_cyrillic(c))
    lat = sum(1 for c in text if is_latin(c))
    if cyr == 0 and lat == 0:
        return 'ru'
    if min(cyr, lat) / (cyr + lat) >= 0.3:
        return 'mixed'
    return 'ru' if cyr >= lat else 'en'


# ---------------------------------------------------------------------------------------------
# tokenize.ts

def _u16(c: str) -> int:
    return 2 if ord(c) > 0xFFFF else 1


def tokenize(text: str) -> list:
    """Words (inner ' or ’ allowed), digit runs, or one other non-space character.
    Returns (text, start, end) with UTF-16 offsets, as JavaScript reports them."""
    tokens = []
    i, n, pos = 0, len(text), 0
    while i < n:
        c = text[i]
        j = i
        if is_letter(c):
            j = i + 1
            while True:
                while j < n and is_letter(text[j]):
                    j += 1
                if j + 1 < n and text[j] in "'’" and is_letter(text[j + 1]):
                    j += 1
                    continue
                break
        elif is_number(c):
            j = i + 1
            while j < n and is_number(text[j]):
                j += 1
        elif not is_space(c):
            j = i + 1
        if j == i:
            pos += _u16(c)
            i += 1
            continue
        tok = text[i:j]
        width = sum(_u16(ch) for ch in tok)
        tokens.append((tok, pos, pos + width))
        pos += width
        i = j
    return tokens


# ---------------------------------------------------------------------------------------------
# lexicon.ts and correct.ts

def _js_sort_key(s: str):
    """Array.prototype.sort() default order: by UTF-16 code units."""
    return s.encode('utf-16-be', 'surrogatepass')


def _all_letters(s: str) -> bool:
    return len(s) > 0 and all(is_letter(c) for c in s)


class Lexicon:
    def __init__(self, file: dict):
        self.file = file
        classes_of: dict = {}
        for cls, words in file['classes'].items():
            for w in words:
                classes_of[w] = sorted(classes_of.get(w, []) + [cls], key=_js_sort_key)
        self.classes_of = classes_of
        targets: dict = {}
        c = file['correction']
        for w in sorted(classes_of.keys(), key=_js_sort_key):
            if len(w) < c['minTargetLength'] or not _all_letters(w):
                continue
            targets.setdefault(w[0], []).append(w)
        self.targets = targets
        self.not_typos = set(file['notTypos'])


_cached = None


def lexicon() -> Lexicon:
    global _cached
    if _cached is None:
        with open(LEXICON_PATH, encoding='utf-8') as f:
            _cached = Lexicon(json.load(f))
    return _cached


def osa_distance(a: str, b: str) -> int:
    n, m = len(a), len(b)
    prev2: list = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i]
        for j in range(1, m + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur.append(v)
        prev2 = prev
        prev = cur
    return prev[m]


def correct_word(word: str, lex: Lexicon):
    c = lex.file['correction']
    if len(word) < c['minTokenLength'] or not _all_letters(word):
        return None
    if word in lex.classes_of or word in lex.not_typos:
        return None
    mx = c['maxDistanceLong'] if len(word) >= c['longFrom'] else c['maxDistanceShort']
    best, best_d = None, mx + 1
    for t in lex.targets.get(word[0], []):
        if abs(len(t) - len(word)) > mx:
            continue
        d = osa_distance(word, t)
        if d < best_d:
            best, best_d = t, d
    return best


# ---------------------------------------------------------------------------------------------
# featurize.ts

def shape(s: str) -> str:
    out = ''
    for ch in s:
        k = 'A' if is_upper(ch) else 'a' if is_letter(ch) else 'd' if is_number(ch) else ch
        if not out.endswith(k):
            out += k
    return out


def _js_number_feature(word: str) -> str:
    # Number(word) only reads ASCII digits; other \p{N} runs are NaN -> 'big'.
    if all('0' <= c <= '9' for c in word):
        n = int(word)
        if n <= 100:
            return str(n)
    return 'big'


def token_features(original: str, lower: str, word: str, lex: Lexicon) -> list:
    f = ['w=' + lower]
    if word != lower:
        f.append('cw=' + word)
    for cls in lex.classes_of.get(word, []):
        f.append('lex=' + cls)
    f.append('shape=' + shape(original))
    if _all_numbers(word):
        f.append('num=' + _js_number_feature(word))
        f.append('digits=' + str(len(word)))
    else:
        f.append('p3=' + word[:3])
        f.append('s3=' + word[-3:])
        padded = ['^'] + list(word) + ['$']
        for i in range(len(padded) - 2):
            f.append('c=' + ''.join(padded[i:i + 3]))
    return f[:FEATURISATION['maxFeatures']]


def _all_numbers(s: str) -> bool:
    return len(s) > 0 and all(is_number(c) for c in s)


def fnv1a(s: str) -> int:
    h = 0x811C9DC5
    for b in to_well_formed(s).encode('utf-8'):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def hash_features(features: list) -> list:
    ids = [fnv1a(f) % (FEATURISATION['buckets'] - 1) + 1 for f in features]
    ids += [0] * (FEATURISATION['maxFeatures'] - len(ids))
    return ids


def js_lower(s: str) -> str:
    """String.prototype.toLowerCase (full Unicode mapping, final sigma in context)."""
    return s.lower()


def featurize(text: str, lex: Lexicon = None) -> dict:
    lex = lex or lexicon()
    normalized = normalize(text)
    tokens = tokenize(normalized['text'])[:FEATURISATION['maxTokens']]
    corrections, words, ids = [], [], []
    for i, (t, _, _) in enumerate(tokens):
        lower = js_lower(t)
        fixed = correct_word(lower, lex)
        if fixed:
            corrections.append({'from': t, 'to': fixed, 'token': i})
        word = fixed or lower
        words.append(word)
        ids.append(hash_features(token_features(t, lower, word, lex)))
    return {'normalized': normalized, 'tokens': tokens, 'words': words,
            'corrections': corrections, 'ids': ids}
