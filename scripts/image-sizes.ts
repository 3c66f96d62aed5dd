/**
 * Prints the size of every service image on paper (no Docker engine needed) and checks that the
 * inference image, with its base, fits its budget. See `--help`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IMAGES, MB, RUNTIME, nodeBinaryBytes, serviceClosure, sourceBytes, tsxBytes, workspaceDeps } from './image-sizes-measure';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const INFERENCE_BUDGET_MB = 300;

const HELP = `Usage: tsx scripts/image-sizes.ts [--closures] [--budget-mb N]

Measures what Dockerfile.base and each service Dockerfile put in an image, without Docker:
  - the base: ${RUNTIME.image} (assumed ${RUNTIME.osMb} MB), the node binary of node:20-bookworm-slim
    (the Node 20 running this script, stripped, measured), the workspace's production dependencies
    (pnpm install --prod, pruned by compose/prune-node-modules.sh), tsx, domain/ and core/;
  - each service image: the base plus the sources its Dockerfile copies.
Sizes are uncompressed, in MB of 10^6 bytes as \`docker images\` shows them: files (a hard-linked
file once) plus a 512-byte tar header per entry.

  --closures     also measure each service's own closure (pnpm deploy --prod), for comparison
  --budget-mb N  the inference image's budget (default ${INFERENCE_BUDGET_MB}); exit 1 when over
  -h, --help     this text

Exit status: 0 within budget, 1 over it, 2 when a measurement fails.`;

const mb = (bytes: number) => (bytes / MB).toFixed(1).padStart(7);
const progress = (msg: string) => process.stderr.write(`… ${msg}\n`);

export interface Sizes {
  osMb: number;
  node: number;
  nodeStripped: boolean;
  deps: number;
  tsx: number;
  baseSources: number;
  images: { services: string; dockerfile: string; sources: number; totalMb: number; closure?: number }[];
}

export function measure(opts: { closures: boolean }): Sizes {
  const tmp = mkdtempSync(join(tmpdir(), 'image-sizes-'));
  try {
    progress('node binary and tsx');
    const { bytes: node, stripped: nodeStripped } = nodeBinaryBytes(tmp);
    const tsx = tsxBytes(root);
    progress('the workspace production dependencies (pnpm install --prod, as Dockerfile.base)');
    const deps = workspaceDeps(root, join(tmp, 'workspace'));
    const baseSources = sourceBytes(root, 'Dockerfile.base');
    const base = RUNTIME.osMb * MB + node + deps + tsx + baseSources;
    const images = IMAGES.map((img, i) => {
      const sources = sourceBytes(root, img.dockerfile);
      let closure: number | undefined;
      if (opts.closures) {
        progress(`${img.services}: pnpm deploy --prod ${img.pkg} (${i + 1}/${IMAGES.length})`);
        closure = serviceClosure(root, img.pkg, join(tmp, `deploy-${i}`));
      }
      return { services: img.services, dockerfile: img.dockerfile, sources, totalMb: (base + sources) / MB, closure };
    });
    return { osMb: RUNTIME.osMb, node, nodeStripped, deps, tsx, baseSources, images };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(s: Sizes): void {
  console.log(`base image (Dockerfile.base), MB:`);
  console.log(`${String(s.osMb.toFixed(1)).padStart(7)}  ${RUNTIME.osSource}`);
  console.log(`${mb(s.node)}  node binary (Node ${process.versions.node}, measured, ${s.nodeStripped ? 'stripped' : 'NOT stripped: no strip here'})`);
  console.log(`${mb(s.deps)}  workspace production dependencies, pruned`);
  console.log(`${mb(s.tsx)}  tsx and esbuild`);
  console.log(`${mb(s.baseSources)}  manifests, tsconfig.json, domain/src, core/src`);
  console.log(`\nservice images (the base plus their sources), MB:`);
  console.log(`  total  sources  own closure  image`);
  for (const img of s.images) {
    const closure = img.closure === undefined ? '           ' : `${mb(img.closure)}    `;
    console.log(`${img.totalMb.toFixed(1).padStart(7)}  ${mb(img.sources)}  ${closure}  ${img.dockerfile} (${img.services})`);
  }
  console.log("\n(the etl image adds Debian's python3-torch and python3-onnx, not counted here)");
}

function main(): number {
  const { values } = parseArgs({
    options: { closures: { type: 'boolean', default: false }, 'budget-mb': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const budget = values['budget-mb'] === undefined ? INFERENCE_BUDGET_MB : Number(values['budget-mb']);
  if (!Number.isFinite(budget) || budget <= 0) {
    console.error(`--budget-mb: not a positive number: ${values['budget-mb']}`);
    return 2;
  }
  let sizes: Sizes;
  try {
    sizes = measure({ closures: values.closures ?? false });
  } catch (e) {
    console.error(`measurement failed: ${(e as Error).message}`);
    return 2;
  }
  report(sizes);
  const inference = sizes.images.find((i) => i.dockerfile === 'inference/Dockerfile')!;
  const ok = inference.totalMb <= budget;
  console.log(`\ninference image: ${inference.totalMb.toFixed(1)} MB ${ok ? '≤' : '>'} ${budget} MB budget${ok ? '' : ': OVER'}`);
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
