/** Why a model version was refused at load: every cause the loader checks, as a code. */
export type ModelLoadFailure = 'invalid-version' | 'missing-card' | 'invalid-card' | 'incompatible' | 'missing-file' | 'checksum' | 'onnx';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly version: string,
    readonly failure: ModelLoadFailure,
    detail: string,
  ) {
    super(`model ${version} refused (${failure}): ${detail}`);
  }
}
