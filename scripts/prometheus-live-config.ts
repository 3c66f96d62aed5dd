import { parse, stringify } from 'yaml';

/**
 * The Prometheus configuration of the live test, derived from compose/prometheus/prometheus.yml
 * (pure: text in, text out) so that the test scrapes with the compose file's jobs, metrics paths
 * and rule files, only with the targets of processes on this machine.
 */

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; port: number }[];
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  relabel_configs?: unknown[];
}
interface PromConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}

/** Where each compose service (a DNS name, or a static target's host) runs here: host:port per replica. */
export type LocalTargets = Record<string, string[]>;

/** The compose services a scrape job finds: its DNS names, else its static targets' hosts. */
export function servicesOf(job: ScrapeConfig): string[] {
  const dns = (job.dns_sd_configs ?? []).flatMap((d) => d.names);
  const hosts = (job.static_configs ?? []).flatMap((s) => s.targets.map((t) => t.split(':')[0]!));
  return [...dns, ...hosts];
}

/**
 * compose's prometheus.yml with every job's discovery replaced by static targets on this machine
 * (one group per service, labelled `service` as the compose relabelling does from the DNS name)
 * and the given scrape and evaluation interval. A service of the compose file with no local
 * target is an error: the test would silently scrape less than production.
 */
export function liveConfig(composeYaml: string, targets: LocalTargets, intervalSeconds: number): string {
  const c = parse(composeYaml) as PromConfig;
  const interval = `${intervalSeconds}s`;
  const jobs = c.scrape_configs.map((job): ScrapeConfig => {
    const groups = servicesOf(job).map((service) => {
      const local = targets[service];
      if (!local?.length) throw new Error(`job ${job.job_name}: no local target for compose service ${service}`);
      return { targets: local, labels: { service } };
    });
    return { job_name: job.job_name, ...(job.metrics_path ? { metrics_path: job.metrics_path } : {}), static_configs: groups };
  });
  const out: PromConfig = {
    global: { ...c.global, scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    ...(c.rule_files ? { rule_files: c.rule_files } : {}),
    scrape_configs: jobs,
  };
  return stringify(out, { aliasDuplicateObjects: false });
}

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

/**
 * alerts.yml with every non-zero `for:` replaced by `forDuration`, so that a test sees an alert
 * fire in seconds instead of minutes. Expressions, thresholds, labels and annotations are the
 * file's own.
 */
export function shortenedAlerts(alertsYaml: string, forDuration: string): string {
  const f = parse(alertsYaml) as RuleFile;
  for (const g of f.groups) for (const r of g.rules) if (r.for !== undefined && !/^0[smh]?$/.test(r.for)) r.for = forDuration;
  return stringify(f, { aliasDuplicateObjects: false });
}

/** Every alert's expression, by alert name. */
export function alertExprs(alertsYaml: string): Record<string, string> {
  const f = parse(alertsYaml) as RuleFile;
  return Object.fromEntries(f.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [[r.alert, r.expr] as const] : []))));
}

const FUNCTIONS_AND_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'vector',
  'time',
]);

/**
 * The metric names a PromQL expression reads: identifiers not followed by `(` (functions) and not
 * inside a label matcher or a grouping clause, and not a keyword.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const bare = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/"[^"]*"|'[^']*'/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  for (const m of bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)) {
    const [, name, call] = m;
    if (call || FUNCTIONS_AND_KEYWORDS.has(name!) || /^\d/.test(name!)) continue;
    names.add(name!);
  }
  return [...names].sort();
}

/** The metric family a series name belongs to (a histogram's _bucket, _sum, _count). */
export const familyOf = (name: string): string => name.replace(/_(bucket|sum|count)$/, '');
