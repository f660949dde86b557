import type { Actor } from '../domain/audit.js';

const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** Hex groups and colons (at least one colon), an IPv4 tail allowed (::ffff:1.2.3.4), an optional %zone. */
const IPV6 = /^(?=[0-9A-Fa-f.]*:)[0-9A-Fa-f:.]{2,45}(%[0-9A-Za-z_.-]{1,16})?$/;

/**
 * Whether the first word of $SSH_CONNECTION looks like the address sshd puts there. Anyone can set the
 * variable; this keeps a word that is no address at all ("garbage") out of the log's `from`. (Not
 * node:net's isIP: loading node:net costs more start-up than this check.)
 */
function isAddress(text: string): boolean {
  return IPV4.test(text) || IPV6.test(text);
}

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
    from: client && isAddress(client) ? client : null,
  };
}
