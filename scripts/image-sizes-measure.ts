/**
 * The size of each service image on paper, without a Docker engine: what Dockerfile.base and the
 * service Dockerfiles put in the image, measured on disk as a layer would hold it (file bytes plus
 * a 512-byte tar header per file), over the runtime image's assumed size.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the runtime stage of Dockerfile.base starts from, and where each figure comes from. */
export const RUNTIME = {
  image: 'debian:bookworm-slim',
  /** Uncompressed, as `docker images` lists debian:bookworm-slim (about 28 MB compressed). */
  osMb: 74.8,
  osSource: 'debian:bookworm-slim, uncompressed as `docker images` lists it (assumed, not measured here)',
} as const;

/** Megabytes as `docker images` counts them (10^6 bytes). */
export const MB = 1_000_000;

export interface ServiceImage {
  /** The compose services the image runs. */
  readonly services: string;
  readonly pkg: string;
  readonly dockerfile: string;
}

export const IMAGES: readonly ServiceImage[] = [
  { services: 'relay ×2', pkg: '@napominalka/core', dockerfile: 'core/Dockerfile' },
  { services: 'inference', pkg: '@napominalka/inference', dockerfile: 'inference/Dockerfile' },
  { services: 'projector, scheduler ×2', pkg: '@napominalka/projector', dockerfile: 'projector/Dockerfile' },
  { services: 'bot', pkg: '@napominalka/bot', dockerfile: 'bot/Dockerfile' },
  { services: 'etl', pkg: '@napominalka/etl', dockerfile: 'etl/Dockerfile' },
  { services: 'ui', pkg: '@napominalka/ui', dockerfile: 'ui/Dockerfile' },
];

/**
 * Bytes of a tree as a tar layer holds it: a header per entry, a hard-linked file's bytes once
 * (`seen`, shared across the trees of one layer); `skip` says which relative paths to leave out.
 */
export function layerBytes(dir: string, skip: (rel: string) => boolean = () => false, seen = new Set<string>()): number {
  let total = 0;
  const walk = (path: string) => {
    const rel = relative(dir, path);
    if (rel && skip(rel)) return;
    const st = lstatSync(path);
    total += 512;
    if (st.isDirectory()) for (const e of readdirSync(path)) walk(join(path, e));
    else if (st.isFile()) {
      const inode = `${st.dev}:${st.ino}`;
      if (!seen.has(inode)) total += st.size;
      seen.add(inode);
    }
  };
  walk(dir);
  return total;
}

/** The .dockerignore entries as relative-path tests (plain paths and `**` prefixes, as the file uses). */
export function dockerignore(root: string): (rel: string) => boolean {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
  return (rel) =>
    patterns.some((p) => {
      if (p.startsWith('**/')) {
        const tail = p.slice(3);
        return rel.split('/').some((seg) => seg === tail || (tail.startsWith('*.') && seg.endsWith(tail.slice(1))));
      }
      return rel === p || rel.startsWith(`${p}/`);
    });
}

/** Sources a Dockerfile COPYs from the build context (not `--from=` a stage). */
export function copiedPaths(dockerfile: string): string[] {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
    .flatMap((l) =>
      l
        .split(/\s+/)
        .slice(1)
        .filter((w) => !w.startsWith('--'))
        .slice(0, -1),
    );
}

/** Source bytes a Dockerfile copies in, honouring .dockerignore (package manifests are counted too). */
export function sourceBytes(root: string, dockerfile: string): number {
  const skip = dockerignore(root);
  let total = 0;
  for (const src of copiedPaths(join(root, dockerfile))) {
    const path = join(root, src);
    if (!existsSync(path)) throw new Error(`${dockerfile}: COPY ${src} does not exist`);
    total += statSync(path).isDirectory() ? layerBytes(path, (rel) => skip(join(src, rel))) : layerBytes(path);
  }
  return total;
}

/** The workspace manifests Dockerfile.base installs from, copied to `dir`. */
function copyManifests(root: string, dir: string): void {
  const ws = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const pkgs = [...ws.matchAll(/^\s*-\s*(\S+)\s*$/gm)].map((m) => m[1]!);
  for (const f of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']) cpSync(join(root, f), join(dir, f));
  for (const p of pkgs) {
    mkdirSync(join(dir, p), { recursive: true });
    cpSync(join(root, p, 'package.json'), join(dir, p, 'package.json'));
  }
}

const prune = (root: string, nodeModules: string) =>
  execFileSync('sh', [join(root, 'compose/prune-node-modules.sh'), nodeModules, process.arch === 'arm64' ? 'arm64' : 'x64'], { stdio: 'inherit' });

/** The base image's node_modules, as Dockerfile.base makes it: the whole workspace, --prod, pruned. */
export function workspaceDeps(root: string, dir: string): number {
  copyManifests(root, dir);
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--prod', '--prefer-offline', '--reporter=silent'], { cwd: dir, stdio: 'inherit' });
  prune(root, join(dir, 'node_modules'));
  return layerBytes(dir, (rel) => !rel.startsWith('node_modules') && !/^[a-z]+\/node_modules/.test(rel));
}

/** One service's production closure alone (`pnpm deploy --prod`), pruned as the base is. */
export function serviceClosure(root: string, pkg: string, dir: string): number {
  execFileSync('pnpm', ['--filter', pkg, 'deploy', '--prod', '--prefer-offline', '--reporter=silent', dir], { cwd: root, stdio: 'inherit' });
  prune(root, join(dir, 'node_modules'));
  return layerBytes(join(dir, 'node_modules'));
}

/** tsx and its production dependencies (installed beside the closure by Dockerfile.base), from the local store. */
export function tsxBytes(root: string): number {
  const store = join(root, 'node_modules/.pnpm');
  const version = (JSON.parse(readFileSync(join(root, 'node_modules/tsx/package.json'), 'utf8')) as { version: string }).version;
  const wanted = [`tsx@${version}`, 'esbuild@', `@esbuild+linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}@`, 'get-tsconfig@', 'resolve-pkg-maps@'];
  const dirs = readdirSync(store).filter((d) => wanted.some((w) => d.startsWith(w)));
  if (!dirs.some((d) => d.startsWith('tsx@'))) throw new Error(`tsx@${version} is not in ${store}: run pnpm install`);
  // esbuild's install links its platform binary into esbuild/bin: one file, counted once.
  const seen = new Set<string>();
  return dirs.reduce((n, d) => n + layerBytes(join(store, d), undefined, seen), 0);
}

/**
 * The node binary Dockerfile.base copies out of node:20-bookworm-slim, stripped as it strips it:
 * the one running this (Node 20). Without `strip` (binutils), the unstripped size, an over-estimate.
 */
export function nodeBinaryBytes(dir: string): { bytes: number; stripped: boolean } {
  const out = join(dir, 'node');
  try {
    execFileSync('strip', ['-o', out, process.execPath], { stdio: 'ignore' });
    return { bytes: statSync(out).size, stripped: true };
  } catch {
    return { bytes: statSync(process.execPath).size, stripped: false };
  }
}
