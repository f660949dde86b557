import type { Account, Kind, Plan } from './accounts.js';
import { HouseholdError } from './errors.js';

/**
 * Who must prove what: the contract's rules table as data. Handlers ask `requiredProof`; the README's
 * table is this one, and test/domain/rules.test.ts walks every cell.
 */
export type PinAction = 'pin set' | 'pin remove' | 'pin reset';

export type Proof =
  | { kind: 'nothing' }
  | { kind: 'current-pin' }
  | { kind: 'password' }
  /** `pin reset`: the new PIN twice, then the account's password. */
  | { kind: 'new-pin-then-password' }
  | { kind: 'refused'; rule: string };

type PinState = 'with PIN' | 'without PIN';

const NOTHING: Proof = { kind: 'nothing' };
const CURRENT_PIN: Proof = { kind: 'current-pin' };
const PASSWORD: Proof = { kind: 'password' };
const RESET: Proof = { kind: 'new-pin-then-password' };

export const RULES: Record<PinAction, Record<Kind, Record<PinState, Proof>>> = {
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
    admin: { 'with PIN': RESET, 'without PIN': RESET },
    managed: {
      'with PIN': {
        kind: 'refused',
        rule: 'a managed account has no password to reset its PIN with; pin set and pin remove need no proof for it',
      },
      'without PIN': {
        kind: 'refused',
        rule: 'a managed account has no password to reset its PIN with; pin set needs no proof for it',
      },
    },
    member: { 'with PIN': RESET, 'without PIN': RESET },
  },
};

export function requiredProof(action: PinAction, account: Pick<Account, 'kind' | 'pinHash'>): Proof {
  return RULES[action][account.kind][account.pinHash !== null ? 'with PIN' : 'without PIN'];
}

/** Managed accounts need the paid plan, as on the media server this is modelled on. */
export function ensureCanAddManaged(plan: Plan): void {
  if (plan !== 'pass') {
    throw new HouseholdError(
      'REFUSED',
      `refused by the plan rule: managed accounts need the household plan pass (this household is on ${plan})`,
      'household plan set pass',
    );
  }
}

export function ensureCanRemove(account: Account): void {
  if (account.kind === 'admin') {
    throw new HouseholdError('REFUSED', `refused: ${account.name} is the admin, and the admin cannot be removed`);
  }
}
