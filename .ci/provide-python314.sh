#!/usr/bin/env bash
# The old name of .ci/provide-pythons.sh, kept for scripts that call it: provides 3.14 only.
exec "$(dirname "$0")/provide-pythons.sh" 3.14
