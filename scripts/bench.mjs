#!/usr/bin/env node
// Start-up benchmark: whole processes, A/B alternating against `node -e 0` in the same run, so the
// ratios hold on a shared, noisy machine. Usage: npm run bench [-- --pairs N --json FILE --bin PATH]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const PAIRS = Number(option('--pairs', 30));
const WARMUP = 3;
const jsonFile = option('--json', undefined);

// --bin measures another build (say, an older commit's checkout) with this same script.
const BIN = option('--bin', fileURLToPath(new URL('../bin/household.js', import.meta.url)));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'household-bench-'));
const store = join(folder, 'household.json');
const template = join(folder, 'template.json');
const env = { PATH: process.env.PATH, HOME: folder, XDG_CONFIG_HOME: join(folder, 'config'), XDG_DATA_HOME: join(folder, 'data') };

function cli(argv, input = '') {
  const result = spawnSync(process.execPath, [BIN, '--store', store, ...argv], { input, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`household ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result;
}

// The demo household: an admin with PIN 2580 and 14 managed accounts with PINs, 15 in all.
cli(['init', '--admin', 'admin', '--plan', 'pass', '--stdin'], 'admin-password\nadmin-password\n2580\n2580\n');
for (let i = 1; i <= 14; i += 1) {
  cli(['users', 'add', `kid${i}`, '--managed']);
  cli(['pin', 'set', `kid${i}`, '--stdin'], '1234\n1234\n');
}
copyFileSync(store, template);
// The audit log beside the store: restored with it, so every timed change appends to the same log.
// (A build from before the audit log, measured with --bin, has none.)
const hasLog = existsSync(`${store}.log`);
if (hasLog) copyFileSync(`${store}.log`, `${template}.log`);
// The same household where a call without --store or $HOUSEHOLD_STORE finds it: the XDG data folder,
// with no config file (XDG_CONFIG_HOME names a folder that does not exist), as most people run it.
const defaultStore = join(env.XDG_DATA_HOME, 'household', 'household.json');
mkdirSync(join(env.XDG_DATA_HOME, 'household'), { recursive: true, mode: 0o700 });
copyFileSync(template, defaultStore);
if (hasLog) copyFileSync(`${template}.log`, `${defaultStore}.log`);

/**
 * One argon2 verify with the store's parameters, timed inside a fresh process (after argon2 is loaded):
 * what `pin remove ADMIN` cannot avoid paying, including the first call's thread start and the page
 * faults of its 19 MiB. A verify timed in this long-running process would be cheaper than any CLI's.
 */
async function oneVerifyMs() {
  const argon2 = await import('argon2');
  const hash = await argon2.hash('2580', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const program = `const argon2 = require('argon2');
const start = performance.now();
argon2.verify(process.argv[1], '2580').then(() => console.log(performance.now() - start));`;
  const times = [];
  for (let i = 0; i < 12; i += 1) {
    const result = spawnSync(process.execPath, ['-e', program, hash], { env: { ...env, NODE_PATH: join(projectRoot, 'node_modules') }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`timing one verify failed: ${result.stderr}`);
    times.push(Number(result.stdout.trim()));
  }
  return median(times.slice(2));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed(command, argv, input, options = {}) {
  options.before?.();
  const start = performance.now();
  const result = spawnSync(command, argv, { input, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Peak resident memory (KiB) of one whole run, from wait4's rusage (Node has no API for a child's). */
function peakKiB(argv, input, before) {
  before?.();
  const python = `import os,sys,resource
pid=os.fork()
if pid==0:
    fd=os.open(sys.argv[1],os.O_RDONLY); os.dup2(fd,0); os.dup2(os.open(os.devnull,os.O_WRONLY),1); os.dup2(os.open(os.devnull,os.O_WRONLY),2)
    os.execvp(sys.argv[2],sys.argv[2:])
_,status,usage=os.wait4(pid,0)
print(usage.ru_maxrss)`;
  const inputFile = join(folder, 'input');
  writeFileSync(inputFile, input);
  const result = spawnSync('python3', ['-c', python, inputFile, process.execPath, ...argv], { env, encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

const restore = () => {
  copyFileSync(template, store);
  if (hasLog) copyFileSync(`${template}.log`, `${store}.log`);
};
const FLOOR = ['-e', '0'];
const cases = [
  { name: '--help', argv: [BIN, '--help'], target: 1.2 },
  { name: 'users list --json (15 accounts)', argv: [BIN, '--store', store, 'users', 'list', '--json'], target: 1.2 },
  { name: 'users list (piped)', argv: [BIN, '--store', store, 'users', 'list'] },
  // Without --store or $HOUSEHOLD_STORE: the store preference is looked for (no config file here).
  { name: 'users list --json (default store)', argv: [BIN, 'users', 'list', '--json'], target: 1.2 },
  // What a TAB on an account name runs (see src/cli/generators/completion.ts), on the default store.
  { name: 'completion call: --no-input users list (default store)', argv: [BIN, '--no-input', 'users', 'list'], input: '', target: 1.2 },
  { name: 'pin remove --all-managed (14 managed)', argv: [BIN, '--store', store, 'pin', 'remove', '--all-managed'], before: restore, target: 1.3 },
  // Two locked writes around the verify: the attempt recorded, then taken back with the change and its line.
  { name: 'pin remove ADMIN --stdin (one verify)', argv: [BIN, '--store', store, 'pin', 'remove', 'admin', '--stdin'], input: '2580\n', before: restore, verify: 1.35 },
  // The attempt recorded, then taken back in a write of its own with the verify's line.
  { name: 'pin verify kid1 --stdin (right PIN, one verify)', argv: [BIN, '--store', store, 'pin', 'verify', 'kid1', '--stdin'], input: '1234\n', before: restore, verify: 1.25 },
];

const verifyMs = await oneVerifyMs();
const rows = [];
for (const c of cases) {
  const floors = [];
  const runs = [];
  try {
    for (let i = 0; i < WARMUP + PAIRS; i += 1) {
      const floor = timed(process.execPath, FLOOR, '');
      const run = timed(process.execPath, c.argv, c.input ?? '', { before: c.before });
      if (i >= WARMUP) {
        floors.push(floor);
        runs.push(run);
      }
    }
  } catch (error) {
    // An older build measured with --bin may not have the command: its row is left out, said so.
    console.error(`left out "${c.name}": ${error.message.split('\n')[0]}`);
    continue;
  }
  const ratios = runs.map((run, i) => run / floors[i]);
  const floorMs = median(floors);
  const row = {
    command: c.name,
    medianMs: median(runs),
    floorMs,
    ratio: median(ratios),
    peakKiB: peakKiB(c.argv, c.input ?? '', c.before),
  };
  if (c.target) row.target = c.target;
  if (c.verify) {
    // Against the floor plus one verify: a ratio against node -e 0 alone would mostly measure argon2.
    row.verifyMs = verifyMs;
    row.ratioToFloorPlusVerify = median(runs.map((run, i) => run / (floors[i] + verifyMs)));
    row.target = c.verify;
  }
  rows.push(row);
}
const floorPeak = peakKiB(FLOOR, '');
rmSync(folder, { recursive: true, force: true });

const fmt = (n, digits = 2) => (n === null || n === undefined ? '-' : n.toFixed(digits));
console.log(`node ${process.version}; ${PAIRS} A/B pairs per command after ${WARMUP} warm-up pairs; floor = node -e 0 (peak ${floorPeak} KiB); one argon2 verify timed inside a fresh process = ${fmt(verifyMs, 1)} ms\n`);
console.log('| command | median ms | floor ms | median ratio | target | peak KiB |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const ratio = row.ratioToFloorPlusVerify !== undefined ? `${fmt(row.ratioToFloorPlusVerify)} of floor + verify (${fmt(row.ratio)} of floor)` : fmt(row.ratio);
  const target = row.target ? `≤ ${row.target}${row.ratioToFloorPlusVerify !== undefined ? ' of floor + verify' : ''}` : '-';
  const met = row.target ? ((row.ratioToFloorPlusVerify ?? row.ratio) <= row.target ? ' ✓' : ' ✗') : '';
  console.log(`| ${row.command} | ${fmt(row.medianMs, 1)} | ${fmt(row.floorMs, 1)} | ${ratio}${met} | ${target} | ${row.peakKiB ?? '-'} |`);
}
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify({ node: process.version, pairs: PAIRS, verifyMs, floorPeakKiB: floorPeak, rows }, null, 2)}\n`);
  console.log(`\nwrote ${jsonFile}`);
}
