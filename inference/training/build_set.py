#!/usr/bin/python3
"""The training set of the model loop: the seeded synthetic generator's examples plus production
feedback labels, deduplicated, with zero sentence overlap with every evaluation corpus.

    /usr/bin/python3 inference/training/build_set.py --seed 7 --n 80000 \\
        [--feedback FEEDBACK.jsonl] --out DIR [--heldout 0.08] [--max-dup 3]

Synthetic: the first N examples of generate.py's seeded stream that equal no text of
shared/eval/parse-dev.jsonl, shared/eval/parse-dev-v2.jsonl or
inference/src/eval/corpora/challenge.jsonl (normalised, lower-cased, punctuation removed: dev_key).
Feedback (feedback.py): rows whose tokens differ from featurize.py's tokens of their text are
dropped ('tokenisation'), as are unknown tags or a tag count other than the token count ('tags'),
rows equal to a text of an evaluation corpus (counted per corpus) and all but the strongest of
equal texts (correction > edit > confirmed). A feedback text replaces every synthetic example
with the same key. The overlap with each corpus is asserted zero over the written files.

Writes DIR/train.jsonl and DIR/heldout.jsonl (generate.py's format; feedback rows also carry
source, id, day, event_ids, and kinds ["feedback"]) and DIR/report.json (generate.py's keys, read
by train.py and register.py, plus `card`: sizes by language, intent and source, the feedback day
range, drops by reason, overlap per corpus, sha256 of the files). Progress on stdout, then the
card as one JSON line. Exit 0 written; 1 failed (missing corpus or feedback file, overlap);
2 bad usage.
"""
import argparse
import json
import os
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import feedback as FB  # noqa: E402
from register import sha256_file  # noqa: E402
from generate import (COVERAGE, CORPORA, assert_no_overlap, dev_key, generate_rows, load_corpora, overlap_report,  # noqa: E402
                      split_rows, write_split)

BUILDER = 'inference/training/build_set.py'


class BuildError(Exception):
    pass


def eval_corpora():
    corpora = load_corpora(tuple(CORPORA))
    for c in corpora:
        if not os.path.exists(c.path):
            raise BuildError(f'evaluation corpus {c.rel} not found at {c.path}: cannot check the overlap')
    return corpora


def drop_eval_texts(rows, corpora, per_corpus):
    """Feedback rows equal to a text of an evaluation corpus never reach the set."""
    kept = []
    for r in rows:
        key = dev_key(r['text'])
        hit = next((c for c in corpora if key in c.keys), None)
        if hit is None:
            kept.append(r)
        else:
            per_corpus[hit.name] += 1
    return kept


def feedback_rows(path, corpora, log):
    """(rows, dropped by reason, dropped per corpus, lines read)."""
    if path is None:
        return [], Counter(), Counter(), 0
    if not os.path.exists(path):
        raise BuildError(f'feedback file {path} not found')
    rows, dropped, read = FB.read_feedback(path)
    per_corpus = Counter()
    rows = drop_eval_texts(rows, corpora, per_corpus)
    rows = FB.deduplicate(rows, dropped)
    log(f'feedback: {read} rows read, {len(rows)} kept; dropped {dict(dropped)}, as evaluation texts {dict(per_corpus)}')
    return rows, dropped, per_corpus, read


def source_of(r):
    return r.get('source', 'synthetic')


