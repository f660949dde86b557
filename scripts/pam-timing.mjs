#!/usr/bin/env node
// Does the time of a refusal through PAM tell whether an account exists? Runs the README's PAM recipe
// with pamtester, alternating a wrong PIN for a known account with a PIN for an unknown one (so a load
// that comes and goes hits both alike), and prints the median of each. The account is unlocked between
// tries, untimed, so the known one never cools off. Needs root (to write /etc/pam.d) and pamtester.
// Usage: node scripts/pam-timing.mjs [--runs N] [--bin PATH]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const RUNS = Number(option('--runs', 50));
const BIN = option('--bin', fileURLToPath(new URL('../bin/household.js', import.meta.url)));

const folder = mkdtempSync(join(tmpdir(), 'household-pam-timing-'));
const store = join(folder, 'data', 'household.json');
const service = `household-timing-${randomBytes(6).toString('hex')}`;
const serviceFile = `/etc/pam.d/${service}`;
const env = { PATH: process.env.PATH, HOME: folder, XDG_CONFIG_HOME: join(folder, 'config'), XDG_DATA_HOME: join(folder, 'data') };

function cli(argv, input = '') {
  const result = spawnSync(process.execPath, [BIN, '--store', store, ...argv], { input, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`household ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
}

/** One pamtester run: its time in ms and what it printed. */
function pamtester(user, typed) {
  const start = performance.now();
  const result = spawnSync('pamtester', [service, user, 'authenticate'], { input: typed, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status === 0) throw new Error(`pamtester ${user} authenticated with a wrong PIN`);
  return { ms, said: (result.stdout + result.stderr).trim() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  cli(['init', '--admin', 'alice', '--plan', 'pass', '--stdin'], 'alice-password\nalice-password\n\n');
  cli(['users', 'add', 'kid1', '--managed']);
  cli(['pin', 'set', 'kid1', '--stdin'], '4829\n4829\n');
  writeFileSync(
    serviceFile,
    `auth [success=ok default=die] pam_exec.so quiet stdout expose_authtok ${BIN} --store ${store} pin verify --stdin --require-pin\naccount required pam_permit.so\n`,
    { mode: 0o644 },
  );
  const known = [];
  const unknown = [];
  const said = { known: new Set(), unknown: new Set() };
  for (let i = 0; i < 3; i += 1) pamtester('nosuchuser', '5038'); // warm the page cache, untimed
  for (let i = 0; i < RUNS; i += 1) {
    const a = pamtester('kid1', '5038');
    cli(['users', 'unlock', 'kid1', '--pin']);
    const b = pamtester('nosuchuser', '5038');
    known.push(a.ms);
    unknown.push(b.ms);
    said.known.add(a.said);
    said.unknown.add(b.said);
  }
  const k = median(known);
  const u = median(unknown);
  console.log(`runs: ${RUNS} each, alternating`);
  console.log(`known account, wrong PIN: median ${k.toFixed(1)} ms`);
  console.log(`unknown account:          median ${u.toFixed(1)} ms`);
  console.log(`difference: ${(((u - k) / k) * 100).toFixed(1)} % of the known median`);
  console.log(`printed for the known account:   ${JSON.stringify([...said.known])}`);
  console.log(`printed for the unknown account: ${JSON.stringify([...said.unknown])}`);
} finally {
  rmSync(serviceFile, { force: true });
  rmSync(folder, { recursive: true, force: true });
}
