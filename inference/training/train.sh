#!/usr/bin/env bash
# The training pipeline: data -> train -> export -> check -> card -> profile -> registry. See README.md here.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: pnpm train [-- OPTIONS]        (or: bash inference/training/train.sh [OPTIONS])

Trains the intent + slot-tag model and registers it in the model registry (inference/models/).

  1. data       build_set.py: seeded synthetic examples (+ --feedback labels), zero overlap with the
                evaluation corpora (parse-dev, parse-dev-v2, challenge) asserted; or --data DIR
  2. train      PyTorch, 2 threads, held-out split and dev corpus evaluated (train.py)
  3. export     ONNX opset 13 (train.py)
  4. check      onnx.checker, input/output contract, onnxruntime-node vs PyTorch, latency (check_model.py)
  5. card       <stage>/registry/<date>.<n>/{model.onnx,card.json} (register.py --prepare)
  6. profile    profile.json beside the card: drift features of the new model's parses of its
                training examples, the drift report's default reference (profile.ts)
  7. registry   copied beside the registry, renamed into place, registry.json replaced (register.py --publish)

Nothing in the registry changes before step 7: a failure, a kill or a timeout earlier leaves it
untouched, and the staging folder is removed on every exit. The last stdout line is
"registered <version>".

Options:
  --seed N          generator seed (default 7); the trainer uses --train-seed (default 13)
  --train-seed N    trainer seed
  --n N             synthetic examples (default 80000)
  --feedback FILE   production feedback labels (FEEDBACK.jsonl) merged into the set by build_set.py
  --data DIR        train on an existing data dir (build_set.py or generate.py output): no step 1
  --models DIR      the registry folder (default inference/models)
  --work DIR        where the staging folder goes (default inference/training/.data; not committed)
  --epochs N        training epochs (default 5)
  --dim N           embedding size (default 64)
  --hidden N        GRU size (default 64)
  --batch N         batch size (default 64)
  --time-budget S   stop training after the epoch that passes S seconds (default 660)
  --threads N       PyTorch threads (default 2; tests running beside others use 1)
  --shuffle-labels  train on permuted labels: a deliberately worse candidate (for the promotion check)
  --profile-n N     examples of the training profile (default 5000)
  --no-promote      register the model without making it the registry's current version
  -h, --help        this text

Needs /usr/bin/python3 with torch and onnx (Debian: python3-torch, python3-onnx) and node with
onnxruntime-node installed in the inference package (pnpm install). Exit status 0 registered,
1 failed (the registry untouched), 2 bad usage, 128+N killed by signal N.
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/inference/training"
PY=/usr/bin/python3
SEED=7
TRAIN_SEED=13
N=80000
WORK="$HERE/.data"
MODELS="$ROOT/inference/models"
DATA=""
FEEDBACK=""
PROFILE_N=5000
PROMOTE=()
TRAIN_ARGS=()

need() { [[ $# -ge 2 && -n "$2" ]] || { echo "train: $1 needs a value (see --help)" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --seed) need "$@"; SEED="$2"; shift 2 ;;
    --train-seed) need "$@"; TRAIN_SEED="$2"; shift 2 ;;
    --n) need "$@"; N="$2"; shift 2 ;;
    --feedback) need "$@"; FEEDBACK="$(realpath "$2")"; shift 2 ;;
    --data) need "$@"; DATA="$(realpath "$2")"; shift 2 ;;
    --models) need "$@"; MODELS="$(realpath "$2")"; shift 2 ;;
    --work) need "$@"; WORK="$2"; shift 2 ;;
    --profile-n) need "$@"; PROFILE_N="$2"; shift 2 ;;
    --epochs|--dim|--hidden|--batch|--time-budget|--threads) need "$@"; TRAIN_ARGS+=("$1" "$2"); shift 2 ;;
    --shuffle-labels) TRAIN_ARGS+=(--shuffle-labels); shift ;;
    --no-promote) PROMOTE=(--no-promote); shift ;;
    --) shift ;;
    *) echo "train: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$SEED" "$TRAIN_SEED" "$N" "$PROFILE_N"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "train: not a number: $v (see --help)" >&2; exit 2; }
done
[[ -z "$DATA" || -z "$FEEDBACK" ]] || { echo "train: --data and --feedback exclude each other" >&2; exit 2; }
[[ -z "$DATA" || -f "$DATA/report.json" ]] || { echo "train: --data $DATA has no report.json" >&2; exit 2; }
[[ -z "$FEEDBACK" || -f "$FEEDBACK" ]] || { echo "train: --feedback $FEEDBACK not found" >&2; exit 2; }
[[ ! -e "$MODELS" || -d "$MODELS" ]] || { echo "train: --models $MODELS is not a folder" >&2; exit 2; }

