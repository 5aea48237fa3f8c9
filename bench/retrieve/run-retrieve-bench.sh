#!/usr/bin/env bash
# Retrieval through the gateway (issue 13; docs/benchmarks.md, "Retrieve"), all in one run:
#   1. memory: a study of --small-instances (2,000) 64×64 slices, stored through the gateway into
#      Orthanc, then C-MOVEd by movescu through the gateway to a storescp workstation; the
#      gateway's resident memory when idle and its peak during the move (VmHWM, reset just
#      before the move; a 0.2 s RSS sampler as a cross-check). Target: peak < idle + 300 MB.
#   2. rate: a study of --instances (500) 512×512 16-bit slices, C-MOVEd to the same storescp
#      straight from Orthanc (the reference) and through the gateway, alternately, --rounds times.
#      Target: gateway ≥ 0.8× direct.
# Sealed profile (dlednet-sealed) with the noise view: retrieval decrypts by AES only, so the key's
# G never runs while retrieving (the noise view only makes the ingestion quick). The gateway takes
# the instances from Orthanc by --mode CMove (C-MOVE to its own AE; default) or CGet.
# The workstation's storescp receives with --ignore (no disk writes on its side, either way).
#
# Usage: bench/retrieve/run-retrieve-bench.sh [--mode CMove|CGet] [--small-instances 2000] [--instances 500] [--rounds 2] [--no-build]
# Every process it starts is stopped on exit; the work folder is removed.
set -euo pipefail