def card_of(args, rows, train, held, paths, sha, synth_dropped, fb, corpora, replaced):
    fb_rows, fb_dropped, fb_per_corpus, fb_read = fb
    days = sorted(r['day'] for r in fb_rows)
    identical = assert_no_overlap(train + held, corpora)
    return {
        'builder': BUILDER, 'seed': args.seed, 'synthetic_requested': args.n, 'heldout_share': args.heldout,
        'sizes': {
            'total': len(rows), 'train': len(train), 'heldout': len(held),
            'by_lang': dict(sorted(Counter(r['lang'] for r in rows).items())),
            'by_intent': dict(sorted(Counter(r['intent'] for r in rows).items())),
            'by_source': {s: sum(source_of(r) == s for r in rows) for s in ('synthetic',) + FB.SOURCES},
            'heldout_by_source': {s: sum(source_of(r) == s for r in held) for s in ('synthetic',) + FB.SOURCES},
        },
        'feedback': {
            'file': os.path.basename(args.feedback) if args.feedback else None,
            'sha256': sha256_file(args.feedback) if args.feedback else None,
            'rows_read': fb_read, 'rows_kept': len(fb_rows),
            'days': {'min': days[0], 'max': days[-1]} if days else {'min': None, 'max': None},
        },
        'dropped': {
            'synthetic': dict(synth_dropped),
            'synthetic_replaced_by_feedback': replaced,
            'feedback': {k: fb_dropped[k] for k in FB.REASONS if fb_dropped[k]},
            'feedback_as_evaluation_text': dict(fb_per_corpus),
        },
        'overlap': {c.name: {'path': c.rel, 'texts': len(c.rows), 'identical_texts': identical[c.name],
                             'synthetic_dropped': synth_dropped[c.drop_reason],
                             'feedback_dropped': fb_per_corpus[c.name]} for c in corpora},
        'files': {name: {'rows': n, 'sha256': sha256_file(paths[name])}
                  for name, n in (('train', len(train)), ('heldout', len(held)))},
        'sha256': sha,
    }


def build(args, log):
    t0 = time.time()
    corpora = eval_corpora()
    log('evaluation corpora excluded: ' + ', '.join(f'{c.rel} ({len(c.rows)} texts)' for c in corpora))
    fb = feedback_rows(args.feedback, corpora, log)
    log(f'synthetic: {args.n} examples, seed {args.seed}')
    synth, synth_dropped = generate_rows(args.seed, args.n, corpora, args.max_dup, log, t0)
    fb_keys = {dev_key(r['text']) for r in fb[0]}
    kept = [r for r in synth if dev_key(r['text']) not in fb_keys]
    replaced = len(synth) - len(kept)
    rows = kept + fb[0]
    train, held = split_rows(rows, args.heldout)
    os.makedirs(args.out, exist_ok=True)
    paths, sha = write_split(args.out, train, held)
    log(f'wrote {len(train)} training and {len(held)} held-out examples ({replaced} synthetic replaced by feedback)')
    card = card_of(args, rows, train, held, paths, sha, synth_dropped, fb, corpora, replaced)
    overlap = overlap_report(corpora, synth_dropped, rows)
    for c in corpora:
        overlap['corpora'][c.name]['feedback_texts_dropped'] = fb[2][c.name]
    report = {
        'seed': args.seed, 'n': len(rows), 'train': len(train), 'heldout': len(held), 'sha256': sha,
        'generator': BUILDER,
        'intents': dict(Counter(r['intent'] for r in rows)), 'langs': dict(Counter(r['lang'] for r in rows)),
        'kinds': dict(Counter(k for r in rows for k in r['kinds'])),
        'tags': dict(Counter(t for r in rows for t in r['tags'])),
        'dropped': dict(synth_dropped), 'coverage': COVERAGE, 'overlap': overlap, 'card': card,
        'seconds': round(time.time() - t0, 1),
    }
    with open(os.path.join(args.out, 'report.json'), 'w', encoding='utf-8') as fo:
        json.dump(report, fo, ensure_ascii=False, indent=1)
    return report


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seed', type=int, default=7, help='generator seed (default 7)')
    ap.add_argument('--n', type=int, default=80000, help='synthetic examples (default 80000)')
    ap.add_argument('--feedback', help='FEEDBACK.jsonl of production labels (optional)')
    ap.add_argument('--out', required=True, help='output directory')
    ap.add_argument('--heldout', type=float, default=0.08, help='share of held-out examples (default 0.08)')
    ap.add_argument('--max-dup', type=int, default=3, help='max copies of one synthetic text (default 3)')
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error('--n must be >= 0')
    if not 0 <= args.heldout < 1:
        ap.error('--heldout must be in [0, 1)')
    return args


def main(argv=None):
    args = parse_args(argv)

    def log(m):
        print(m, flush=True)
    try:
        report = build(args, log)
    except (BuildError, AssertionError, OSError) as e:
        print(f'build_set: {e}', file=sys.stderr)
        return 1
    if not report['n']:
        print('build_set: the training set is empty', file=sys.stderr)
        return 1
    print(json.dumps(report['card'], ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main())
