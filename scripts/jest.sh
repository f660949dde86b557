#!/bin/sh
# Jest as npm test and npm run test:slow run it (arguments are Jest's: a config, test files, -t NAME).
# ES modules under Jest need Node's VM modules, an experimental feature whose warning says nothing new at
# every run: it is the only warning turned off.
exec node --experimental-vm-modules --disable-warning=ExperimentalWarning "$(dirname "$0")/../node_modules/jest/bin/jest.js" "$@"
