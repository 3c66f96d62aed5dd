#!/usr/bin/python3
"""Puts a checked model into the registry: inference/models/<version>/{model.onnx, card.json} and
inference/models/registry.json ({"current", "versions"}).

    /usr/bin/python3 inference/training/register.py --stage STAGE_DIR --data DATA_DIR [--no-promote]

The version is today's UTC date and a counter (2026-11-23.1, 2026-11-23.2, ...). The card holds
what the model was trained with (featurisation version and lexicon sha256, labels in order,
architecture, parameters and seeds, data sha256 and counts, the overlap report) and its metrics.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featurize as F  # noqa: E402
from generate import INTENTS, TAGS  # noqa: E402

MODELS = os.path.normpath(os.path.join(F.HERE, '..', 'models'))


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--stage', required=True)
    ap.add_argument('--data', required=True)
    ap.add_argument('--models', default=MODELS)
    ap.add_argument('--no-promote', action='store_true', help='add the version without making it current')
    args = ap.parse_args()
    metrics = json.load(open(os.path.join(args.stage, 'metrics.json'), encoding='utf-8'))
    check = json.load(open(os.path.join(args.stage, 'check.json'), encoding='utf-8'))
    data = json.load(open(os.path.join(args.data, 'report.json'), encoding='utf-8'))
    now = dt.datetime.now(dt.timezone.utc)
    reg_path = os.path.join(args.models, 'registry.json')
    reg = json.load(open(reg_path)) if os.path.exists(reg_path) else {'current': None, 'versions': []}
    day = now.strftime('%Y-%m-%d')
    k = 1
    while f'{day}.{k}' in reg['versions'] or os.path.exists(os.path.join(args.models, f'{day}.{k}')):
        k += 1
    version = f'{day}.{k}'
    vdir = os.path.join(args.models, version)
    # Staged beside the registry and renamed into place: a reader (or a crash) never sees a
    # version directory without its card, nor a half-written registry.json.
    tmp = os.path.join(args.models, f'.{version}.staging')
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    shutil.copyfile(os.path.join(args.stage, 'model.onnx'), os.path.join(tmp, 'model.onnx'))
    held = metrics['heldout']
    root = os.path.normpath(os.path.join(F.HERE, '..', '..'))
    for k in ('data', 'out'):  # paths in the card relative to the repository
        metrics['params'][k] = os.path.relpath(os.path.abspath(metrics['params'][k]), root)
    card = {
        'version': version,
        'created': now.isoformat(timespec='seconds').replace('+00:00', 'Z'),
        'featurisation': {**F.FEATURISATION, 'lexiconSha256': sha256_file(F.LEXICON_PATH)},
        'labels': {'intents': INTENTS, 'tags': TAGS},
        'model': {'file': 'model.onnx', 'bytes': check['bytes'], 'sha256': sha256_file(os.path.join(tmp, 'model.onnx'))},
        'architecture': metrics['architecture'],
        'parameters': metrics['parameters'],
        'training': {
            'params': metrics['params'], 'seed': metrics['params']['seed'], 'epochs_done': metrics['epochs_done'],
            'train_seconds': metrics['train_seconds'], 'threads': metrics['params']['threads'],
            'framework': 'PyTorch ' + __import__('torch').__version__,
            'history': metrics['history'],
        },
        'data': {
            'generator': 'inference/training/generate.py', 'seed': data['seed'], 'n': data['n'],
            'train': data['train'], 'heldout': data['heldout'], 'sha256': data['sha256'],
            'intents': data['intents'], 'langs': data['langs'], 'kinds': data['kinds'], 'dropped': data['dropped'],
        },
        'overlap': data['overlap'],
        'metrics': {
            'heldout_synthetic': {
                'n': held['n'], 'intent_accuracy': held['intent_accuracy'], 'token_accuracy': held['token_accuracy'],
                'sequence_exact': held['sequence_exact'], 'tag_macro_f1': held['macro_f1'],
                'tag_f1': {t: v['f1'] for t, v in held['per_tag'].items()}, 'per_tag': held['per_tag'],
            },
            'dev': metrics['dev'],
            'onnxruntime_node': check['onnxruntime_node'],
        },
    }
    with open(os.path.join(tmp, 'card.json'), 'w', encoding='utf-8') as f:
        json.dump(card, f, ensure_ascii=False, indent=1)
        f.write('\n')
    os.rename(tmp, vdir)
    reg['versions'] = reg['versions'] + [version]
    if not args.no_promote or not reg.get('current'):
        reg['current'] = version
    with open(reg_path + '.tmp', 'w', encoding='utf-8') as f:
        json.dump(reg, f, indent=1)
        f.write('\n')
    os.replace(reg_path + '.tmp', reg_path)
    print(f'  registered {version} in {os.path.relpath(vdir, os.getcwd())}'
          f'{" (current)" if reg["current"] == version else ""}')


if __name__ == '__main__':
    main()
