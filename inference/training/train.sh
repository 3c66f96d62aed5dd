#!/usr/bin/env bash
# The training pipeline: generate -> train -> export -> check -> registry -> profile. See README.md here.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: pnpm train [-- OPTIONS]        (or: bash inference/training/train.sh [OPTIONS])

Trains the intent + slot-tag model from synthetic data and registers it in inference/models/.

  1. generate   seeded synthetic examples (generate.py); zero overlap with the dev and challenge corpora asserted
  2. train      PyTorch, 2 threads, held-out split and dev corpus evaluated (train.py)
  3. export     ONNX opset 13 (train.py)
  4. check      onnx.checker, input/output contract, onnxruntime-node vs PyTorch, latency (check_model.py)
  5. registry   inference/models/<date>.<n>/{model.onnx,card.json}, registry.json (register.py)
  6. profile    inference/models/<date>.<n>/profile.json: drift features of the new model's parses of
                5000 training examples, the drift report's default reference (pnpm models:profile)

Options:
  --seed N        generator seed (default 7); the trainer uses --train-seed (default 13)
  --train-seed N  trainer seed
  --n N           number of examples to generate (default 80000)
  --epochs N      training epochs (default 5)
  --work DIR      where data and the staged model go (default inference/training/.data; not committed)
  --no-promote    register the model without making it the current version
  -h, --help      this text

Needs /usr/bin/python3 with torch and onnx (Debian: python3-torch, python3-onnx) and node with
onnxruntime-node installed in the inference package (pnpm install).
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/inference/training"
PY=/usr/bin/python3
SEED=7
TRAIN_SEED=13
N=80000
EPOCHS=5
WORK="$HERE/.data"
PROMOTE=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --seed) SEED="$2"; shift 2 ;;
    --train-seed) TRAIN_SEED="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-promote) PROMOTE=(--no-promote); shift ;;
    --) shift ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n[%s] %s\n' "$1" "$2"; }
die() { echo "train: $*" >&2; exit 1; }

if [[ ! -x "$PY" ]]; then
  die "$PY not found: install Debian's python3 (apt-get install python3 python3-torch python3-onnx)"
fi
if ! "$PY" -c 'import torch' 2>/dev/null; then
  die "$PY cannot import torch: apt-get install python3-torch"
fi
if ! "$PY" -c 'import onnx' 2>/dev/null; then
  die "$PY cannot import onnx: apt-get install python3-onnx"
fi
command -v node >/dev/null || die "node not found (needed to check the model with onnxruntime-node)"
(cd "$ROOT/inference" && node -e "require.resolve('onnxruntime-node')" 2>/dev/null) \
  || die "onnxruntime-node is not installed in inference/ (run pnpm install)"

START=$(date +%s)
DATA="$WORK/data-seed$SEED-n$N"
STAGE="$WORK/stage-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$WORK"
cd "$ROOT"

step 0/6 "featurisation contract (Python mirror vs golden vectors)"
"$PY" -m unittest discover -s inference/training -p 'test_*.py' 2>&1 | tail -n 3

step 1/6 "generate $N examples (seed $SEED) -> $DATA"
"$PY" "$HERE/generate.py" --seed "$SEED" --n "$N" --out "$DATA"

step "2-3/6" "train ($EPOCHS epochs, seed $TRAIN_SEED) and export ONNX -> $STAGE"
"$PY" "$HERE/train.py" --data "$DATA" --out "$STAGE" --epochs "$EPOCHS" --seed "$TRAIN_SEED"

step 4/6 "check the exported model"
"$PY" "$HERE/check_model.py" "$STAGE"

step 5/6 "register"
"$PY" "$HERE/register.py" --stage "$STAGE" --data "$DATA" "${PROMOTE[@]}"

# register.py appends the new version to registry.json (current or not, with --no-promote).
VERSION=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["versions"][-1])' "$ROOT/inference/models/registry.json")
step 6/6 "training profile of $VERSION (drift report reference)"
"$ROOT/node_modules/.bin/tsx" "$ROOT/inference/src/cli/profile.ts" --version "$VERSION" --seed "$SEED" \
  || die "the model $VERSION is registered but has no training profile: rerun pnpm models:profile --version $VERSION --seed $SEED"

printf '\ndone in %ss\n' "$(( $(date +%s) - START ))"
