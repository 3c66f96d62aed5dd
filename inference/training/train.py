#!/usr/bin/python3
"""Trains the intent + slot-tag model on generate.py's data, evaluates it, exports ONNX.

    /usr/bin/python3 inference/training/train.py --data DATA_DIR --out STAGE_DIR [--epochs 8]

Model: hashed-feature embedding (65536 buckets x D, id 0 = padding) summed over a token's 32
feature ids -> bidirectional GRU -> per-token tag logits; masked mean+max pooling of the GRU
states -> intent logits. Writes STAGE_DIR/model.onnx (input "features" int64 [1, T, 32];
outputs "intent_logits" [1, 6], "tag_logits" [1, T, 6]), metrics.json, and check_inputs.json
(feature ids with the torch outputs, for check_model.py to compare against onnxruntime).
The dev corpus is only evaluated (intent accuracy, and text F1 of the TEXT tokens), never trained on.

--shuffle-labels trains a deliberately worse model (the promotion check's negative test): the
training split's intents are permuted across examples, and its tag sequences across examples of
the same length, with the seed; the held-out split keeps its true labels. The environment
variable NAPOMINALKA_TRAIN_FAIL=1 makes the run crash after featurising (the pipeline's failure
tests). Exit status: 0 exported; 1 failed; 2 bad usage.
"""
import argparse
import json
import os
import random
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featurize as F  # noqa: E402
from generate import DEV_V2_PATH, INTENTS, TAGS, load_corpus, load_dev  # noqa: E402
from shuffle import shuffle_labels  # noqa: E402

MAXF = F.FEATURISATION['maxFeatures']


class Tagger(nn.Module):
    def __init__(self, buckets, dim, hidden, layers, dropout):
        super().__init__()
        self.emb = nn.Embedding(buckets, dim, padding_idx=0)
        self.norm = nn.LayerNorm(dim)
        self.drop = nn.Dropout(dropout)
        self.gru = nn.GRU(dim, hidden, num_layers=layers, batch_first=True, bidirectional=True,
                          dropout=dropout if layers > 1 else 0.0)
        self.tag = nn.Sequential(nn.Linear(2 * hidden + dim, hidden), nn.Tanh(), nn.Linear(hidden, len(TAGS)))
        self.intent = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, len(INTENTS)))

    def encode(self, features):
        x = self.norm(self.emb(features).sum(2))
        return self.drop(x)

    def forward(self, features, lengths=None):
        """features [B, T, 32] int64; lengths [B] (None: every row is full length, as in serving)."""
        x = self.encode(features)
        if lengths is None:
            h, _ = self.gru(x)
            mean = h.mean(1)
            mx = h.max(1).values
        else:
            packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = self.gru(packed)
            h, _ = pad_packed_sequence(h, batch_first=True, total_length=features.shape[1])
            mask = (torch.arange(features.shape[1])[None, :] < lengths[:, None]).unsqueeze(2)
            mean = (h * mask).sum(1) / lengths[:, None].float()
            mx = h.masked_fill(~mask, -1e4).max(1).values
        tags = self.tag(torch.cat([self.drop(h), x], 2))
        intent = self.intent(self.drop(torch.cat([mean, mx], 1)))
        return intent, tags


class Export(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, features):
        return self.m(features)


# ---------------------------------------------------------------------------------------------

def load_rows(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(l) for l in f if l.strip()]


def encode_rows(rows):
    """Feature ids per row (recomputed with featurize.py; tokens must equal the generator's)."""
    out = []
    for r in rows:
        f = F.featurize(r['text'])
        toks = [t for t, _, _ in f['tokens']]
        assert toks == r['tokens'], (r['text'], toks, r['tokens'])
        word_feats = [2 if w != t.lower() else 1 for w, (t, _, _) in zip(f['words'], f['tokens'])]
        out.append((np.array(f['ids'], dtype=np.int64), np.array([TAGS.index(t) for t in r['tags']]),
                    INTENTS.index(r['intent']), np.array(word_feats)))
    return out


