import { completionScript } from '../../src/cli/generators/completion.js';
import { buildProgram } from '../../src/cli/program.js';
import { completionRun } from '../../src/commands/completion.js';
import { Capture, testContext } from '../fakes/context.js';
import '../fakes/every-command.js';

describe('completion', () => {
  const program = () => buildProgram(async () => {}, { stdout: new Capture(), stderr: new Capture(), cwd: '/', env: {} });

  test('the script on stdout as it is, nothing on stderr', async () => {
    const script = completionScript(await program(), 'bash');
    const ctx = testContext();
    await completionRun(ctx, { shell: 'bash', script: () => script });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual([script, '']);
    expect(script).toContain('household');
  });

  test('--json: the shell and the script as its text', async () => {
    const script = completionScript(await program(), 'fish');
    const ctx = testContext({ json: true });
    await completionRun(ctx, { shell: 'fish', script: () => script });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ shell: 'fish', text: script });
  });
});
