// Starts a real `sardesk serve --demo` on a fresh data folder and a free
// port, for the end-to-end tests; stop() ends it and removes the folder.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export async function startServer({ bin = process.env.SARDESK_BIN, web = process.env.SARDESK_WEB } = {}) {
  if (!bin) throw new Error('set SARDESK_BIN to the sardesk executable (ctest does)');
  const data = await mkdtemp(path.join(os.tmpdir(), 'sardesk-web-e2e-'));
  const args = ['--data', data, 'serve', '--host', '127.0.0.1', '--port', '0', '--demo'];
  if (web) args.push('--web', web);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sardesk did not start in 60 s:\n${log}`)), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sardesk exited with ${code} before listening:\n${log}`));
    });
  });
  return {
    url,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(data, { recursive: true, force: true });
    },
  };
}
