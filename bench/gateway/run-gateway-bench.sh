#!/usr/bin/env bash
# The gateway's rates, all in one run (docs/benchmarks.md, "Gateway"): N synthetic 512×512 16-bit
# slices sent by DCMTK storescu over loopback
#   1. straight to Orthanc (the reference acknowledgement rate);
#   2. to the gateway (Forward:Mode Async), which forwards ciphertext to a second Orthanc:
#      acknowledgement rate as storescu sees it, and the end-to-end drain rate until that Orthanc
#      holds every instance;
#   3. dcg bench cipher for the same key's G at 512 with the gateway's thread count and batch.
# The key is a 2-step key of the quick preset's architecture: its G costs what a trained key's does.
#
# Usage: bench/gateway/run-gateway-bench.sh [--instances 100] [--threads 1] [--batch 1] [--cipher-seconds 20] [--no-build]
# Every process it starts is stopped on exit; the work folder is removed.
set -euo pipefail

INSTANCES=100 THREADS=1 BATCH=1 BUILD=1 CIPHER_SECONDS=20
while [ $# -gt 0 ]; do
    case "$1" in
        --instances) INSTANCES=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --batch) BATCH=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --cipher-seconds) CIPHER_SECONDS=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "run-gateway-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/dcg-gateway-bench-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if [ "$BUILD" = 1 ]; then
    dotnet build "$repo/src/DicomCipherGateway" -c Release --nologo -v q >/dev/null
    dotnet build "$repo/src/DicomCipherGateway.Cli" -c Release --nologo -v q >/dev/null
fi
dcg() { dotnet "$repo/src/DicomCipherGateway.Cli/bin/Release/net10.0/dcg.dll" "$@"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
wait_http() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }
# No python here: the drain loop polls this, and a python start per poll (~40 ms of CPU, 5 a second)
# would compete with the gateway for the run's share of the machine.
count() { curl -sf "http://127.0.0.1:$1/statistics" | grep -o '"CountInstances" *: *[0-9]*' | grep -o '[0-9]*$'; }

orthanc() { # name dicom-port http-port
    mkdir -p "$work/$1/db"
    cat > "$work/$1/orthanc.json" <<JSON
{ "Name": "$1", "StorageDirectory": "$work/$1/db", "IndexDirectory": "$work/$1/db", "DicomAet": "ORTHANC",
  "DicomPort": $2, "HttpPort": $3, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "Plugins": [],
  "StorageCompression": false }
JSON
    /usr/sbin/Orthanc "$work/$1/orthanc.json" >"$work/$1/log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$3/system"
}

