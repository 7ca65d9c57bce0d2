// Builds the requester portal (docs/portal.md) into OUT/portal: its own
// bundle and style sheet with content hashes, and index.html pointing at
// them. Called by build.mjs with the GOV.UK style sheet it prepared.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildPortal(out, vendorCss) {
  const dir = path.join(out, 'portal');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { portal: path.join(here, 'src/portal/main.js'), 'portal-style': path.join(here, 'src/portal/style.css') },
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    outdir: dir,
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    logOverride: { 'css-syntax-error': 'silent' },
    alias: { 'govuk-css': vendorCss },
    external: ['/assets/*'],
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => /^portal-[A-Z0-9]+\.js$/.test(f));
  const css = outputs.find((f) => /^portal-style-.*\.css$/.test(f));
  const html = (await readFile(path.join(here, 'portal.html'), 'utf8')).replace('{{PORTAL_JS}}', js).replace('{{PORTAL_CSS}}', css);
  await writeFile(path.join(dir, 'index.html'), html);
  console.log(`requester portal built in ${dir} (${js}, ${css})`);
}
