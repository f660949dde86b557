#!/bin/sh
# household-clear-managed-pins STORE: clears the PIN of every managed account, for cron (no prompt, no
# secret, one lock, one log line). npm installs it beside household (package.json "bin").
# Exit codes are household's own: 75 (store busy) is worth a retry, anything else non-zero needs a look.
set -eu
# The caller's PATH (the crontab's), with one addition: the folder this was run from, when household is
# there too, so that /opt/household/bin/household-clear-managed-pins finds its household even under
# cron's PATH=/usr/bin:/bin. Node comes from PATH: when it is not in /usr/bin, set PATH in the crontab.
here=$(dirname "$0")
if [ -x "$here/household" ]; then PATH=$here${PATH:+:$PATH}; fi
store=${1:?usage: household-clear-managed-pins STORE}
exec household --store "$store" --no-input pin remove --all-managed --json
