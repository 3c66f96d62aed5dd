"""Production feedback rows for the training set (build_set.py): read, validate, deduplicate.

A row of FEEDBACK.jsonl (written by the ETL's feedback_labels asset):
    {"id": "fb-...", "source": "correction"|"edit"|"confirmed", "text", "lang", "intent",
     "tokens": [...], "tags": [...], "event_ids": [...], "day": "YYYY-MM-DD"}
tokens and tags are already in the training format. A row is kept only when its tokens are
exactly featurize.py's tokens of its text (else the tags would label other tokens) and its tags
are known labels, one per token. Stdlib only.
"""
import json
import re
from collections import Counter

import featurize as F
from generate import INTENTS, TAGS, dev_key

# Strongest label first: a correction names the right answer, an edit changes the message that
# made a reminder, a confirmation only says the answer was not wrong enough to fix.
SOURCES = ('correction', 'edit', 'confirmed')
RANK = {s: i for i, s in enumerate(SOURCES)}
DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
# Reasons a feedback row is dropped before the corpus checks (those count per corpus).
REASONS = ('json', 'schema', 'source', 'intent', 'tokenisation', 'tags', 'empty', 'duplicate')


def _is_str_list(x):
    return isinstance(x, list) and all(isinstance(v, str) for v in x)


def _schema_ok(o):
    return (isinstance(o, dict) and isinstance(o.get('id'), str) and o['id'] and isinstance(o.get('text'), str)
            and isinstance(o.get('lang'), str) and isinstance(o.get('intent'), str)
            and _is_str_list(o.get('tokens')) and _is_str_list(o.get('tags'))
            and _is_str_list(o.get('event_ids', [])) and isinstance(o.get('day'), str) and DAY.match(o['day']))


def validate(o, lex):
    """(training row, None) or (None, reason): reason one of REASONS."""
    if not _schema_ok(o):
        return None, 'schema'
    if o.get('source') not in RANK:
        return None, 'source'
    if o['intent'] not in INTENTS:
        return None, 'intent'
    toks = [t for t, _, _ in F.featurize(o['text'], lex)['tokens']]
    if toks != o['tokens']:
        return None, 'tokenisation'
    if not toks:
        return None, 'empty'
    if len(o['tags']) != len(toks) or any(t not in TAGS for t in o['tags']):
        return None, 'tags'
    return {'text': o['text'], 'intent': o['intent'], 'tokens': toks, 'tags': list(o['tags']), 'lang': o['lang'],
            'kinds': ['feedback'], 'source': o['source'], 'id': o['id'], 'day': o['day'],
            'event_ids': list(o.get('event_ids', []))}, None


def read_feedback(path, lex=None):
    """Valid rows of a FEEDBACK.jsonl file and a Counter of the dropped ones by reason."""
    lex = lex or F.lexicon()
    rows, dropped, read = [], Counter(), 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            read += 1
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                dropped['json'] += 1
                continue
            row, reason = validate(o, lex)
            if reason:
                dropped[reason] += 1
            else:
                rows.append(row)
    return rows, dropped, read


def strongest(group):
    """One row of rows with one key: the strongest source, then the latest day, then the lowest id."""
    by_id = sorted(group, key=lambda r: r['id'])
    by_day = sorted(by_id, key=lambda r: r['day'], reverse=True)
    return sorted(by_day, key=lambda r: RANK[r['source']])[0]


def deduplicate(rows, dropped):
    """One row per dev_key (the strongest); the others counted as 'duplicate'. Sorted by id."""
    groups = {}
    for r in rows:
        groups.setdefault(dev_key(r['text']), []).append(r)
    kept = [strongest(g) for g in groups.values()]
    if len(rows) > len(kept):
        dropped['duplicate'] += len(rows) - len(kept)
    return sorted(kept, key=lambda r: r['id'])