echo "== preparing $INSTANCES slices and a key"
dcg data synth --out "$work/train" --count 4 --size 256 >/dev/null
mkdir -p "$work/keys"
dcg keygen --preset quick --steps 2 --training "$work/train" --output "$work/keys/bench.dcgkey" --kek-file "$work/kek" --create-kek --threads "$THREADS" --device cpu --min-psnr 0 >/dev/null 2>&1
dcg data synth --out "$work/slices" --count "$INSTANCES" --size 512 >/dev/null
slices=("$work"/slices/*.dcm)

direct_dicom=$(port) direct_http=$(port) pacs_dicom=$(port) pacs_http=$(port) gw_dicom=$(port) gw_http=$(port)
orthanc direct "$direct_dicom" "$direct_http"
orthanc pacs "$pacs_dicom" "$pacs_http"
export TCP_NODELAY=1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== storescu -> Orthanc"
t0=$(now)
storescu -aet CT1 -aec ORTHANC 127.0.0.1 "$direct_dicom" "${slices[@]}"
t1=$(now)
[ "$(count "$direct_http")" -eq "$INSTANCES" ] || { echo "Orthanc holds $(count "$direct_http") instances" >&2; exit 1; }
direct=$(python3 -c "print(f'{$INSTANCES/($t1-$t0):.1f}')")

cat > "$work/gateway.json" <<JSON
{ "Gateway": { "AeTitle": "DCG", "Bind": "127.0.0.1", "Port": $gw_dicom, "MaxObjectBytes": 104857600,
  "Peers": [ { "AeTitle": "CT1", "Host": "127.0.0.1", "Port": 104, "Roles": ["Modality"] },
             { "AeTitle": "ORTHANC", "Host": "127.0.0.1", "Port": $pacs_dicom, "Roles": ["Pacs"] } ],
  "Spool": { "Path": "$work/spool", "MinFreeBytes": 104857600 },
  "Cipher": { "Keyring": "$work/keys", "KekFile": "$work/kek", "Device": "cpu", "Workers": 1, "Threads": $THREADS, "BatchSize": $BATCH },
  "Forward": { "Mode": "Async", "Associations": 2 },
  "Http": { "Url": "http://127.0.0.1:$gw_http" },
  "Log": { "Directory": "$work/log", "Level": "${LOG_LEVEL:-Warning}" } } }
JSON
dotnet "$repo/src/DicomCipherGateway/bin/Release/net10.0/DicomCipherGateway.dll" --config "$work/gateway.json" >"$work/gateway.out" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$gw_http/healthz"

echo "== storescu -> gateway -> Orthanc"
t0=$(now)
storescu -aet CT1 -aec DCG 127.0.0.1 "$gw_dicom" "${slices[@]}"
t1=$(now)
while [ "$(count "$pacs_http")" -lt "$INSTANCES" ]; do sleep 0.5; done
t2=$(now)
ack=$(python3 -c "print(f'{$INSTANCES/($t1-$t0):.1f}')")
drain=$(python3 -c "print(f'{$INSTANCES/($t2-$t0):.2f}')")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

stages=$(curl -sf "http://127.0.0.1:$gw_http/metrics" | awk '
    /^dcg_encryption_stage_seconds_total/ { match($0, /stage="[a-z]+"/); stage[substr($0, RSTART + 7, RLENGTH - 8)] = $2 }
    /^dcg_instances_encrypted_total/ { n += $2 }
    /^dcg_encryption_batch_objects_sum/ { objects = $2 } /^dcg_encryption_batch_objects_count/ { batches = $2 }
    END { if (n > 0) { printf "unseal %.3f s, parse %.3f s, cipher %.3f s, write %.3f s, queue %.3f s; %.1f objects per batch", stage["unseal"] / n, stage["parse"] / n, stage["cipher"] / n, stage["write"] / n, stage["queue"] / n, objects / batches } }')

# The gateway and both Orthancs stop before the reference runs, so that it has the machine they had.
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

# One frame per object here: the reference is G at batch 1 and at the gateway's batch size.
echo "== dcg bench cipher (same key, 512, $THREADS thread(s))"
bench_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dcg bench cipher --sizes 512 --threads "$THREADS" --batch "$(echo "1,$BATCH" | tr ',' '\n' | sort -un | paste -sd,)" --seconds "$CIPHER_SECONDS" --rounds 3 \
    --key "$work/keys/bench.dcgkey" --kek-file "$work/kek" | tee "$work/bench.out" || echo "dcg bench cipher exited with $?"
bench_load_after=$(cut -d' ' -f1-3 /proc/loadavg)
reference=$(awk -F'|' -v b="$BATCH" '$4 + 0 == b && $5 ~ /\(default\)/ { split($6, m, " "); print m[1] }' "$work/bench.out")

echo
echo "| measure | rate | ratio |"
echo "|---|---:|---|"
echo "| storescu → Orthanc directly, acknowledged | $direct instances/s | reference |"
echo "| storescu → gateway, acknowledged | $ack instances/s | $(python3 -c "print(f'{$ack/$direct:.2f}')")× direct (target ≥ 0.8×) |"
echo "| storescu → gateway → Orthanc, drained | $drain instances/s | $(python3 -c "r='$reference'; print(f'{$drain/float(r):.2f}' if r else '?')")× dcg bench cipher (target ≥ 0.8×) |"
echo "| dcg bench cipher, same key, 512×512, $THREADS thread(s), batch $BATCH, fp32 default, median | ${reference:-?} images/s | reference for the drain |"
echo
echo "gateway encryption per object: $stages"
echo "load average (1/5/15 min): before $load_before; after the gateway run $load_after; cipher benchmark $bench_load_before → $bench_load_after; $(nproc) CPUs"
