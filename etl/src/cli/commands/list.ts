import type { AssetDefinition } from '../../framework';
import type { EtlResources } from '../../resources';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand } from '../args';
import { formatDuration } from '../format/time';
import { describeMapping, describePartitions } from '../partition-selection';
import type { CliIo } from '../io';
import { setup } from '../session';
import { clean, colorWanted, paint, toJson } from '../terminal';
import { done, type Command } from './command';

const HELP = `Usage: pnpm etl list [--json]

The definitions this ETL runs: every asset (in dependency order) with its description, its
dependencies and how their partitions map, its partitions, its checks and code version; the
schedules (cron, zone, assets) and sensors. Reads no database.

Options:
${COMMON_HELP}`;

/** An asset's definition as data: what `list --json` prints. */
export function assetJson(a: AssetDefinition<EtlResources>) {
  return {
    key: a.key,
    description: a.description,
    deps: a.deps.map((d) => ({ asset: d.asset, mapping: d.mapping, optional: d.optional ?? false })),
    partitions: a.partitions,
    checks: a.checks.map((c) => ({ name: c.name, severity: c.severity, description: c.description })),
    codeVersion: a.codeVersion,
    retry: a.retry,
    timeoutMs: a.timeoutMs,
  };
}

export const list: Command = {
  name: 'list',
  summary: 'assets, their dependencies, partitions and checks; schedules and sensors',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 0);
    const { graph } = setup(io);
    const assets = graph.order.map((k) => assetJson(graph.get(k)));
    const schedules = graph.schedules.map((s) => ({ name: s.name, cron: s.cron, timezone: s.timezone, assets: [...s.assets] }));
    const sensors = graph.sensors.map((s) => ({ name: s.name, intervalMs: s.intervalMs, targets: [...s.targets] }));
    if (v.json) return done(io, toJson({ assets, schedules, sensors }));
    const color = colorWanted(tokens, io.env, io.stdoutTTY);
    const b = (s: string) => paint(s, 'bold', color);
    const d = (s: string) => paint(s, 'dim', color);
    const lines: string[] = [b(`assets (${assets.length})`)];
    for (const a of assets) {
      const def = graph.get(a.key);
      lines.push(
        `  ${b(a.key)}  ${clean(a.description)}`,
        `    ${d('partitions')}  ${clean(describePartitions(a.partitions))}`,
        `    ${d('deps      ')}  ${a.deps.length === 0 ? 'none' : a.deps.map((x) => `${x.asset} (${describeMapping(x.mapping)}${x.optional ? ', optional' : ''})`).join(', ')}`,
        `    ${d('checks    ')}  ${a.checks.length === 0 ? 'none' : a.checks.map((c) => `${c.name} (${c.severity})`).join(', ')}`,
        `    ${d('code      ')}  v${clean(a.codeVersion)} · ${def.retry.maxAttempts} attempt${def.retry.maxAttempts === 1 ? '' : 's'}, backoff ${formatDuration(def.retry.backoffMs)} · timeout ${formatDuration(def.timeoutMs)}`,
      );
    }
    lines.push('', b(`schedules (${schedules.length})`));
    for (const s of schedules) lines.push(`  ${b(s.name)}  ${clean(s.cron)}  (${clean(s.timezone)})  → ${s.assets.join(', ')}`);
    if (schedules.length === 0) lines.push('  none');
    lines.push('', b(`sensors (${sensors.length})`));
    for (const s of sensors) lines.push(`  ${b(s.name)}  every ${formatDuration(s.intervalMs)}  → ${s.targets.join(', ')}`);
    if (sensors.length === 0) lines.push('  none');
    io.out(lines.join('\n'));
    return 0;
  },
};
