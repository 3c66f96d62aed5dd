#!/usr/bin/python3
"""Finds real words that the typo corrector would turn into time words ("вчера" -> "вечера",
"возьми" -> "восьми", "принеси" -> "перенеси", "cooking" -> "coming") and lists them as not
typos in inference/featurisation/lexicon.json.

    /usr/bin/python3 inference/training/false_friends.py [--write] [WORDLIST ...]

A word list is one word per line. The defaults are Debian's dictionaries (about 4 minutes):
  - Russian: every form of hunspell-ru, expanded by hunspell-tools' unmunch (made on first use)
  - English: wamerican's /usr/share/dict/american-english
      apt-get install hunspell hunspell-ru hunspell-en-us hunspell-tools wamerican

A dictionary word the corrector would change is a false friend unless hunspell finds it to be a
form of its target's own word (a shared stem: "марте" -> "марта", "неделе" -> "недели",
"mornings" -> "morning" stay corrected, while "десятка" -> "десяти", "четверо" -> "четверг",
"cancer" -> "cancel" do not), or it is a known typo that happens to be a dictionary word ("чрез",
CONVENTIONS rule 11).

Without --write it prints what it found, grouped by target. Changing the list changes the
featurisation (the model card pins the lexicon's sha256): regenerate the golden vectors
(tsx inference/src/text/golden.ts --write) and retrain (pnpm train).
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featurize as F  # noqa: E402

RU_LIST = '/tmp/napominalka-ru-words.txt'
DEFAULT_LISTS = [RU_LIST, '/usr/share/dict/american-english']
HUNSPELL = '/usr/share/hunspell'

# Dictionary words that are nevertheless read as the typo they usually are (CONVENTIONS rule 11).
KNOWN_TYPOS = {'чрез', 'минт', 'напомн'}


def russian_word_list():
    if not os.path.exists(RU_LIST):
        print(f'  expanding {HUNSPELL}/ru_RU.dic with unmunch -> {RU_LIST}', file=sys.stderr)
        with open(RU_LIST + '.tmp', 'wb') as out:
            subprocess.run(['unmunch', f'{HUNSPELL}/ru_RU.dic', f'{HUNSPELL}/ru_RU.aff'], stdout=out, stderr=subprocess.DEVNULL, check=True)
        os.replace(RU_LIST + '.tmp', RU_LIST)
    return RU_LIST


def stems(words, dictionary):
    """Word -> its hunspell stems (itself when hunspell does not know it)."""
    res = subprocess.run(['hunspell', '-d', dictionary, '-s'], input='\n'.join(words) + '\n',
                         capture_output=True, text=True, check=True)
    out = {w: {w} for w in words}
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in out:
            out[parts[0]].add(parts[1])
    return out


def same_word(pairs):
    """(word, target) pairs -> the set of pairs that hunspell finds to share a stem."""
    same = set()
    for dictionary, script in (('ru_RU', lambda w: any('а' <= c <= 'я' for c in w)), ('en_US', lambda w: w.isascii())):
        ps = [(w, t) for w, t in pairs if script(w)]
        st = stems(sorted({x for p in ps for x in p}), dictionary)
        same |= {(w, t) for w, t in ps if st[w] & st[t]}
    return same


def find(paths, lex):
    candidates = []
    seen = set()
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for n, raw in enumerate(f):
                if n and n % 200000 == 0:
                    print(f'  {os.path.basename(path)}: {n} words', file=sys.stderr)
                w = F.js_lower(raw.strip()).replace('ё', 'е')
                if not w or w in seen or w in KNOWN_TYPOS:
                    continue
                seen.add(w)
                t = F.correct_word(w, lex)
                if t is not None:
                    candidates.append((w, t))
    same = same_word(candidates)
    found = {}
    for w, t in candidates:
        if (w, t) not in same:
            found.setdefault(t, []).append(w)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('lists', nargs='*', help='word lists, one word per line (default: the dictionaries above)')
    ap.add_argument('--write', action='store_true', help='merge the false friends into lexicon.json')
    args = ap.parse_args()
    if not args.lists:
        try:
            russian_word_list()
        except (OSError, subprocess.CalledProcessError) as e:
            print(f'false_friends: cannot expand the Russian dictionary ({e}); see --help', file=sys.stderr)
            return 1
        args.lists = DEFAULT_LISTS
    missing = [p for p in args.lists if not os.path.exists(p)]
    if missing:
        print(f'false_friends: missing word list(s): {", ".join(missing)} (see --help)', file=sys.stderr)
        return 1
    with open(F.LEXICON_PATH, encoding='utf-8') as f:
        file = json.load(f)
    lex = F.Lexicon(file)
    found = find(args.lists, lex)
    words = sorted({w for ws in found.values() for w in ws})
    for t, ws in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f'{t:>14} <- {len(ws):4}  {" ".join(sorted(ws)[:12])}{" …" if len(ws) > 12 else ""}')
    before = set(file['notTypos'])
    added = [w for w in words if w not in before and w not in lex.classes_of]
    print(f'{len(words)} false friends, {len(added)} not yet listed')
    if args.write:
        file['notTypos'] = sorted(before | set(added), key=F._js_sort_key)
        with open(F.LEXICON_PATH + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(file, f, ensure_ascii=False, indent=1)
            f.write('\n')
        os.replace(F.LEXICON_PATH + '.tmp', F.LEXICON_PATH)
        print(f'wrote {os.path.relpath(F.LEXICON_PATH)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
