/**
 * Writes grafana/dashboards/{business,model,service}.json from their specs:
 *
 *   node --import tsx scripts/grafana/dashboards/build.ts
 *
 * The files are checked in (Grafana provisions them as they are); a test fails when one differs
 * from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { business } from './business';
import { model } from './model';
import { dashboardJson, type DashboardSpec } from './panels';
import { service } from './service';

export const DASHBOARDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../grafana/dashboards');

export const GENERATED: Record<string, DashboardSpec> = { 'business.json': business, 'model.json': model, 'service.json': service };

/** The file's text: formatted by the repository's Prettier settings, as `pnpm lint` checks it. */
export async function renderDashboard(file: string, d: DashboardSpec): Promise<string> {
  const path = join(DASHBOARDS_DIR, file);
  return format(JSON.stringify(dashboardJson(d)), { ...(await resolveConfig(path)), filepath: path });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, spec] of Object.entries(GENERATED)) {
    writeFileSync(join(DASHBOARDS_DIR, file), await renderDashboard(file, spec));
    process.stdout.write(`${file}: ${spec.panels.length} panels\n`);
  }
}
