#!/usr/bin/env bash
# The fault suite starts a redis-server of its own; install it where it is missing.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  AS_ROOT=()
  if [ "$(id -u)" -ne 0 ]; then AS_ROOT=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  "${AS_ROOT[@]}" apt-get update -q
  "${AS_ROOT[@]}" apt-get install -y -q redis-server
fi
