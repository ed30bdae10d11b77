/**
 * `npm run dev`: everything a newcomer needs, in one command — a local libSQL server on
 * .data/dev.db (port 8080), migrations, demo data on an empty database, and the Worker under
 * `wrangler dev` on http://localhost:8787. Writes .dev.vars from .dev.vars.example (with a
 * fresh random pepper) the first time. Ctrl-C stops it all.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startStack } from './stack';

const devVars = join(ROOT, '.dev.vars');
if (!existsSync(devVars)) {
  const example = readFileSync(join(ROOT, '.dev.vars.example'), 'utf8');
  writeFileSync(devVars, example.replace(/^OTP_PEPPER=.*$/m, `OTP_PEPPER=${randomBytes(32).toString('base64')}`));
  console.log('Wrote .dev.vars (local settings; not committed).');
}

const dbPort = Number(process.env.LIBSQL_PORT ?? 8080);
const appPort = Number(process.env.PORT ?? 8787);
const stack = await startStack({
  dbFile: join(ROOT, '.data', 'dev.db'),
  dbPort,
  appPort,
  inheritOutput: true,
});
console.log(`
Pawtal is running: http://localhost:${appPort}
  Sign in as the demo parent: (206) 555-0100 — the code is at http://localhost:${appPort}/dev/outbox
  Second demo parent (grooming business without the beta): +44 20 7946 0001
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