def batches(data, bs, rng, shuffle=True):
    idx = list(range(len(data)))
    if shuffle:
        rng.shuffle(idx)
        # bucket by length inside chunks of 50 batches: less padding, still random
        chunks = [idx[i:i + bs * 50] for i in range(0, len(idx), bs * 50)]
        idx = [j for c in chunks for j in sorted(c, key=lambda k: len(data[k][1]))]
    bl = [idx[i:i + bs] for i in range(0, len(idx), bs)]
    if shuffle:
        rng.shuffle(bl)
    for b in bl:
        yield collate([data[i] for i in b])


def collate(items):
    T = max(len(it[1]) for it in items)
    B = len(items)
    feats = np.zeros((B, T, MAXF), dtype=np.int64)
    tags = np.full((B, T), -100, dtype=np.int64)
    wf = np.zeros((B, T), dtype=np.int64)
    for i, (ids, tg, _, w) in enumerate(items):
        feats[i, :len(tg)] = ids
        tags[i, :len(tg)] = tg
        wf[i, :len(tg)] = w
    return (torch.from_numpy(feats), torch.tensor([len(it[1]) for it in items]), torch.from_numpy(tags),
            torch.tensor([it[2] for it in items]), torch.from_numpy(wf))


def feature_dropout(feats, wf, p_id, p_word, gen):
    """Robustness to unseen words: drop random feature ids, and for some tokens the whole-word
    features (w=, and cw= when corrected), so that character n-grams and context carry them."""
    f = feats.clone()
    drop = torch.rand(f.shape, generator=gen) < p_id
    f[drop] = 0
    word = torch.rand(wf.shape, generator=gen) < p_word
    f[:, :, 0] = torch.where(word, torch.zeros_like(f[:, :, 0]), f[:, :, 0])
    f[:, :, 1] = torch.where(word & (wf == 2), torch.zeros_like(f[:, :, 1]), f[:, :, 1])
    return f


@torch.no_grad()
def predict(model, data, bs=256):
    model.eval()
    intents, tags = [], []
    for i in range(0, len(data), bs):
        feats, lengths, _, _, _ = collate(data[i:i + bs])
        il, tl = model(feats, lengths)
        intents += il.argmax(1).tolist()
        tp = tl.argmax(2)
        tags += [tp[j, :lengths[j]].tolist() for j in range(len(lengths))]
    return intents, tags


def tag_report(gold_seqs, pred_seqs):
    n = len(TAGS)
    tp, fp, fn = [0] * n, [0] * n, [0] * n
    ok = total = 0
    for g, p in zip(gold_seqs, pred_seqs):
        for a, b in zip(g, p):
            total += 1
            ok += a == b
            if a == b:
                tp[a] += 1
            else:
                fp[b] += 1
                fn[a] += 1
    per = {}
    for i, t in enumerate(TAGS):
        pr = tp[i] / (tp[i] + fp[i]) if tp[i] + fp[i] else 0.0
        rc = tp[i] / (tp[i] + fn[i]) if tp[i] + fn[i] else 0.0
        per[t] = {'precision': round(pr, 4), 'recall': round(rc, 4),
                  'f1': round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, 'support': tp[i] + fn[i]}
    return {'token_accuracy': round(ok / max(total, 1), 4), 'per_tag': per,
            'macro_f1': round(sum(v['f1'] for v in per.values()) / n, 4)}


def evaluate(model, data):
    pi, pt = predict(model, data)
    gi = [d[2] for d in data]
    gt = [d[1].tolist() for d in data]
    rep = tag_report(gt, pt)
    rep['intent_accuracy'] = round(sum(a == b for a, b in zip(gi, pi)) / len(gi), 4)
    rep['sequence_exact'] = round(sum(a == b for a, b in zip(gt, pt)) / len(gt), 4)
    rep['n'] = len(data)
    return rep


def _f1_tokens(s):
    s = (s or '').lower().replace('ё', 'е')
    return re.sub(r'[^\w\s]', ' ', s).split()


def text_f1(gold, pred):
    """The token F1 of shared/eval/score.py."""
    g, p = _f1_tokens(gold), _f1_tokens(pred)
    if not g and not p:
        return 1.0
    common = sum(min(g.count(t), p.count(t)) for t in set(g))
    if common == 0:
        return 0.0
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def reminder_text(text, tokens, tags):
    """TEXT tokens joined by the normalised text between them (a gap of other tags -> one space)."""
    norm = F.normalize(text)['text']
    # offsets are UTF-16; map to Python indices through the UTF-16 encoding
    u16 = norm.encode('utf-16-le', 'surrogatepass')
    parts, last = [], None
    for i, ((_, a, b), g) in enumerate(zip(tokens, tags)):
        if TAGS[g] != 'TEXT':
            continue
        if last is not None:
            parts.append(u16[last[1] * 2:a * 2].decode('utf-16-le', 'surrogatepass') if last[0] == i - 1 else ' ')
        parts.append(u16[a * 2:b * 2].decode('utf-16-le', 'surrogatepass'))
        last = (i, b)
    return ''.join(parts).strip() or None


