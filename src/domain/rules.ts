import type { Account, Kind, Plan } from './accounts.js';
import { HouseholdError } from './errors.js';

/**
 * Who must prove what: the contract's rules table as data. Handlers ask `requiredProof`; the README's
 * table is this one, and test/domain/rules.test.ts walks every cell and reads the README against it.
 */
export const ACTIONS = ['pin set', 'pin remove', 'pin reset', 'pin verify', 'password set', 'password reset'] as const;
export type Action = (typeof ACTIONS)[number];

export type Proof =
  | { kind: 'nothing' }
  /** The account's current PIN. */
  | { kind: 'current-pin' }
  /** The account's password (a member setting a first PIN). */
  | { kind: 'password' }
  /** The account's current password, before a new one is typed twice. */
  | { kind: 'current-password' }
  /** `pin reset`: the new PIN twice, then the account's password. */
  | { kind: 'new-pin-then-password' }
  /** `password reset`: the admin's password, then the new password twice. */
  | { kind: 'admin-password-then-new' }
  | { kind: 'refused'; rule: string };

export type PinState = 'with PIN' | 'without PIN';

const NOTHING: Proof = { kind: 'nothing' };
const CURRENT_PIN: Proof = { kind: 'current-pin' };
const PASSWORD: Proof = { kind: 'password' };
const CURRENT_PASSWORD: Proof = { kind: 'current-password' };
const RESET: Proof = { kind: 'new-pin-then-password' };
const ADMIN_VOUCHES: Proof = { kind: 'admin-password-then-new' };
const NO_PASSWORD = 'a managed account has no password';

/** The same proof whether or not the account has a PIN. */
function either(proof: Proof): Record<PinState, Proof> {
  return { 'with PIN': proof, 'without PIN': proof };
}

export const RULES: Record<Action, Record<Kind, Record<PinState, Proof>>> = {
  'pin set': {
    admin: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
    managed: { 'with PIN': NOTHING, 'without PIN': NOTHING },
    member: { 'with PIN': CURRENT_PIN, 'without PIN': PASSWORD },
  },
  'pin remove': {
    admin: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
    managed: { 'with PIN': NOTHING, 'without PIN': NOTHING },
    member: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
  },
  'pin reset': {
    admin: either(RESET),
    managed: {
      'with PIN': { kind: 'refused', rule: `${NO_PASSWORD} to reset its PIN with; pin set and pin remove need no proof for it` },
      'without PIN': { kind: 'refused', rule: `${NO_PASSWORD} to reset its PIN with; pin set needs no proof for it` },
    },
    member: either(RESET),
  },
  'pin verify': {
    admin: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
    managed: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
    member: { 'with PIN': CURRENT_PIN, 'without PIN': NOTHING },
  },
  'password set': {
    admin: either(CURRENT_PASSWORD),
    managed: either({ kind: 'refused', rule: `${NO_PASSWORD} to set` }),
    member: either(CURRENT_PASSWORD),
  },
  'password reset': {
    admin: either({
      kind: 'refused',
      rule: 'nobody can vouch for the admin; the admin changes it with household password set, knowing the current one',
    }),
    managed: either({ kind: 'refused', rule: `${NO_PASSWORD} to reset` }),
    member: either(ADMIN_VOUCHES),
  },
};

export function requiredProof(action: Action, account: Pick<Account, 'kind' | 'pinHash'>): Proof {
  return RULES[action][account.kind][account.pinHash !== null ? 'with PIN' : 'without PIN'];
}

export function refusal(action: Action, account: Pick<Account, 'name'>, rule: string): HouseholdError {
  return new HouseholdError('REFUSED', `refused: ${action} on ${account.name}: ${rule}`);
}

/** Throws the rule's refusal (77) when the table refuses `action` on `account`; no typing is needed to know. */
export function ensureAllowed(action: Action, account: Account): Exclude<Proof, { kind: 'refused' }> {
  const proof = requiredProof(action, account);
  if (proof.kind === 'refused') throw refusal(action, account, proof.rule);
  return proof;
}

/** Managed accounts need the paid plan, as on the media server this is modelled on. */
export function ensureCanAddManaged(plan: Plan): void {
  if (plan !== 'pass') {
    throw new HouseholdError(
      'REFUSED',
      `refused by the plan rule: managed accounts need the household plan pass (this household is on ${plan})`,
      (household) => `${household} plan set pass`,
    );
  }
}

export function ensureCanRemove(account: Account): void {
  if (account.kind === 'admin') {
    throw new HouseholdError('REFUSED', `refused: ${account.name} is the admin, and the admin cannot be removed`);
  }
}
