#!/bin/sh
# Clears the PIN of every managed account, for cron: no prompt, no secret, one lock, one log line.
# crontab line:  0 7 * * *  /usr/local/bin/clear-managed-pins.sh /srv/household/household.json
# Exit codes are household's own: 75 (store busy) is worth a retry, anything else non-zero needs a look.
set -eu
# cron runs jobs with PATH=/usr/bin:/bin; npm installs household (and often node) under /usr/local/bin.
PATH=/usr/local/bin:/usr/bin:/bin
store=${1:?usage: clear-managed-pins.sh STORE}
exec household --store "$store" --no-input pin remove --all-managed --json
