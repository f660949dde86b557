#!/bin/sh
# Clears the PIN of every managed account, for cron: no prompt, no secret, one lock.
# crontab line:  0 7 * * *  /usr/local/bin/clear-managed-pins.sh /srv/household/household.json
# Exit codes are household's own: 75 (store busy) is worth a retry, anything else non-zero needs a look.
set -eu
store=${1:?usage: clear-managed-pins.sh STORE}
household --store "$store" --no-input pin remove --all-managed --json
