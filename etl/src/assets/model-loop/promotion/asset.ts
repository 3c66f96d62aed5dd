import { promoteModel } from '@napominalka/core/model-registry';
import { defineAsset, identity, type PartitionsDefinition } from '../../../framework';
import type { EtlResources } from '../../../resources';

/**
 * `promotion` (daily): appends ModelPromoted for the candidate — only reached when
 * candidate_evaluation's blocking check passed. Every inference instance hears it, loads the
 * version, warms it up and swaps (ModelHolder); one started later loads the active version.
 * Keyed by day and version, so a retried step promotes once.
 */
export function promotionAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'promotion',
    description: 'ModelPromoted for a candidate that passed its evaluation; every inference instance swaps to it',
    partitions,
    deps: [{ asset: 'candidate_evaluation', mapping: identity() }],
    codeVersion: '1',
    retry: { maxAttempts: 3, backoffMs: 5_000 },
    timeoutMs: 60_000,
    materialize: async (ctx) => {
      const evaluation = ctx.upstream.candidate_evaluation?.[0];
      const version = String(evaluation?.metadata.candidate ?? '');
      if (!version) throw new Error('no evaluated candidate for this day');
      const metrics = Object.fromEntries(
        Object.entries(evaluation!.metadata).filter((e): e is [string, number] => e[0].startsWith('candidate_') && typeof e[1] === 'number'),
      );
      const r = await promoteModel(
        ctx.resources.store,
        { version, actor: `etl:${ctx.runId}`, reason: 'evaluation', runId: ctx.runId, note: String(evaluation!.metadata.summary ?? '').slice(0, 300), metrics },
        { idempotencyKey: `model-promotion:${ctx.partition}:${version}`, correlationId: ctx.runId, registryDir: ctx.resources.modelsDir },
      );
      ctx.log('info', r.duplicate ? `${version} was promoted by an earlier attempt` : `promoted ${version} (was ${r.previous ?? 'none'})`);
      return { metadata: { version, previous: r.previous, duplicate: r.duplicate } };
    },
  });
}
