import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { OnnxModel } from './onnx-model';
import { addVersion, scratchRegistry } from './test-registry';

/** Sessions live in worker threads (session-client.ts): what a caller sees of that. */
let reg: ReturnType<typeof scratchRegistry>;
beforeAll(() => {
  reg = scratchRegistry('session-thread-');
  addVersion(reg.dir, 'one');
  addVersion(reg.dir, 'two');
});
afterAll(() => reg?.cleanup());

const ids = featurize('напомни завтра в 9 позвонить маме').ids;

describe('a model session in its own thread', () => {
  it('answers many concurrent runs, each with its own output, the same as another session of the same model', async () => {
    const [a, b] = await Promise.all([OnnxModel.load('one', reg.dir), OnnxModel.load('two', reg.dir)]);
    const texts = ['hi', 'напомни через час купить хлеб', 'remind me tomorrow at 5 pm to call mom', 'что у меня на завтра'];
    const outs = await Promise.all(texts.flatMap((t) => [a.run(featurize(t).ids), b.run(featurize(t).ids)]));
    for (let i = 0; i < texts.length; i++) {
      expect(outs[2 * i]!.intent).toEqual(outs[2 * i + 1]!.intent);
      expect(outs[2 * i]!.tags).toHaveLength(featurize(texts[i]!).ids.length);
    }
    expect(outs[0]!.intent).not.toEqual(outs[2]!.intent);
    await Promise.all([a.release(), b.release()]);
  });

  it('a released session refuses a run with a clear error, and the next version opens in the same thread', async () => {
    const a = await OnnxModel.load('one', reg.dir);
    const before = await a.run(ids);
    await a.release();
    await expect(a.run(ids)).rejects.toThrow(/released/);
    const b = await OnnxModel.load('two', reg.dir);
    expect((await b.run(ids)).intent).toEqual(before.intent);
    await b.release();
  });

  it('answers the runs already sent when it is released', async () => {
    const a = await OnnxModel.load('one', reg.dir);
    const runs = Array.from({ length: 20 }, () => a.run(ids));
    const released = a.release();
    expect(await Promise.all(runs)).toHaveLength(20);
    await released;
  });
});
