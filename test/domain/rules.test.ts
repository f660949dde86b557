import { readFileSync } from 'node:fs';
import { ACTIONS, RULES, requiredProof, type Proof } from '../../src/domain/rules.js';

/** How the README's rules table words each proof. */
function readmeWording(proof: Proof, kind: string): string {
  const whose = kind === 'managed' ? 'managed account' : kind;
  switch (proof.kind) {
    case 'nothing':
      return 'nothing';
    case 'current-pin':
      return `the ${whose}'s current PIN`;
    case 'password':
      return `the ${whose}'s password`;
    case 'current-password':
      return `the ${whose}'s current password`;
    case 'new-pin-then-password':
      return `new PIN twice, then the ${whose}'s password`;
    case 'admin-password-then-new':
      return "the admin's password, then the new password twice";
    case 'refused':
      return 'refused';
  }
}

const KIND_NAMES = ['admin', 'managed', 'member'] as const;

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
      'pin verify | admin | with PIN | current-pin',
      'pin verify | admin | without PIN | nothing',
      'pin verify | managed | with PIN | current-pin',
      'pin verify | managed | without PIN | nothing',
      'pin verify | member | with PIN | current-pin',
      'pin verify | member | without PIN | nothing',
      'password set | admin | with PIN | current-password',
      'password set | admin | without PIN | current-password',
      'password set | managed | with PIN | refused',
      'password set | managed | without PIN | refused',
      'password set | member | with PIN | current-password',
      'password set | member | without PIN | current-password',
      'password reset | admin | with PIN | refused',
      'password reset | admin | without PIN | refused',
      'password reset | managed | with PIN | refused',
      'password reset | managed | without PIN | refused',
      'password reset | member | with PIN | admin-password-then-new',
      'password reset | member | without PIN | admin-password-then-new',
    ]);
  });

  test('requiredProof reads the table by whether the account has a PIN', () => {
    expect(requiredProof('pin set', { kind: 'member', pinHash: null }).kind).toBe('password');
    expect(requiredProof('pin set', { kind: 'member', pinHash: '$argon2id$x' }).kind).toBe('current-pin');
  });

  test("the README's rules table says what the code does, row for row", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // The rules table only: from its header to the blank line that ends it.
    const table = readme.slice(readme.indexOf('| action | on the admin | on a managed account | on a member |')).split('\n\n')[0];
    const rows = new Map(
      table
        .split('\n')
        .filter((line) => /^\| `(pin|password) [a-z]+`/.test(line))
        .map((line) => {
          const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
          return [cells[0], cells.slice(1).map((cell) => cell.replace(/[:(].*$/, '').trim())] as const;
        }),
    );
    for (const action of ACTIONS) {
      const byKind = RULES[action];
      const sameEitherWay = KIND_NAMES.every((kind) => byKind[kind]['with PIN'].kind === byKind[kind]['without PIN'].kind);
      const states = sameEitherWay ? [['with PIN', `\`${action}\``]] : [['with PIN', `\`${action}\` on an account with a PIN`], ['without PIN', `\`${action}\` on an account without a PIN`]];
      for (const [state, label] of states as Array<['with PIN' | 'without PIN', string]>) {
        expect([label, rows.get(label)]).toEqual([label, KIND_NAMES.map((kind) => readmeWording(byKind[kind][state], kind))]);
      }
    }
  });
});
