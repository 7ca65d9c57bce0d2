// Builds the officer's web application into OUT (default ../build/web):
// one JavaScript bundle and one style sheet with content hashes in their
// names, and index.html pointing at them. See docs/web.md.
import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPortal } from './build-portal.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '..', 'build', 'web'));

// GOV.UK Frontend's compiled CSS (MIT). Its typeface, GDS Transport, may be
// used only on GOV.UK, so the @font-face rules go and Arial stands in, as the
// Design System advises for services outside GOV.UK.
async function govukCss() {
  const css = await readFile(path.join(here, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8');
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/"GDS Transport",\s*/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
}

// Only what an earlier build wrote goes: the folder may hold other files.
await mkdir(out, { recursive: true });
for (const name of await readdir(out)) {
  if (/^(app|style)-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(name) || name === 'index.html') await rm(path.join(out, name));
}
// A fixed place beside the output, so the same sources give the same hashes.
const vendorDir = `${out}-vendor`;
await mkdir(vendorDir, { recursive: true });
const vendorCss = path.join(vendorDir, 'govuk-frontend.css');
await writeFile(vendorCss, await govukCss());

const result = await esbuild.build({
  entryPoints: { app: path.join(here, 'src/main.js'), style: path.join(here, 'src/style.css') },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  // GOV.UK Frontend keeps an old-browser media hack that esbuild warns about.
  logOverride: { 'css-syntax-error': 'silent' },
  alias: { 'govuk-css': vendorCss },
  external: ['/assets/*'],
});
await buildPortal(out, vendorCss);  // the requester portal, its own bundle (docs/portal.md)
await rm(vendorDir, { recursive: true, force: true });

const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
const js = outputs.find((f) => /^app-.*\.js$/.test(f));
const css = outputs.find((f) => /^style-.*\.css$/.test(f));
const html = (await readFile(path.join(here, 'index.html'), 'utf8')).replace('{{APP_JS}}', js).replace('{{STYLE_CSS}}', css);
await writeFile(path.join(out, 'index.html'), html);
console.log(`web application built in ${out} (${js}, ${css})`);
