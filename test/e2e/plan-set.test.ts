import { Sandbox } from './cli.js';

/** `plan set` from the built CLI. (What the free plan refuses: users-add.test.ts.) */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

describe('plan set, end to end', () => {
  test('plan set with --json', async () => {
    await box.init();
    const result = await box.run(['plan', 'set', 'free', '--json']);
    expect([result.code, JSON.parse(result.stdout)]).toEqual([0, { plan: 'free', previous: 'pass' }]);
  });
});
