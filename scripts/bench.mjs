#!/usr/bin/env node
// Start-up benchmark: whole processes, A/B alternating against `node -e 0` in the same run, so the
// ratios hold on a shared, noisy machine. Usage:
//   npm run bench [-- --pairs N --json FILE --bin PATH --against PATH --only REGEX]
// --only measures the rows whose name matches REGEX (while working on one of them); a whole run is the record.
// --bin measures another build (an older commit's checkout's bin/household.js) instead of this one;
// --against measures a second build in the same run, each of its runs beside this one's and the same
// floor's, so that two builds are compared without the drift between two runs (each build makes its
// own demo household with its own CLI: their stores need not have the same format).
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
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * One build to measure, with its demo household in a temporary folder of its own: an admin with PIN
 * 2580 and 14 managed accounts with PINs, 15 in all; kid2 with allowed hours (v3) where the build has
 * them. Its environment is a clean one whose XDG folders are in that folder.
 */
function setUp(bin) {
  const folder = mkdtempSync(join(tmpdir(), 'household-bench-'));
  const build = {
    bin,
    folder,
    store: join(folder, 'household.json'),
    template: join(folder, 'template.json'),
    env: { PATH: process.env.PATH, HOME: folder, XDG_CONFIG_HOME: join(folder, 'config'), XDG_DATA_HOME: join(folder, 'data') },
    hasHours: true,
  };
  const cli = (argv, input = '') => {
    const result = spawnSync(process.execPath, [bin, '--store', build.store, ...argv], { input, env: build.env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${bin}: household ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result;
  };
  cli(['init', '--admin', 'admin', '--plan', 'pass', '--stdin'], 'admin-password\nadmin-password\n2580\n2580\n');
  for (let i = 1; i <= 14; i += 1) {
    cli(['users', 'add', `kid${i}`, '--managed']);
    cli(['pin', 'set', `kid${i}`, '--stdin'], '4829\n4829\n');
  }
  // Allowed hours for kid2, in a zone with daylight saving, whose windows hold every minute: its rows
  // measure the zone maths of an account within its window whenever the bench runs. A build from
  // before allowed hours has a household without them (and no rows that need them).
  try {
    cli(['timezone', 'Europe/Berlin']);
    cli(['users', 'set', 'kid2', '--hours', 'Mo-Fr 00:00-24:00, Sa-Su 00:00-12:00, Sa-Su 12:00-24:00']);
  } catch {
    build.hasHours = false;
  }
  copyFileSync(build.store, build.template);
  // The audit log beside the store: restored with it, so every timed change appends to the same log.
  build.hasLog = existsSync(`${build.store}.log`);
  if (build.hasLog) copyFileSync(`${build.store}.log`, `${build.template}.log`);
  // The same household where a call without --store or $HOUSEHOLD_STORE finds it: the XDG data folder,
  // with no config file (XDG_CONFIG_HOME names a folder that does not exist), as most people run it.
  const defaultStore = join(build.env.XDG_DATA_HOME, 'household', 'household.json');
  mkdirSync(join(build.env.XDG_DATA_HOME, 'household'), { recursive: true, mode: 0o700 });
  copyFileSync(build.template, defaultStore);
  if (build.hasLog) copyFileSync(`${build.template}.log`, `${defaultStore}.log`);
  build.restore = () => {
    copyFileSync(build.template, build.store);
    if (build.hasLog) copyFileSync(`${build.template}.log`, `${build.store}.log`);
  };
  return build;
}

const builds = [setUp(option('--bin', fileURLToPath(new URL('../bin/household.js', import.meta.url))))];
const against = option('--against', undefined);
if (against) builds.push(setUp(against));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

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
    const result = spawnSync(process.execPath, ['-e', program, hash], { env: { ...builds[0].env, NODE_PATH: join(projectRoot, 'node_modules') }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`timing one verify failed: ${result.stderr}`);
    times.push(Number(result.stdout.trim()));
  }
  return median(times.slice(2));
}

/** Milliseconds of one whole run; null when it fails (a build without that command). */
function timed(argv, input, env, before) {
  before?.();
  const start = performance.now();
  const result = spawnSync(process.execPath, argv, { input, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  return result.status === 0 ? elapsed : null;
}

/** Peak resident memory (KiB) of one whole run, from wait4's rusage (Node has no API for a child's). */
function peakKiB(argv, input, env, before) {
  before?.();
  const python = `import os,sys,resource
pid=os.fork()
if pid==0:
    fd=os.open(sys.argv[1],os.O_RDONLY); os.dup2(fd,0); os.dup2(os.open(os.devnull,os.O_WRONLY),1); os.dup2(os.open(os.devnull,os.O_WRONLY),2)
    os.execvp(sys.argv[2],sys.argv[2:])
_,status,usage=os.wait4(pid,0)
print(usage.ru_maxrss)`;
  const inputFile = join(builds[0].folder, 'input');
  writeFileSync(inputFile, input);
  const result = spawnSync('python3', ['-c', python, inputFile, process.execPath, ...argv], { env, encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

const FLOOR = ['-e', '0'];
/** Each case's command line for a build (its bin and store); `hours`: needs allowed hours. */
const cases = [
  { name: '--help', argv: (b) => [b.bin, '--help'], target: 1.2 },
  { name: 'users list --json (15 accounts)', argv: (b) => [b.bin, '--store', b.store, 'users', 'list', '--json'], target: 1.2 },
  { name: 'users list (piped)', argv: (b) => [b.bin, '--store', b.store, 'users', 'list'] },
  // Without --store or $HOUSEHOLD_STORE: the store preference is looked for (no config file here).
  { name: 'users list --json (default store)', argv: (b) => [b.bin, 'users', 'list', '--json'], target: 1.2 },
  // What a TAB on an account name runs (see src/cli/generators/completion.ts), on the default store.
  { name: 'completion call: --no-input users list (default store)', argv: (b) => [b.bin, '--no-input', 'users', 'list'], input: '', target: 1.2 },
  { name: 'pin remove --all-managed (14 managed)', argv: (b) => [b.bin, '--store', b.store, 'pin', 'remove', '--all-managed'], restore: true, target: 1.3 },
  // Two locked writes around the verify: the attempt recorded, then taken back with the change and its line.
  { name: 'pin remove ADMIN --stdin (one verify)', argv: (b) => [b.bin, '--store', b.store, 'pin', 'remove', 'admin', '--stdin'], input: '2580\n', restore: true, verify: 1.35 },
  // The attempt recorded, then taken back in a write of its own with the verify's line.
  { name: 'pin verify kid1 --stdin (right PIN, one verify)', argv: (b) => [b.bin, '--store', b.store, 'pin', 'verify', 'kid1', '--stdin'], input: '4829\n', restore: true, verify: 1.25 },
  // Allowed hours: the zone maths before the PIN is read, then the same verify as kid1's.
  { name: 'pin verify kid2 --stdin (with hours, within them; one verify)', argv: (b) => [b.bin, '--store', b.store, 'pin', 'verify', 'kid2', '--stdin'], input: '4829\n', restore: true, hours: true, verify: 1.25 },
  // PAM's account phase: a read (an allowed check writes nothing).
  { name: 'hours check kid2 (with hours, within them)', argv: (b) => [b.bin, '--store', b.store, 'hours', 'check', 'kid2'], hours: true, target: 1.25 },
];

const only = option('--only', undefined);
if (only !== undefined) cases.splice(0, cases.length, ...cases.filter((c) => new RegExp(only).test(c.name)));
const verifyMs = await oneVerifyMs();
const rows = [];
for (const c of cases) {
  const floors = [];
  // Per build: its runs, or null once one failed (left out, said so).
  const runs = builds.map((b) => (c.hours && !b.hasHours ? null : []));
  for (let i = 0; i < WARMUP + PAIRS; i += 1) {
    const floor = timed(FLOOR, '', builds[0].env);
    if (i >= WARMUP) floors.push(floor);
    // Each build in turn, in the other order every other pair, so that neither always runs first.
    const order = i % 2 === 0 ? builds.map((_, k) => k) : builds.map((_, k) => builds.length - 1 - k);
    for (const k of order) {
      if (runs[k] === null) continue;
      const b = builds[k];
      const ms = timed(c.argv(b), c.input ?? '', b.env, c.restore ? b.restore : undefined);
      if (ms === null) {
        console.error(`left out "${c.name}" for ${b.bin}: it failed`);
        runs[k] = null;
      } else if (i >= WARMUP) runs[k].push(ms);
    }
  }
  const measure = (k) => {
    if (runs[k] === null) return null;
    const b = builds[k];
    const result = { medianMs: median(runs[k]), ratio: median(runs[k].map((run, i) => run / floors[i])) };
    // Against the floor plus one verify: a ratio against node -e 0 alone would mostly measure argon2.
    if (c.verify) result.ratioToFloorPlusVerify = median(runs[k].map((run, i) => run / (floors[i] + verifyMs)));
    if (k === 0) result.peakKiB = peakKiB(c.argv(b), c.input ?? '', b.env, c.restore ? b.restore : undefined);
    return result;
  };
  const row = { command: c.name, floorMs: median(floors), ...measure(0) };
  if (c.target || c.verify) row.target = c.target ?? c.verify;
  if (builds.length > 1) row.against = measure(1);
  if (runs[0] !== null || row.against) rows.push(row);
}
const floorPeak = peakKiB(FLOOR, '', builds[0].env);
for (const b of builds) rmSync(b.folder, { recursive: true, force: true });

const fmt = (n, digits = 2) => (n === null || n === undefined ? '-' : n.toFixed(digits));
const ratioOf = (m) => (m === null || m === undefined || m.ratio === undefined ? '-' : m.ratioToFloorPlusVerify !== undefined ? `${fmt(m.ratioToFloorPlusVerify)} of floor + verify (${fmt(m.ratio)} of floor)` : fmt(m.ratio));
console.log(`node ${process.version}; ${PAIRS} A/B pairs per command after ${WARMUP} warm-up pairs; floor = node -e 0 (peak ${floorPeak} KiB); one argon2 verify timed inside a fresh process = ${fmt(verifyMs, 1)} ms`);
if (against) console.log(`this build: ${builds[0].bin}; against: ${against}, in the same runs`);
console.log('');
console.log(`| command | median ms | floor ms | median ratio | target |${against ? ' against: median ms | against: median ratio |' : ''} peak KiB |`);
console.log(`| --- | --- | --- | --- | --- |${against ? ' --- | --- |' : ''} --- |`);
for (const row of rows) {
  const verify = row.ratioToFloorPlusVerify !== undefined;
  const target = row.target ? `≤ ${row.target}${verify ? ' of floor + verify' : ''}` : '-';
  const met = row.target && row.ratio !== undefined ? ((row.ratioToFloorPlusVerify ?? row.ratio) <= row.target ? ' ✓' : ' ✗') : '';
  const second = against ? ` ${fmt(row.against?.medianMs, 1)} | ${ratioOf(row.against)} |` : '';
  console.log(`| ${row.command} | ${fmt(row.medianMs, 1)} | ${fmt(row.floorMs, 1)} | ${ratioOf(row)}${met} | ${target} |${second} ${row.peakKiB ?? '-'} |`);
}
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify({ node: process.version, pairs: PAIRS, verifyMs, floorPeakKiB: floorPeak, against: against ?? null, rows }, null, 2)}\n`);
  console.log(`\nwrote ${jsonFile}`);
}
