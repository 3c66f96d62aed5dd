/**
 * The Prometheus alert rules (compose/prometheus/alerts.yml): promtool validates the config and
 * the rules and runs their unit tests (alerts.test.yml); every alert must be tested both firing
 * and not firing, and carry what an operator reads (severity, summary, description).
 * Needs promtool (Debian's `prometheus` package; .ci/run installs it): without it this fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../compose/prometheus');
const CONFIG = join(dir, 'prometheus.yml');
const RULES = join(dir, 'alerts.yml');
const TESTS = join(dir, 'alerts.test.yml');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface RuleTests {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; eval_time: string; exp_alerts?: unknown[] | null }[] }[];
}
interface PromConfig {
  rule_files?: string[];
  scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; port: number }[] }[];
}

const yamlFile = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;

const MISSING =
  'promtool is not installed, so the alert rules cannot be checked. ' +
  "Install Debian's prometheus package: `apt-get install -y prometheus` (.ci/run does this in CI).";

/**
 * Runs promtool; its output is the failure message, so a broken rule reads as promtool said it.
 * Without promtool each test fails (not skips) with MISSING.
 */
function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) {
    const missing = 'code' in r.error && r.error.code === 'ENOENT';
    throw new Error(missing ? MISSING : `promtool ${args.join(' ')} did not finish: ${r.error.message}`);
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const rules = yamlFile<RuleFile>(RULES).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r): r is Rule & { alert: string } => r.alert !== undefined);
const cases = yamlFile<RuleTests>(TESTS).tests.flatMap((t) => t.alert_rule_test ?? []);

describe('promtool', () => {
  it('accepts prometheus.yml and the rule files it loads', () => {
    const r = promtool('check', 'config', CONFIG);
    expect(r.status, r.output).toBe(0);
  });

  it('accepts alerts.yml', () => {
    const r = promtool('check', 'rules', RULES);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes the unit tests of alerts.test.yml', () => {
    const r = promtool('test', 'rules', TESTS);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });
});

describe('alert rules', () => {
  it('are loaded by prometheus.yml, and the tests load the same file', () => {
    expect(yamlFile<PromConfig>(CONFIG).rule_files).toContain('alerts.yml');
    expect(yamlFile<RuleTests>(TESTS).rule_files).toEqual(['alerts.yml']);
  });

  it('scrape the ETL like the other services', () => {
    const etl = yamlFile<PromConfig>(CONFIG).scrape_configs.find((c) => c.job_name === 'etl');
    expect(etl?.dns_sd_configs).toEqual([expect.objectContaining({ names: ['etl'], port: 9464 })]);
  });

  it('have unique names', () => {
    const names = alerts.map((a) => a.alert);
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('each have a `for:`, a severity and an operator-readable summary and description', () => {
    for (const a of alerts) {
      expect(a.for, a.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
    }
  });

  it('each have a test case that expects them firing and one that expects them silent', () => {
    const firing = new Set(cases.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => c.alertname));
    const silent = new Set(cases.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => c.alertname));
    for (const a of alerts) {
      expect(firing.has(a.alert), `${a.alert}: no test case expects it firing`).toBe(true);
      expect(silent.has(a.alert), `${a.alert}: no test case expects it not firing`).toBe(true);
    }
  });

  it('are the only alerts the tests name', () => {
    const names = new Set(alerts.map((a) => a.alert));
    for (const c of cases) expect(names.has(c.alertname), `test case for unknown alert ${c.alertname}`).toBe(true);
  });
});
