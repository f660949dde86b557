import { noFailures, type Account, type Household, type Kind, type Plan, type Restriction } from '../../src/domain/accounts.js';
import { FakeHasher } from './context.js';

export const PASSWORDS = { admin: 'admin-password', member: 'member-password' } as const;

export function account(name: string, kind: Kind, options: { pin?: string; restriction?: Restriction; password?: string } = {}): Account {
  return {
    name,
    kind,
    email: null,
    restriction: kind === 'managed' ? (options.restriction ?? 'none') : null,
    passwordHash: kind === 'managed' ? null : FakeHasher.hashOf(options.password ?? PASSWORDS[kind]),
    pinHash: options.pin === undefined ? null : FakeHasher.hashOf(options.pin),
    failures: noFailures(),
  };
}

/** alice (admin), bob (member), kid1 and kid2 (managed), with the PINs given. */
export function household(pins: { alice?: string; bob?: string; kid1?: string; kid2?: string } = {}, plan: Plan = 'pass'): Household {
  return {
    version: 2,
    sequence: 0,
    plan,
    accounts: [
      account('alice', 'admin', { pin: pins.alice }),
      account('bob', 'member', { pin: pins.bob }),
      account('kid1', 'managed', { pin: pins.kid1, restriction: 'younger-kid' }),
      account('kid2', 'managed', { pin: pins.kid2 }),
    ],
  };
}

/**
 * A store written before version 2: `straße` and `STRASSE` were two names then (the old rule lower-cases
 * only); the new rule makes them one, so `ＳＴＲＡＳＳＥ` fits both.
 */
export function legacyHousehold(): Household {
  const h = household();
  h.accounts.push(account('straße', 'member'), account('STRASSE', 'member'));
  return h;
}
