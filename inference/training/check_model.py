#!/usr/bin/python3
"""Checks an exported model before it enters the registry (needs python3-onnx and node).

    /usr/bin/python3 inference/training/check_model.py STAGE_DIR

onnx.checker, the input/output contract (names, element types, a dynamic token axis, opset 13),
the size limit, then onnxruntime-node (onnx_check.mjs): outputs equal PyTorch's within 1e-3 and
the latency for a 20-token message. Writes STAGE_DIR/check.json; exits non-zero on any failure.
(Named check_*.py so that the stdlib unittest discovery of test_*.py does not import onnx.)
"""
import json
import os
import subprocess
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_BYTES = 20 * 1024 * 1024
MAX_P50_MS = 0.5


def fail(msg):
    print(f'check failed: {msg}', file=sys.stderr)
    sys.exit(1)


def dims(vi):
    return [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ('-h', '--help'):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    stage = sys.argv[1]
    path = os.path.join(stage, 'model.onnx')
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        fail(f'model.onnx is {size} bytes, over {MAX_BYTES}')
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opset = {o.domain: o.version for o in model.opset_import}.get('', None)
    if opset != 13:
        fail(f'opset {opset}, expected 13')
    ins = {i.name: i for i in model.graph.input}
    outs = {o.name: o for o in model.graph.output}
    if list(ins) != ['features']:
        fail(f'inputs {list(ins)}')
    if sorted(outs) != ['intent_logits', 'tag_logits']:
        fail(f'outputs {list(outs)}')
    if ins['features'].type.tensor_type.elem_type != onnx.TensorProto.INT64:
        fail('features must be int64')
    fd = dims(ins['features'])
    if len(fd) != 3 or fd[0] != 1 or not isinstance(fd[1], str) or fd[2] != 32:
        fail(f'features shape {fd}, expected [1, tokens, 32]')
    if dims(outs['intent_logits']) != [1, 6]:
        fail(f'intent_logits shape {dims(outs["intent_logits"])}')
    td = dims(outs['tag_logits'])
    if len(td) != 3 or td[0] != 1 or td[1] != fd[1] or td[2] != 6:
        fail(f'tag_logits shape {td}')
    print(f'  onnx.checker ok: opset 13, features {fd} -> intent_logits [1, 6], tag_logits {td}, {size / 1e6:.1f} MB')
    r = subprocess.run(['node', os.path.join(HERE, 'onnx_check.mjs'), stage], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f'onnxruntime-node comparison failed:\n{r.stdout}\n{r.stderr}')
    ort = json.loads(r.stdout.strip().splitlines()[-1])
    print(f'  onnxruntime-node: max |torch - onnx| = {ort["maxAbsDiff"]} over {ort["compared"]} inputs; '
          f'20 tokens p50 {ort["latencyMs20Tokens"]["p50"]} ms, p99 {ort["latencyMs20Tokens"]["p99"]} ms')
    if ort['latencyMs20Tokens']['p50'] > MAX_P50_MS:
        print(f'  warning: p50 latency above the {MAX_P50_MS} ms target', file=sys.stderr)
    with open(os.path.join(stage, 'check.json'), 'w') as f:
        json.dump({'onnx_checker': 'ok', 'opset': 13, 'bytes': size, 'onnxruntime_node': ort}, f, indent=1)


if __name__ == '__main__':
    main()