@torch.no_grad()
def evaluate_dev(model, dev, log):
    model.eval()
    ok = 0
    f1s = []
    errors = []
    for d in dev:
        f = F.featurize(d['text'])
        if not f['ids']:
            pred, tags = 'other', []
        else:
            il, tl = model(torch.tensor([f['ids']]))
            pred = INTENTS[int(il.argmax(1))]
            tags = tl[0].argmax(1).tolist()
        ok += pred == d['intent']
        if pred != d['intent']:
            errors.append(f"{d['id']} gold={d['intent']} pred={pred}")
        if d['intent'] == 'create' and d.get('reminder_text'):
            f1s.append(text_f1(d['reminder_text'], reminder_text(d['text'], f['tokens'], tags)))
    log(f'dev intent errors: {len(errors)}' + ''.join(f'\n    {e}' for e in errors))
    return {'n': len(dev), 'intent_accuracy': round(ok / max(len(dev), 1), 4),
            'create_text_f1_from_TEXT_tags': round(sum(f1s) / max(len(f1s), 1), 4)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=13)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--hidden', type=int, default=64)
    ap.add_argument('--layers', type=int, default=1)
    ap.add_argument('--dropout', type=float, default=0.2)
    ap.add_argument('--feature-dropout', type=float, default=0.08)
    ap.add_argument('--word-dropout', type=float, default=0.25)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument("--time-budget", type=float, default=660, help='seconds; stop training epochs after this')
    ap.add_argument('--shuffle-labels', action='store_true',
                    help='permute the training labels across examples (a deliberately worse model)')
    args = ap.parse_args()
    for name in ('epochs', 'batch', 'dim', 'hidden', 'layers', 'threads'):
        if getattr(args, name) < 1:
            ap.error(f'--{name} must be >= 1')
    if args.time_budget <= 0:
        ap.error('--time-budget must be > 0')
    t0 = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, 'train.log'), 'w', encoding='utf-8')

    def log(msg):
        print(msg, flush=True)
        logf.write(msg + '\n')
        logf.flush()

    train_rows = load_rows(os.path.join(args.data, 'train.jsonl'))
    held_rows = load_rows(os.path.join(args.data, 'heldout.jsonl'))
    if args.shuffle_labels:
        train_rows = shuffle_labels(train_rows, args.seed)
        log(f'labels shuffled across the {len(train_rows)} training examples (seed {args.seed})')
    log(f'featurising {len(train_rows)} training and {len(held_rows)} held-out examples')
    train = encode_rows(train_rows)
    held = encode_rows(held_rows)
    dev = load_dev()
    log(f'  done in {time.time() - t0:.0f}s; dev corpus (evaluation only): {len(dev)} examples')
    if os.environ.get('NAPOMINALKA_TRAIN_FAIL') == '1':
        raise RuntimeError('NAPOMINALKA_TRAIN_FAIL=1: failing on purpose (a test of the pipeline)')

    model = Tagger(F.FEATURISATION['buckets'], args.dim, args.hidden, args.layers, args.dropout)
    params = sum(p.numel() for p in model.parameters())
    log(f'model: {params} parameters ({params * 4 / 1e6:.1f} MB float32)')
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch,
                                                pct_start=0.1)
    ce_tag = nn.CrossEntropyLoss(ignore_index=-100)
    ce_int = nn.CrossEntropyLoss()
    rng = random.Random(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    train_t0 = time.time()
    history = []
    epochs_done = 0
    for epoch in range(args.epochs):
        model.train()
        tot = n = 0
        e0 = time.time()
        for step, (feats, lengths, tags, intents, wf) in enumerate(batches(train, args.batch, rng)):
            feats = feature_dropout(feats, wf, args.feature_dropout, args.word_dropout, gen)
            il, tl = model(feats, lengths)
            loss = ce_tag(tl.reshape(-1, len(TAGS)), tags.reshape(-1)) + ce_int(il, intents)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            tot += loss.item()
            n += 1
            if step % 200 == 0:
                print(f'  epoch {epoch + 1} step {step}/{steps_per_epoch} loss {tot / n:.4f}', flush=True)
        epochs_done += 1
        h = evaluate(model, held)
        dv = evaluate_dev(model, dev, lambda m: None) if dev else {}
        history.append({'epoch': epoch + 1, 'loss': round(tot / n, 4), 'heldout_intent': h['intent_accuracy'],
                        'heldout_tag_macro_f1': h['macro_f1'], 'dev_intent': dv.get('intent_accuracy')})
        log(f'epoch {epoch + 1}: loss {tot / n:.4f}, held-out intent {h["intent_accuracy"]}, tag macro F1 '
            f'{h["macro_f1"]}, dev intent {dv.get("intent_accuracy")}, dev text F1 '
            f'{dv.get("create_text_f1_from_TEXT_tags")} ({time.time() - e0:.0f}s)')
        if time.time() - train_t0 > args.time_budget and epoch + 1 < args.epochs:
            log(f'time budget of {args.time_budget}s reached: stopping after epoch {epoch + 1}')
            break
    train_seconds = time.time() - train_t0
    model.eval()
    held_m = evaluate(model, held)
    dev_m = evaluate_dev(model, dev, log) if dev else None
    # rules 13-20's development corpus, evaluated on only like parse-dev (build_set.py excludes it)
    dev_v2 = load_corpus(DEV_V2_PATH)
    dev_v2_m = evaluate_dev(model, dev_v2, log) if dev_v2 else None
    log('held-out: ' + json.dumps(held_m))
    log('dev: ' + json.dumps(dev_m))
    log('dev v2: ' + json.dumps(dev_v2_m))

    torch.save({'state_dict': model.state_dict(), 'params': vars(args)}, os.path.join(args.out, 'model.pt'))
    # export
    onnx_path = os.path.join(args.out, 'model.onnx')
    ex = Export(model).eval()
    dummy = torch.from_numpy(train[0][0][None])
    torch.onnx.export(ex, (dummy,), onnx_path, opset_version=13, input_names=['features'],
                      output_names=['intent_logits', 'tag_logits'],
                      dynamic_axes={'features': {1: 'tokens'}, 'tag_logits': {1: 'tokens'}},
                      do_constant_folding=True)
    # samples for the onnxruntime comparison: held-out texts and a few odd ones
    samples = [r['text'] for r in held_rows[:20]] + ['x', 'напомни', '1 2 3 4 5 6 7 8 9 10 ' * 12, '👍 ok']
    checks = []
    with torch.no_grad():
        for s in samples:
            ids = F.featurize(s)['ids']
            il, tl = ex(torch.tensor([ids]))
            checks.append({'text': s, 'features': ids, 'intent_logits': il[0].tolist(), 'tag_logits': tl[0].tolist()})
    with open(os.path.join(args.out, 'check_inputs.json'), 'w', encoding='utf-8') as f:
        json.dump(checks, f, ensure_ascii=False)
    metrics = {
        'params': vars(args), 'parameters': params, 'epochs_done': epochs_done,
        'train_seconds': round(train_seconds, 1), 'total_seconds': round(time.time() - t0, 1),
        'train_examples': len(train), 'heldout_examples': len(held),
        'heldout': held_m, 'dev': dev_m, 'dev_v2': dev_v2_m, 'history': history,
        'architecture': {
            'type': 'hashed-feature embedding sum -> LayerNorm -> BiGRU -> tag MLP per token; mean+max pool -> intent MLP',
            'buckets': F.FEATURISATION['buckets'], 'embedding_dim': args.dim, 'gru_hidden': args.hidden,
            'gru_layers': args.layers, 'bidirectional': True, 'opset': 13,
            'inputs': {'features': 'int64 [1, T, 32]'},
            'outputs': {'intent_logits': 'float32 [1, 6]', 'tag_logits': 'float32 [1, T, 6]'}},
    }
    with open(os.path.join(args.out, 'metrics.json'), 'w', encoding='utf-8') as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    log(f'exported {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB); training {train_seconds:.0f}s, '
        f'total {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
