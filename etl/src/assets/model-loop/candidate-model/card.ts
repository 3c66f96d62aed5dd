import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EtlMetadata } from '@napominalka/core';
import { flatten } from '../shared/flatten';

/** The figures of a registered model's card worth showing with its materialization. */
export async function readCandidateCard(modelsDir: string, version: string): Promise<EtlMetadata> {
  const card = JSON.parse(await readFile(path.join(modelsDir, version, 'card.json'), 'utf8')) as Record<string, unknown>;
  const metrics = (card.metrics ?? {}) as Record<string, unknown>;
  const model = (card.model ?? {}) as Record<string, unknown>;
  return {
    model_sha256: String(model.sha256 ?? ''),
    data_sha256: String((card.data as Record<string, unknown> | undefined)?.sha256 ?? ''),
    lexicon_sha256: String((card.featurisation as Record<string, unknown> | undefined)?.lexiconSha256 ?? ''),
    ...flatten('heldout', {
      intent_accuracy: (metrics.heldout_synthetic as Record<string, unknown> | undefined)?.intent_accuracy,
      tag_macro_f1: (metrics.heldout_synthetic as Record<string, unknown> | undefined)?.tag_macro_f1,
    }),
  };
}
