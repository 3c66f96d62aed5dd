"""Labels permuted across examples: the training data of a deliberately worse model (train.py
--shuffle-labels), which the promotion check must refuse. Stdlib only (tested by test_build_set.py).
"""
import random


def shuffle_labels(rows, seed):
    """Rows with intents permuted across all rows and tag sequences across rows of one length."""
    rng = random.Random(seed)
    intents = [r['intent'] for r in rows]
    rng.shuffle(intents)
    by_len = {}
    for i, r in enumerate(rows):
        by_len.setdefault(len(r['tags']), []).append(i)
    tags = [r['tags'] for r in rows]
    for idx in by_len.values():
        perm = idx[:]
        rng.shuffle(perm)
        for a, b in zip(idx, perm):
            tags[a] = rows[b]['tags']
    return [{**r, 'intent': it, 'tags': tg} for r, it, tg in zip(rows, intents, tags)]
