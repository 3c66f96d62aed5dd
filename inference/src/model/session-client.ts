import { Worker } from 'node:worker_threads';
import { ModelLoadError, type ModelLoadFailure } from './load-error';
import { checksumDetail } from './check-model';

type Reply =
  | { type: 'ready'; inputNames: string[]; outputNames: string[] }
  | { type: 'refused'; failure: ModelLoadFailure; detail?: string; sha?: string }
  | { type: 'result'; id: number; intent: Float32Array; tags: Float32Array }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

export interface SessionOutput {
  intentLogits: Float32Array;
  tagLogits: Float32Array;
}

/**
 * Threads whose session was closed, kept for the next version to open in: a swap then costs
 * the model's load, not a new isolate and onnxruntime addon (and no new malloc arena each time).
 */
const idle: Worker[] = [];
const MAX_IDLE = 1;

function thread(): Worker {
  let w = idle.pop();
  if (!w) {
    const created = new Worker(new URL('./session-worker.mjs', import.meta.url));
    created.once('exit', () => {
      const i = idle.indexOf(created);
      if (i >= 0) idle.splice(i, 1);
    });
    w = created;
  }
  w.ref();
  return w;
}

function retire(w: Worker): void {
  if (idle.length >= MAX_IDLE) return void w.terminate();
  w.unref();
  idle.push(w);
}

/**
 * A model session living in a worker thread (session-worker.mjs): opening a version (read,
 * sha256, onnxruntime's synchronous graph load) never stalls the event loop that serves the
 * versions already loaded. Each run is a message there and back. The thread holds the process
 * open only while a run or the load is in flight, so a CLI ends when its work does.
 */
export class WorkerSession {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (o: SessionOutput) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;
  private readonly onMessage = (m: Reply) => {
    if (m.type !== 'result' && m.type !== 'failed') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.type === 'result') p?.resolve({ intentLogits: m.intent, tagLogits: m.tags });
    else p?.reject(new Error(`onnxruntime: ${m.message}`));
  };
  private readonly onGone = (err: Error | number) => {
    this.dead = typeof err === 'number' ? new Error(`the model's session thread exited (${err})`) : err;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  };

  private constructor(
    private readonly worker: Worker,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {
    worker.on('message', this.onMessage);
    worker.on('error', this.onGone);
    worker.on('exit', this.onGone);
    worker.unref();
  }

  static open(version: string, file: string, fileName: string, sha256: string, maxFeatures: number): Promise<WorkerSession> {
    const worker = thread();
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(new ModelLoadError(version, 'onnx', `the session thread failed: ${err.message}`));
      worker.once('error', onError);
      worker.once('message', (m: Reply) => {
        worker.off('error', onError);
        if (m.type === 'ready') return resolve(new WorkerSession(worker, m.inputNames, m.outputNames));
        retire(worker);
        if (m.type === 'refused')
          reject(new ModelLoadError(version, m.failure, m.failure === 'checksum' ? checksumDetail(fileName, m.sha ?? '', sha256) : (m.detail ?? m.failure)));
        else reject(new ModelLoadError(version, 'onnx', `unexpected first message ${m.type}`));
      });
      worker.postMessage({ type: 'open', file, fileName, sha256, features: maxFeatures });
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

  /** Closes the session (runs already sent are answered first); the thread waits for the next one. */
  async release(): Promise<void> {
    if (this.dead) return;
    this.dead = new Error('the model session was released');
    this.worker.ref();
    await new Promise<void>((resolve) => {
      const onClosed = (m: Reply) => {
        if (m.type !== 'closed') return;
        this.worker.off('message', onClosed);
        resolve();
      };
      this.worker.on('message', onClosed);
      this.worker.postMessage({ type: 'close' });
    });
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onGone);
    this.worker.off('exit', this.onGone);
    retire(this.worker);
  }
}
