#!/usr/bin/env bash
# Start a one-node Ceph cluster (memstore, no disk, no auth) with a RADOS Gateway
# on 127.0.0.1:${RGW_PORT:-7480}; everything lives under $1 (default /tmp/portfolio-rgw).
# Usage: ops/s3/rgw.sh start [DIR] | ops/s3/rgw.sh stop [DIR]
# Prints S3 credentials as shell assignments when the S3 user is ready.
set -euo pipefail
cmd="${1:-start}"
dir="$(realpath -m "${2:-/tmp/portfolio-rgw}")"
port="${RGW_PORT:-7480}"
key="${S3_ACCESS_KEY:-portfolio}"
secret="${S3_SECRET_KEY:-portfolio-secret}"
conf="$dir/ceph.conf"

stop() {
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop [DIR]" >&2; exit 2; }

stop
rm -rf "$dir"
mkdir -p "$dir"/{run,log,mon,osd}
fsid="$(cat /proc/sys/kernel/random/uuid)"
cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
public network = 127.0.0.1/32
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = $dir/run
admin socket = $dir/run/\$cluster-\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd max object name len = 256
osd max object namespace len = 64
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
ms mon client mode = crc
auth client required = none
rgw dns name = 127.0.0.1
CONF
C=(-c "$conf")
monmaptool --create --clobber --fsid "$fsid" --addv a '[v2:127.0.0.1:3300,v1:127.0.0.1:6789]' "$dir/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$dir/monmap" >/dev/null
ceph-mon "${C[@]}" -i a 2>/dev/null
osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
ceph "${C[@]}" osd new "$osd_uuid" 0 >/dev/null
ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
ceph-osd "${C[@]}" -i 0 2>/dev/null
mkdir -p "$dir/rgw"
radosgw "${C[@]}" -n client.rgw.a -f >"$dir/log/radosgw.out" 2>&1 &
echo $! >"$dir/run/client.rgw.a.pid"
radosgw-admin "${C[@]}" user create --uid=portfolio --display-name=portfolio \
  --access-key="$key" --secret-key="$secret" >/dev/null
for _ in $(seq 1 300); do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)"
  [ "$code" = 200 ] && break
  sleep 0.1
done
[ "$code" = 200 ] || { echo "radosgw did not answer on 127.0.0.1:$port" >&2; exit 1; }
echo "S3_ENDPOINT_URL=http://127.0.0.1:$port"
echo "S3_ACCESS_KEY=$key"
echo "S3_SECRET_KEY=$secret"
