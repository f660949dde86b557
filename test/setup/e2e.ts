import { jest } from '@jest/globals';

// The end-to-end project's one timeout, for tests and hooks alike (Jest applies a project's own
// testTimeout option to neither). Its tests start the built CLI, shells, pseudo-terminals and pamtester
// many times over: on a machine whose cores are all busy a CLI start takes a second, not 30 ms.
jest.setTimeout(240_000);
