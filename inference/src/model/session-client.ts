import { Worker } from 'node:worker_threads';
import { ModelLoadError, type ModelLoadFailure } from './load-error';
import { checksumDetail } from './check-model';

type Reply =
  | { type: 'ready'; inputNames: string[]; outputNames: string[] }
  | { type: 'refused'; failure: ModelLoadFailure; detail?: string; sha?: string }
  | { type: 'result'; id: number; intent: Float32Array; tags: Float32Array }
  | { type: 'failed'; id: number; message: string }
  | { type: 'released' };

export interface SessionOutput {
  intentLogits: Float32Array;
  tagLogits: Float32Array;
}

/**
 * A model session living in a worker thread (session-worker.mjs): opening a version (read,
 * sha256, onnxruntime's synchronous graph load) never stalls the event loop that serves the
 * versions already loaded. Each run is a message there and back. The worker holds the process
 * open only while a run or the load is in flight, so a CLI ends when its work does.
 */
export class WorkerSession {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (o: SessionOutput) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {
    worker.on('message', (m: Reply) => {
      if (m.type !== 'result' && m.type !== 'failed') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.type === 'result') p?.resolve({ intentLogits: m.intent, tagLogits: m.tags });
      else p?.reject(new Error(`onnxruntime: ${m.message}`));
    });
    const fail = (err: Error) => {
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the model's session thread exited (${code})`)));
    worker.unref();
  }

  static open(version: string, file: string, fileName: string, sha256: string, maxFeatures: number): Promise<WorkerSession> {
    const worker = new Worker(new URL('./session-worker.mjs', import.meta.url), { workerData: { file, fileName, sha256, maxFeatures } });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(new ModelLoadError(version, 'onnx', `the session thread failed: ${err.message}`));
      worker.once('error', onError);
      worker.once('message', (m: Reply) => {
        worker.off('error', onError);
        if (m.type === 'ready') return resolve(new WorkerSession(worker, m.inputNames, m.outputNames));
        void worker.terminate();
        if (m.type === 'refused') reject(new ModelLoadError(version, m.failure, m.failure === 'checksum' ? checksumDetail(fileName, m.sha ?? '', sha256) : (m.detail ?? m.failure)));
        else reject(new ModelLoadError(version, 'onnx', `unexpected first message ${m.type}`));
      });
    });
  }

  run(features: BigInt64Array, tokens: number): Promise<SessionOutput> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, buffer: features.buffer, tokens }, [features.buffer as ArrayBuffer]);
    });
  }

  /** Releases the session and ends the thread (requests already sent are answered first). */
  async release(): Promise<void> {
    if (this.dead) return;
    this.worker.ref();
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (m: Reply) => m.type === 'released' && void this.worker.terminate());
      this.worker.postMessage({ type: 'release' });
    });
  }
}