step() { printf '\n[%s] %s\n' "$1" "$2"; }
die() { echo "train: $*" >&2; exit 1; }

if [[ ! -x "$PY" ]]; then
  die "$PY not found: install Debian's python3 (apt-get install python3 python3-torch python3-onnx)"
fi
"$PY" -c 'import torch' 2>/dev/null || die "$PY cannot import torch: apt-get install python3-torch"
"$PY" -c 'import onnx' 2>/dev/null || die "$PY cannot import onnx: apt-get install python3-onnx"
command -v node >/dev/null || die "node not found (needed to check the model with onnxruntime-node)"
(cd "$ROOT/inference" && node -e "require.resolve('onnxruntime-node')" 2>/dev/null) \
  || die "onnxruntime-node is not installed in inference/ (run pnpm install)"

# Staging: everything this run writes goes under $STAGE, removed on every exit. A signal kills
# the running step (each runs in the background so that `wait` returns at once on a signal;
# bash would otherwise wait for the foreground child before running the trap).
mkdir -p "$WORK" "$MODELS"
STAGE="$(mktemp -d "$(realpath "$WORK")/stage-XXXXXX")"
CHILD=""
VERSION=""
cleanup() {
  local rc=$?
  rm -rf "$STAGE"
  if [[ -n "$VERSION" ]] && ! grep -qF "\"$VERSION\"" "$MODELS/registry.json" 2>/dev/null; then
    # killed during publish: the version folder may be in place, registry.json not yet replaced
    rm -rf "${MODELS:?}/$VERSION" "$MODELS/.$VERSION.staging" "$MODELS/registry.json.tmp"
  fi
  exit "$rc"
}
on_signal() {
  trap - INT TERM HUP
  if [[ -n "$CHILD" ]]; then
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  echo "train: stopped by $1; the registry is untouched" >&2
  exit "$2"
}
trap cleanup EXIT
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP
run() {
  "$@" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

START=$(date +%s)
cd "$ROOT"

step 0/7 "featurisation contract (Python mirror vs golden vectors)"
run "$PY" -m unittest discover -s inference/training -p 'test_featurize.py' >"$STAGE/featurize-test.txt" 2>&1 \
  || { cat "$STAGE/featurize-test.txt" >&2; die "featurize.py no longer reproduces the golden vectors"; }
tail -n 3 "$STAGE/featurize-test.txt"

if [[ -z "$DATA" ]]; then
  DATA="$STAGE/data"
  step 1/7 "training set: $N synthetic examples (seed $SEED)${FEEDBACK:+ + feedback $FEEDBACK} -> $DATA"
  run "$PY" "$HERE/build_set.py" --seed "$SEED" --n "$N" --out "$DATA" ${FEEDBACK:+--feedback "$FEEDBACK"}
else
  step 1/7 "training set: $DATA (given)"
fi
DATA_SEED=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["seed"])' "$DATA/report.json")

step "2-3/7" "train (seed $TRAIN_SEED${TRAIN_ARGS[*]:+, ${TRAIN_ARGS[*]}}) and export ONNX -> $STAGE/model"
run "$PY" "$HERE/train.py" --data "$DATA" --out "$STAGE/model" --seed "$TRAIN_SEED" "${TRAIN_ARGS[@]}"

step 4/7 "check the exported model"
run "$PY" "$HERE/check_model.py" "$STAGE/model"

step 5/7 "card"
run "$PY" "$HERE/register.py" --stage "$STAGE/model" --data "$DATA" --models "$MODELS" --prepare "$STAGE/registry" \
  >"$STAGE/prepared.txt"
cat "$STAGE/prepared.txt"
NEW=$(awk '$1 == "prepared" { print $2 }' "$STAGE/prepared.txt")
[[ -n "$NEW" && -f "$STAGE/registry/$NEW/card.json" ]] || die "register.py --prepare named no version"

step 6/7 "training profile of $NEW (drift report reference)"
run "$ROOT/node_modules/.bin/tsx" "$ROOT/inference/src/cli/profile.ts" --models-dir "$STAGE/registry" \
  --version "$NEW" --seed "$DATA_SEED" --n "$PROFILE_N"
[[ -f "$STAGE/registry/$NEW/profile.json" ]] || die "profile.ts wrote no profile.json"

step 7/7 "register $NEW in $MODELS"
[[ ! -e "$MODELS/$NEW" ]] || die "$MODELS/$NEW appeared while training (another run?): not registered"
VERSION="$NEW" # from here on, the exit trap removes a half-published $NEW (never another run's)
run "$PY" "$HERE/register.py" --publish "$STAGE/registry/$NEW" --models "$MODELS" "${PROMOTE[@]}" >"$STAGE/published.txt"
head -n 1 "$STAGE/published.txt"

printf '\ndone in %ss\n' "$(( $(date +%s) - START ))"
echo "registered $VERSION"
