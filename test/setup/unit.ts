import { jest } from '@jest/globals';

// The unit project's one timeout (Jest applies a project's own testTimeout option to no test: its
// runner reads only the global one). Generous for property tests on a machine whose cores are busy.
jest.setTimeout(60_000);
