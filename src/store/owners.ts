import { readFileSync } from 'node:fs';

/**
 * A user as an error about ownership names them: the login name from /etc/passwd, or "user id N" when
 * the id has no entry there (a container's user, a deleted one). Read only on that error's path.
 */
export function userName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && /^\d+$/.test(id) && Number(id) === uid) return name;
    }
  } catch {
    // No passwd file to read: the number is all there is.
  }
  return `user id ${uid}`;
}
