import type { Actor } from '../domain/audit.js';

/**
 * Who runs this command, for the audit log: the login name of the process's user (looked up from its
 * uid, not taken from $USER, which anyone can set), $SUDO_USER (set by sudo, which clears the rest of
 * the environment), and the SSH client's address from $SSH_CONNECTION. Asked only when a line is written.
 */
export function processActor(env: Record<string, string | undefined>): Actor {
  let user: string;
  try {
    user = process.getBuiltinModule('node:os').userInfo().username;
  } catch {
    // A uid with no passwd entry (a container's): its number is all there is.
    user = `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  const client = env.SSH_CONNECTION?.split(' ')[0];
  return {
    user,
    sudoUser: env.SUDO_USER || null,
    from: client && /^[0-9A-Fa-f:.%a-z]{2,64}$/.test(client) ? client : null,
  };
}
