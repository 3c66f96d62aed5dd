/**
 * The images' sizes on paper (scripts/image-sizes.ts): the inference image, with its base, fits
 * its budget. A real pnpm install of the workspace's production dependencies, pruned as
 * Dockerfile.base prunes them (a few seconds from the local store).
 */
import { describe, expect, it } from 'vitest';
import { INFERENCE_BUDGET_MB, measure } from './image-sizes';
import { IMAGES, MB } from './image-sizes-measure';

describe('image sizes on paper', () => {
  const sizes = measure({ closures: false });

  it(`keeps the inference image, with its base, within ${INFERENCE_BUDGET_MB} MB`, () => {
    const inference = sizes.images.find((i) => i.dockerfile === 'inference/Dockerfile')!;
    expect(inference.totalMb).toBeLessThanOrEqual(INFERENCE_BUDGET_MB);
    // The model ships in the image: a measurement that missed it would pass for the wrong reason.
    expect(inference.sources / MB).toBeGreaterThan(10);
  });

  it('ships the pruned closure: no embedded ClickHouse engine, one onnxruntime platform', () => {
    // Unpruned, chdb's engine alone is ~540 MB and onnxruntime's other platforms ~200 MB.
    expect(sizes.deps / MB).toBeLessThan(150);
    expect(sizes.deps / MB).toBeGreaterThan(40);
    expect(sizes.images.map((i) => i.dockerfile).sort()).toEqual(IMAGES.map((i) => i.dockerfile).sort());
  });
});
