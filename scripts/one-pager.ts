import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `Usage: tsx scripts/one-pager.ts [--in FILE] [--out FILE] [--html FILE] [--chromium PATH]

Builds the one-page PDF summary from its markdown: renders docs/one-pager.md to HTML (a small
renderer: headings, paragraphs, lists, tables, code, bold, links) and prints it to PDF with
Chromium headless (Debian's chromium package), then checks the PDF has exactly one page.

  --in FILE        markdown to render (default docs/one-pager.md)
  --out FILE       PDF to write (default docs/one-pager.pdf)
  --html FILE      also keep the HTML it printed
  --chromium PATH  the browser (default /usr/bin/chromium)

The PDF's title carries the first 12 hex digits of the markdown's sha256, so a test can tell a
PDF built from another version of the text.
Exit status: 0 built and one page, 1 failed or not one page, 2 bad usage.`;

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline markdown: `code` first (its content stays literal), then **bold**, _em_ and [links](url). */
export function renderInline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[\s(])_(.+?)_(?=[\s).,;:]|$)/g, '$1<em>$2</em>')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
    })
    .join('');
}

const tableCells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

function renderTable(lines: readonly string[]): string {
  const [head, , ...body] = lines;
  const th = tableCells(head!)
    .map((c) => `<th>${renderInline(c)}</th>`)
    .join('');
  const rows = body
    .map(
      (l) =>
        `<tr>${tableCells(l)
          .map((c) => `<td>${renderInline(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function renderList(lines: readonly string[]): string {
  // A line that does not start with "- " continues the item above it.
  const items: string[] = [];
  for (const l of lines) {
    if (l.startsWith('- ')) items.push(l.slice(2).trim());
    else items[items.length - 1] += ` ${l.trim()}`;
  }
  return `<ul>${items.map((i) => `<li>${renderInline(i)}</li>`).join('\n')}</ul>`;
}

/** Markdown of the kind docs/one-pager.md is written in → HTML body. Blocks are separated by blank lines. */
export function renderMarkdown(md: string): string {
  const blocks = md.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  return blocks
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block !== '')
    .map((block) => {
      const lines = block.split('\n');
      const heading = /^(#{1,3}) (.*)$/.exec(lines[0]!);
      if (heading && lines.length === 1) return `<h${heading[1]!.length}>${renderInline(heading[2]!)}</h${heading[1]!.length}>`;
      if (lines.every((l) => l.trim().startsWith('|')) && lines.length >= 2 && /^\|[\s|:-]+\|$/.test(lines[1]!.trim())) return renderTable(lines);
      if (lines[0]!.startsWith('- ')) return renderList(lines);
      return `<p>${renderInline(lines.map((l) => l.trim()).join(' '))}</p>`;
    })
    .join('\n');
}

export const markdownDigest = (md: string): string => createHash('sha256').update(md).digest('hex').slice(0, 12);

const STYLE = `
@page { size: A4; margin: 11mm 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.32; color: #1d232a; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 5pt; color: #0b4f71; }
h2 { font-size: 10.2pt; margin: 8pt 0 3pt; color: #0b4f71; border-bottom: 0.6pt solid #b9cbd6; padding-bottom: 1pt; }
p { margin: 0 0 4pt; }
ul { margin: 0 0 4pt; padding-left: 13pt; }
li { margin: 0 0 2pt; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 7.9pt; background: #eef2f5; padding: 0 1.5pt; border-radius: 2pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 5pt; font-size: 7.9pt; }
th, td { border: 0.5pt solid #c6d3dc; padding: 1.6pt 3.5pt; text-align: left; vertical-align: top; }
th { background: #e3edf3; }
tr:nth-child(even) td { background: #f6f9fb; }
a { color: #0b4f71; text-decoration: none; }`;

/** A standalone page: no external resources, so printing needs no network. */
export function buildHtml(md: string): string {
  const title = `Napominalka one-pager ${markdownDigest(md)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>
${renderMarkdown(md)}
</body></html>
`;
}

/** Page objects in a PDF: "/Type /Page" but not "/Type /Pages" (Chromium writes them uncompressed). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** pdfinfo's page count when poppler-utils is installed, else undefined. */
function pdfinfoPages(file: string): number | undefined {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

function printToPdf(chromium: string, htmlFile: string, pdfFile: string, profileDir: string): void {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--no-pdf-header-footer',
    `--user-data-dir=${profileDir}`,
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ];
  const r = spawnSync(chromium, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`cannot run ${chromium}: ${r.error.message}`);
  if (r.status !== 0 || !existsSync(pdfFile) || statSync(pdfFile).size === 0) {
    throw new Error(`${chromium} exited ${r.status} without a PDF:\n${r.stderr.slice(-2000)}`);
  }
}

interface Options {
  input: string;
  output: string;
  html?: string;
  chromium: string;
}

function parseArgs(argv: readonly string[]): Options | 'help' | string {
  const o: Options = { input: path.join(root, 'docs/one-pager.md'), output: path.join(root, 'docs/one-pager.pdf'), chromium: '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return 'help';
    const value = argv[i + 1];
    if (!['--in', '--out', '--html', '--chromium'].includes(a)) return `unknown option ${a}`;
    if (value === undefined || value.startsWith('--')) return `${a} needs a value`;
    i++;
    if (a === '--in') o.input = path.resolve(value);
    else if (a === '--out') o.output = path.resolve(value);
    else if (a === '--html') o.html = path.resolve(value);
    else o.chromium = value;
  }
  return o;
}

/** Builds the PDF and returns its page count (pdfinfo's when available, else the objects counted). */
export function buildOnePager(o: Options): number {
  const html = buildHtml(readFileSync(o.input, 'utf8'));
  const work = mkdtempSync(path.join(tmpdir(), 'one-pager-'));
  try {
    const htmlFile = path.join(work, 'one-pager.html');
    writeFileSync(htmlFile, html);
    if (o.html) writeFileSync(o.html, html);
    printToPdf(o.chromium, htmlFile, o.output, path.join(work, 'profile'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const counted = countPdfPages(readFileSync(o.output));
  const info = pdfinfoPages(o.output);
  if (info !== undefined && info !== counted) throw new Error(`pdfinfo says ${info} pages, the page objects say ${counted}`);
  return counted;
}

export function main(argv: readonly string[]): number {
  const o = parseArgs(argv);
  if (o === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (typeof o === 'string') {
    console.error(`one-pager: ${o}\n\n${USAGE}`);
    return 2;
  }
  try {
    const pages = buildOnePager(o);
    if (pages !== 1) {
      console.error(`one-pager: ${path.relative(root, o.output)} has ${pages} pages, not one: shorten ${path.relative(root, o.input)}`);
      return 1;
    }
    console.log(`one-pager: wrote ${path.relative(root, o.output)} (1 page, ${statSync(o.output).size} bytes)`);
    return 0;
  } catch (err) {
    console.error(`one-pager: ${(err as Error).message}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url;
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