MODE=CMove SMALL=2000 INSTANCES=500 ROUNDS=2 BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --mode) MODE=$2; shift 2 ;;
        --small-instances) SMALL=$2; shift 2 ;;
        --instances) INSTANCES=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "run-retrieve-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/dcg-retrieve-bench-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
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
count() { curl -sf "http://127.0.0.1:$pacs_http/statistics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'; }
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
mib() { python3 -c "print(f'{$1/1024:.0f}')"; }

# One study, one series, one patient for a folder of synthetic slices.
synth_study() { # folder count size
    dcg data synth --out "$1" --count "$2" --size "$3" >/dev/null 2>&1
    local study series
    study=$(python3 -c 'import uuid; print("2.25." + str(uuid.uuid4().int))')
    series=$(python3 -c 'import uuid; print("2.25." + str(uuid.uuid4().int))')
    find "$1" -maxdepth 1 -name '*.dcm' -print0 | xargs -0 -n 500 dcmodify -nb -q \
        -m "(0020,000d)=$study" -m "(0020,000e)=$series" -m "(0010,0020)=BENCH" -m "(0010,0010)=Bench^Retrieve"
    echo "$study"
}

# movescu -aem WS1 of a study from AE $1 at port $2; prints seconds; fails unless the final status is Success.
move() {
    local t0 t1
    t0=$(now)
    movescu -v -S -aet WS1 -aec "$1" -aem WS1 -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$3" 127.0.0.1 "$2" >"$work/move.log" 2>&1
    t1=$(now)
    grep -q "Received Final Move Response (Success)" "$work/move.log" || { echo "C-MOVE from $1 did not end in Success:" >&2; tail -20 "$work/move.log" >&2; exit 1; }
    python3 -c "print(f'{$t1-$t0:.2f}')"
}

echo "== preparing a key and the studies ($SMALL × 64², $INSTANCES × 512²)"
dcg data synth --out "$work/train" --count 4 --size 256 >/dev/null 2>&1
mkdir -p "$work/keys"
dcg keygen --preset quick --steps 2 --min-psnr 0 --training "$work/train" --output "$work/keys/bench.dcgkey" --kek-file "$work/kek" --create-kek --threads 1 --device cpu >/dev/null 2>&1
small_study=$(synth_study "$work/small" "$SMALL" 64)
big_study=$(synth_study "$work/big" "$INSTANCES" 512)

pacs_dicom=$(port) pacs_http=$(port) gw_dicom=$(port) gw_http=$(port) ws_dicom=$(port)
mkdir -p "$work/pacs/db"
cat > "$work/pacs/orthanc.json" <<JSON
{ "Name": "pacs", "StorageDirectory": "$work/pacs/db", "IndexDirectory": "$work/pacs/db", "DicomAet": "ORTHANC",
  "DicomPort": $pacs_dicom, "HttpPort": $pacs_http, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "Plugins": [],
  "StorageCompression": false,
  "DicomModalities": { "dcg": [ "DCG", "127.0.0.1", $gw_dicom ], "ws1": [ "WS1", "127.0.0.1", $ws_dicom ] } }
JSON
/usr/sbin/Orthanc "$work/pacs/orthanc.json" >"$work/pacs/log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$pacs_http/system"
storescp --ignore -aet WS1 "$ws_dicom" >"$work/storescp.log" 2>&1 &
pids+=($!)

cat > "$work/gateway.json" <<JSON
{ "Gateway": { "AeTitle": "DCG", "Bind": "127.0.0.1", "Port": $gw_dicom, "MaxObjectBytes": 104857600,
  "Peers": [ { "AeTitle": "CT1", "Host": "127.0.0.1", "Port": 104, "Roles": ["Modality"] },
             { "AeTitle": "WS1", "Host": "127.0.0.1", "Port": $ws_dicom, "Roles": ["Workstation"] },
             { "AeTitle": "ORTHANC", "Host": "127.0.0.1", "Port": $pacs_dicom, "Roles": ["Pacs"], "Retrieve": "$MODE" } ],
  "Spool": { "Path": "$work/spool", "MinFreeBytes": 104857600 },
  "Cipher": { "Keyring": "$work/keys", "KekFile": "$work/kek", "Profile": "dlednet-sealed", "View": "noise", "Device": "cpu", "Workers": 1, "Threads": 1 },
  "Forward": { "Mode": "Async", "Associations": 2 },
  "Http": { "Url": "http://127.0.0.1:$gw_http" },
  "Log": { "Directory": "$work/log", "Level": "Warning" } } }
JSON
dotnet "$repo/src/DicomCipherGateway/bin/Release/net10.0/DicomCipherGateway.dll" --config "$work/gateway.json" >"$work/gateway.out" 2>&1 &
gw=$!
pids+=($gw)
wait_http "http://127.0.0.1:$gw_http/healthz"

echo "== storing both studies through the gateway into Orthanc"
total=$((SMALL + INSTANCES))
find "$work/small" "$work/big" -maxdepth 1 -name '*.dcm' -print0 | xargs -0 -n 500 storescu -aet CT1 -aec DCG 127.0.0.1 "$gw_dicom"
while [ "$(count)" -lt "$total" ]; do sleep 1; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== memory: C-MOVE of $SMALL instances through the gateway ($MODE)"
sleep 5
idle=$(kib "$gw" VmRSS)
echo 5 > "/proc/$gw/clear_refs"   # resets VmHWM to the current RSS
( peak=0; while kill -0 "$gw" 2>/dev/null; do r=$(kib "$gw" VmRSS || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" > "$work/sampled"; sleep 0.2; done ) &
sampler=$!
small_seconds=$(move DCG "$gw_dicom" "$small_study")
hwm=$(kib "$gw" VmHWM)
kill "$sampler" 2>/dev/null || true
sampled=$(cat "$work/sampled" 2>/dev/null || echo 0)

echo "== rate: C-MOVE of $INSTANCES × 512² straight from Orthanc and through the gateway, $ROUNDS round(s)"
direct_times=() gateway_times=()
for _ in $(seq 1 "$ROUNDS"); do
    direct_times+=("$(move ORTHANC "$pacs_dicom" "$big_study")")
    gateway_times+=("$(move DCG "$gw_dicom" "$big_study")")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
gateway_hwm=$(kib "$gw" VmHWM)

rates() { for t in "$@"; do python3 -c "print(f'{$INSTANCES/$t:.1f}')"; done | paste -sd/ -; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
echo
echo "| measure | value |"
echo "|---|---|"
echo "| gateway RSS idle, before the $SMALL-instance move | $(mib "$idle") MB |"
echo "| gateway peak RSS during it (VmHWM; sampled max) | $(mib "$hwm") MB; $(mib "$sampled") MB → **+$(mib $((hwm - idle))) MB** over idle (target < +300 MB) |"
echo "| $SMALL × 64² through the gateway ($MODE) | ${small_seconds} s, $(python3 -c "print(f'{$SMALL/$small_seconds:.1f}')") instances/s |"
echo "| $INSTANCES × 512² C-MOVE straight from Orthanc | $(printf '%s s ' "${direct_times[@]}")→ $(rates "${direct_times[@]}") instances/s |"
echo "| $INSTANCES × 512² C-MOVE through the gateway ($MODE) | $(printf '%s s ' "${gateway_times[@]}")→ $(rates "${gateway_times[@]}") instances/s |"
echo "| ratio (best gateway / best direct rate) | $(python3 -c "print(f'{$(best "${direct_times[@]}")/$(best "${gateway_times[@]}"):.2f}')")× (target ≥ 0.8×) |"
echo "load average before: $load_before; after: $load_after; $(nproc) CPUs; gateway peak RSS over the whole run after storing: $(mib "$gateway_hwm") MB"
