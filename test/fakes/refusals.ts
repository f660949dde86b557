import { describe, expect, test } from '@jest/globals';
import { HouseholdError } from '../../src/domain/errors.js';

/** What a promise was rejected with; a promise that resolves fails the test. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

/** What a function threw; one that returns fails the test. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** The HouseholdError a function threw (anything else fails the test). */
export function refusalOf(run: () => unknown): HouseholdError {
  const thrown = thrownBy(run);
  expect(thrown).toBeInstanceOf(HouseholdError);
  return thrown as HouseholdError;
}

/** The HouseholdError a promise was rejected with (anything else fails the test). */
export async function refusal(promise: Promise<unknown>): Promise<HouseholdError> {
  const thrown = await failure(promise);
  expect(thrown).toBeInstanceOf(HouseholdError);
  return thrown as HouseholdError;
}

/** As the user nobody would: the kernel refuses what a user without the rights may not do. Tests run as root. */
export async function asNobody<T>(run: () => Promise<T>): Promise<T> {
  process.seteuid!(65534);
  try {
    return await run();
  } finally {
    process.seteuid!(0);
  }
}

/** Whether the tests run as root (CI does); run as anybody else, what needs root is skipped. */
export const isRoot = process.getuid?.() === 0;

/** A test that needs root (to become another user); skipped, and so reported, elsewhere. */
export const asRoot = isRoot ? test : test.skip;

/** A describe whose tests all need root; skipped, and so reported, elsewhere. */
export const describeAsRoot = isRoot ? describe : describe.skip;

/** Why a test is skipped when not run as root, for its name (Jest lists skipped tests by name with --verbose). */
export const NEEDS_CHOWN = '(needs root: chown to another user)';

/**
 * As a user without the rights: as root (CI), the user nobody, whom root's private files keep out; run by
 * anybody else, that user, kept out of their own files by `withhold`, which returns how to give them back.
 */
export async function withoutRights<T>(withhold: () => () => void, run: () => Promise<T>): Promise<T> {
  if (isRoot) return asNobody(run);
  const giveBack = withhold();
  try {
    return await run();
  } finally {
    giveBack();
  }
}
