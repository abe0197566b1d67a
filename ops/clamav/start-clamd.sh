#!/usr/bin/env bash
# Start clamd on a local socket with only the signatures committed in ops/clamav/db
# (the EICAR test signature): no freshclam, no downloads. Used by .ci/run and the
# test fixtures. Prints the socket path. Usage: ops/clamav/start-clamd.sh [RUN_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="${1:-${TMPDIR:-/tmp}/sop-clamd}"
mkdir -p "$run"
socket="$run/clamd.sock"
ping() {
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(sys.argv[1]); s.sendall(b"zPING\0"); sys.exit(0 if s.recv(8).startswith(b"PONG") else 1)' "$socket" 2>/dev/null
}
if [ -S "$socket" ] && ping; then
  echo "$socket"; exit 0
fi
command -v clamd >/dev/null 2>&1 || { echo "clamd is not installed (make clamav-deps)" >&2; exit 1; }
sed -e "s|@RUN@|$run|g" -e "s|@DB@|$here/db|g" "$here/clamd.conf.in" > "$run/clamd.conf"
clamd --config-file="$run/clamd.conf"
for _ in $(seq 1 100); do
  [ -S "$socket" ] && ping && { echo "$socket"; exit 0; }
  sleep 0.1
done
echo "clamd did not open $socket" >&2; exit 1
