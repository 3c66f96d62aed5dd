#!/usr/bin/python3
"""Puts a checked model into the registry: <models>/<version>/{model.onnx, card.json} and
<models>/registry.json ({"current", "versions"}); <models> is inference/models by default.

    register.py --stage STAGE_DIR --data DATA_DIR [--models DIR] [--no-promote]     (both steps)
    register.py --stage STAGE_DIR --data DATA_DIR [--models DIR] --prepare OUT_DIR  (1: card)
    register.py --publish OUT_DIR/<version> [--models DIR] [--no-promote]           (2: registry)

--prepare writes OUT_DIR/<version>/{model.onnx, card.json} and touches nothing in the registry
(train.sh adds the training profile there); --publish copies that folder beside the registry,
renames it into place and then replaces registry.json atomically, so a reader (or a crash)
never sees a version without its card, nor a half-written registry.json. The last stdout line of
both --publish and the one-step form is "registered <version>".

The version is today's UTC date and a counter (2026-11-23.1, 2026-11-23.2, ...). The card holds
what the model was trained with (featurisation version, lexicon and golden-vector sha256, labels
in order, architecture, parameters and seeds, data sha256 and counts, the overlap report, the
training set's card when build_set.py made the data) and its metrics.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile

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


def next_version(models, day):
    reg = read_registry(models)
    k = 1
    while f'{day}.{k}' in reg['versions'] or os.path.exists(os.path.join(models, f'{day}.{k}')):
        k += 1
    return f'{day}.{k}'


def read_registry(models):
    reg_path = os.path.join(models, 'registry.json')
    return json.load(open(reg_path, encoding='utf-8')) if os.path.exists(reg_path) else {'current': None, 'versions': []}


def data_card(data):
    out = {
        'generator': data.get('generator', 'inference/training/generate.py'), 'seed': data['seed'], 'n': data['n'],
        'train': data['train'], 'heldout': data['heldout'], 'sha256': data['sha256'],
        'intents': data['intents'], 'langs': data['langs'], 'kinds': data['kinds'], 'dropped': data['dropped'],
    }
    if 'coverage' in data:
        out['coverage'] = data['coverage']
    if 'card' in data:
        out['files'] = {k: v['sha256'] for k, v in data['card']['files'].items()}
    return out


def make_card(version, now, stage, data, model_path):
    metrics = json.load(open(os.path.join(stage, 'metrics.json'), encoding='utf-8'))
    check = json.load(open(os.path.join(stage, 'check.json'), encoding='utf-8'))
    held = metrics['heldout']
    root = os.path.normpath(os.path.join(F.HERE, '..', '..'))
    for k in ('data', 'out'):  # paths in the card relative to the repository
        metrics['params'][k] = os.path.relpath(os.path.abspath(metrics['params'][k]), root)
    card = {
        'version': version,
        'created': now.isoformat(timespec='seconds').replace('+00:00', 'Z'),
        'featurisation': {**F.FEATURISATION, 'lexiconSha256': sha256_file(F.LEXICON_PATH),
                          'goldenSha256': sha256_file(F.GOLDEN_PATH)},
        'labels': {'intents': INTENTS, 'tags': TAGS},
        'model': {'file': 'model.onnx', 'bytes': check['bytes'], 'sha256': sha256_file(model_path)},
        'architecture': metrics['architecture'],
        'parameters': metrics['parameters'],
        'training': {
            'params': metrics['params'], 'seed': metrics['params']['seed'], 'epochs_done': metrics['epochs_done'],
            'train_seconds': metrics['train_seconds'], 'threads': metrics['params']['threads'],
            'framework': 'PyTorch ' + __import__('torch').__version__,
            'history': metrics['history'],
        },
        'data': data_card(data),
        'overlap': data['overlap'],
        'metrics': {
            'heldout_synthetic': {
                'n': held['n'], 'intent_accuracy': held['intent_accuracy'], 'token_accuracy': held['token_accuracy'],
                'sequence_exact': held['sequence_exact'], 'tag_macro_f1': held['macro_f1'],
                'tag_f1': {t: v['f1'] for t, v in held['per_tag'].items()}, 'per_tag': held['per_tag'],
            },
            'dev': metrics['dev'],
            **({'dev_v2': metrics['dev_v2']} if metrics.get('dev_v2') else {}),
            'onnxruntime_node': check['onnxruntime_node'],
        },
    }
    if 'card' in data:
        card['trainingSet'] = data['card']
    return card


def prepare(stage, data_dir, models, out):
    """OUT/<version>/{model.onnx, card.json}; the registry is only read (for the next version)."""
    data = json.load(open(os.path.join(data_dir, 'report.json'), encoding='utf-8'))
    now = dt.datetime.now(dt.timezone.utc)
    version = next_version(models, now.strftime('%Y-%m-%d'))
    vdir = os.path.join(out, version)
    os.makedirs(vdir)
    shutil.copyfile(os.path.join(stage, 'model.onnx'), os.path.join(vdir, 'model.onnx'))
    card = make_card(version, now, stage, data, os.path.join(vdir, 'model.onnx'))
    with open(os.path.join(vdir, 'card.json'), 'w', encoding='utf-8') as f:
        json.dump(card, f, ensure_ascii=False, indent=1)
        f.write('\n')
    return version, vdir


def publish(src, models, promote):
    """Adds the prepared folder src (named after its version) to the registry, atomically."""
    version = os.path.basename(os.path.normpath(src))
    card = json.load(open(os.path.join(src, 'card.json'), encoding='utf-8'))
    if card['version'] != version or not os.path.exists(os.path.join(src, card['model']['file'])):
        raise SystemExit(f'register: {src} is not a prepared version (card names {card["version"]})')
    if sha256_file(os.path.join(src, card['model']['file'])) != card['model']['sha256']:
        raise SystemExit(f'register: {src}: the model file does not match its card')
    reg = read_registry(models)
    vdir = os.path.join(models, version)
    if version in reg['versions'] or os.path.exists(vdir):
        raise SystemExit(f'register: version {version} is already in {models} (prepare again)')
    tmp = os.path.join(models, f'.{version}.staging')
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        shutil.copytree(src, tmp)
        os.rename(tmp, vdir)
        reg['versions'] = reg['versions'] + [version]
        if promote or not reg.get('current'):
            reg['current'] = version
        reg_path = os.path.join(models, 'registry.json')
        with open(reg_path + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(reg, f, indent=1)
            f.write('\n')
        os.replace(reg_path + '.tmp', reg_path)
    except BaseException:
        # Not registered: leave the registry as it was (registry.json is only replaced last).
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(vdir, ignore_errors=True)
        if os.path.exists(os.path.join(models, 'registry.json.tmp')):
            os.remove(os.path.join(models, 'registry.json.tmp'))
        raise
    print(f'  {version} in {os.path.relpath(vdir, os.getcwd())}{" (current)" if reg["current"] == version else ""}')
    print(f'registered {version}', flush=True)
    return version


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--stage', help='the checked model (train.py + check_model.py output)')
    ap.add_argument('--data', help='the data directory it was trained on (report.json)')
    ap.add_argument('--models', default=MODELS, help='the registry folder (default inference/models)')
    ap.add_argument('--prepare', metavar='OUT_DIR', help='write OUT_DIR/<version>/ only (step 1)')
    ap.add_argument('--publish', metavar='VERSION_DIR', help='add a prepared version to the registry (step 2)')
    ap.add_argument('--no-promote', action='store_true', help='add the version without making it current')
    args = ap.parse_args()
    if args.publish:
        if args.stage or args.data or args.prepare:
            ap.error('--publish takes no --stage, --data or --prepare')
        publish(args.publish, args.models, not args.no_promote)
        return
    if not args.stage or not args.data:
        ap.error('--stage and --data are required (unless --publish)')
    if args.prepare:
        version, vdir = prepare(args.stage, args.data, args.models, args.prepare)
        print(f'prepared {version} {vdir}', flush=True)
        return
    with tempfile.TemporaryDirectory(prefix='napominalka-register-') as out:
        _, vdir = prepare(args.stage, args.data, args.models, out)
        publish(vdir, args.models, not args.no_promote)


if __name__ == '__main__':
    main()
