import { readFileSync } from 'node:fs';
import { RULES, requiredProof, type Proof } from '../../src/domain/rules.js';

/** How the README's rules table words each proof. */
function readmeWording(proof: Proof, kind: string): string {
  switch (proof.kind) {
    case 'nothing':
      return 'nothing';
    case 'current-pin':
      return `the ${kind}'s current PIN`;
    case 'password':
      return `the ${kind}'s password`;
    case 'new-pin-then-password':
      return `new PIN twice, then the ${kind}'s password`;
    case 'refused':
      return 'refused';
  }
}

describe('the rules table', () => {
  test('every cell, as the contract states it', () => {
    const cells = Object.entries(RULES).flatMap(([action, byKind]) =>
      Object.entries(byKind).flatMap(([kind, byState]) => Object.entries(byState).map(([state, proof]) => `${action} | ${kind} | ${state} | ${proof.kind}`)),
    );
    expect(cells).toEqual([
      'pin set | admin | with PIN | current-pin',
      'pin set | admin | without PIN | nothing',
      'pin set | managed | with PIN | nothing',
      'pin set | managed | without PIN | nothing',
      'pin set | member | with PIN | current-pin',
      'pin set | member | without PIN | password',
      'pin remove | admin | with PIN | current-pin',
      'pin remove | admin | without PIN | nothing',
      'pin remove | managed | with PIN | nothing',
      'pin remove | managed | without PIN | nothing',
      'pin remove | member | with PIN | current-pin',
      'pin remove | member | without PIN | nothing',
      'pin reset | admin | with PIN | new-pin-then-password',
      'pin reset | admin | without PIN | new-pin-then-password',
      'pin reset | managed | with PIN | refused',
      'pin reset | managed | without PIN | refused',
      'pin reset | member | with PIN | new-pin-then-password',
      'pin reset | member | without PIN | new-pin-then-password',
    ]);
  });

  test('requiredProof reads the table by whether the account has a PIN', () => {
    expect(requiredProof('pin set', { kind: 'member', pinHash: null }).kind).toBe('password');
    expect(requiredProof('pin set', { kind: 'member', pinHash: '$argon2id$x' }).kind).toBe('current-pin');
  });

  test("the README's rules table says what the code does", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = new Map(
      readme
        .split('\n')
        .filter((line) => /^\| `pin (set|remove|reset)`/.test(line))
        .map((line) => {
          const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
          return [cells[0], cells.slice(1)] as const;
        }),
    );
    for (const [action, byKind] of Object.entries(RULES)) {
      for (const state of ['with PIN', 'without PIN'] as const) {
        const row = rows.get(`\`${action}\` ${state === 'with PIN' ? 'on an account with a PIN' : 'on an account without a PIN'}`);
        expect(row).toBeDefined();
        const expected = (['admin', 'managed', 'member'] as const).map((kind) => readmeWording(byKind[kind][state], kind));
        expect(row!.map((cell) => cell.replace(/[:(].*$/, '').trim())).toEqual(expected);
      }
    }
  });
});
