#!/usr/bin/env bash
# A throwaway demo household in a temporary folder: nothing outside it is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/household.cjs ] || npm run build --silent
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
household() { node bin/household.js --store "$folder/household.json" "$@"; }

# Secrets come on standard input with --stdin, one per line, in the order the prompts would ask.
printf 'demo-password\ndemo-password\n2580\n2580\n' | household init --admin alice --plan pass --stdin
printf 'bob-password\nbob-password\n' | household users add bob --member --stdin
household users add kid1 --managed --restriction younger-kid
household users add kid2 --managed
printf '4829\n4829\n' | household pin set kid1 --stdin
household users list
