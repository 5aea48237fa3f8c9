#!/usr/bin/env bash
# C-STORE throughput over an emulated LAN link: storescu → storescp next to our SCU → dcg listen,
# 1 and 4 associations, in the same run (docs/benchmarks.md, "C-STORE over an emulated network").
#
# The SCPs run in their own network namespace. The kernel here has no sch_netem, so the link is
# emulated in user space: `DicomCipherGateway.Benchmarks emulate-link` owns two TUN devices, one
# in each namespace, and forwards every IP packet between them after a one-way delay and at a
# rate limit (netem's delay + rate model), so both TCP stacks see a real round trip.
#
# Usage (root: network namespaces and TUN devices need CAP_NET_ADMIN):
#   sudo bench/network/run-store-scaling.sh [--delay-ms 1] [--rate-mbit 1000] [--mtu 65000]
#        [--instances 100] [--repeats 3] [--associations 1,4] [--no-dcg-process] [--loopback] [--no-build]
# --delay-ms is one way (1 ms = 2 ms round trip); --rate-mbit 0 = no rate limit. --loopback runs
# the same scenarios with both SCPs on 127.0.0.1 in this namespace (no emulated link).
# Namespace, devices and processes are always torn down on exit.
set -euo pipefail

DELAY_MS=1 RATE_MBIT=1000 MTU=65000 INSTANCES=100 REPEATS=3 ASSOCIATIONS=1,4 DCG_PROCESS=1 LOOPBACK=0 BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --delay-ms) DELAY_MS=$2; shift 2 ;;
        --rate-mbit) RATE_MBIT=$2; shift 2 ;;
        --mtu) MTU=$2; shift 2 ;;
        --instances) INSTANCES=$2; shift 2 ;;
        --repeats) REPEATS=$2; shift 2 ;;
        --associations) ASSOCIATIONS=$2; shift 2 ;;
        --no-dcg-process) DCG_PROCESS=0; shift ;;
        --loopback) LOOPBACK=1; shift ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "run-store-scaling: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

die() { echo "run-store-scaling: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces and TUN devices need CAP_NET_ADMIN)."
for tool in ip dotnet storescu storescp; do
    command -v "$tool" >/dev/null || die "$tool not found (scripts/setup installs DCMTK and iproute2)."
done
[ "$LOOPBACK" = 1 ] || [ -c /dev/net/tun ] || die "/dev/net/tun is missing: no TUN support, cannot emulate the link."

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DLL=$ROOT/bench/DicomCipherGateway.Benchmarks/bin/Release/net10.0/DicomCipherGateway.Benchmarks.dll
DCG_DLL=$ROOT/src/DicomCipherGateway.Cli/bin/Release/net10.0/dcg.dll
if [ "$BUILD" = 1 ]; then
    dotnet build "$ROOT/src/DicomCipherGateway.Cli" -c Release -v q -nologo >/dev/null
    dotnet build "$ROOT/bench/DicomCipherGateway.Benchmarks" -c Release -v q -nologo >/dev/null
fi
[ -f "$BENCH_DLL" ] && [ -f "$DCG_DLL" ] || die "build output missing ($BENCH_DLL, $DCG_DLL)."

NS=dcg-bench-$$ TUN_A=dcgl$$a TUN_B=dcgl$$b ADDR_A=10.77.0.1 ADDR_B=10.77.0.2
DCG_PORT=11112 DCMTK_PORT=11113
LOGS=$(mktemp -d /tmp/dcg-store-scaling.XXXXXX)
PIDS=()

teardown() {
    local pid
    for pid in "${PIDS[@]}"; do
        pkill -TERM -P "$pid" 2>/dev/null || true   # storescp --fork children
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true          # the TUN devices vanish with the emulator
    echo "logs: $LOGS"
}
trap teardown EXIT
trap 'exit 130' INT TERM

wait_for_port() {   # host port what
    local i
    for i in $(seq 1 300); do
        if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$3 did not listen on $1:$2 (see $LOGS)"
}

if [ "$LOOPBACK" = 1 ]; then
    HOST=127.0.0.1
    IN_NS=()
    LINK="loopback (both ends on this machine's 127.0.0.1, no emulated link)"
else
    HOST=$ADDR_B
    IN_NS=(ip netns exec "$NS")
    ip netns add "$NS"
    dotnet "$BENCH_DLL" emulate-link "$TUN_A" "$TUN_B" --delay-ms "$DELAY_MS" --rate-mbit "$RATE_MBIT" >"$LOGS/link.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do grep -q '^ready' "$LOGS/link.log" && break; sleep 0.1; done
    grep -q '^ready' "$LOGS/link.log" || die "link emulator did not start: $(cat "$LOGS/link.log")"
    ip link set "$TUN_B" netns "$NS"
    ip addr add "$ADDR_A" peer "$ADDR_B" dev "$TUN_A"
    ip link set "$TUN_A" mtu "$MTU" up
    ip netns exec "$NS" ip link set lo up
    ip netns exec "$NS" ip addr add "$ADDR_B" peer "$ADDR_A" dev "$TUN_B"
    ip netns exec "$NS" ip link set "$TUN_B" mtu "$MTU" up
    LINK="emulated: one-way delay ${DELAY_MS} ms (RTT $(awk "BEGIN{print 2*$DELAY_MS}") ms), rate $([ "$RATE_MBIT" = 0 ] && echo unlimited || echo "$RATE_MBIT Mbit/s"), MTU $MTU, SCPs in network namespace $NS"
fi

"${IN_NS[@]}" env TCP_NODELAY=1 storescp --ignore --fork -aet BENCH "$DCMTK_PORT" >"$LOGS/storescp.log" 2>&1 &
PIDS+=($!)
"${IN_NS[@]}" dotnet "$DCG_DLL" listen --discard --bind "$HOST" -p "$DCG_PORT" >"$LOGS/dcg-listen.log" 2>&1 &
PIDS+=($!)
wait_for_port "$HOST" "$DCMTK_PORT" storescp
wait_for_port "$HOST" "$DCG_PORT" "dcg listen"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(dotnet --version | sed 's/^/.NET SDK /'), $(storescu --version 2>&1 | head -1)"
echo "link: $LINK"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
DCG_ARGS=()
[ "$DCG_PROCESS" = 1 ] && DCG_ARGS=(--dcg "$DCG_DLL")
dotnet "$BENCH_DLL" store-scaling --host "$HOST" --dcg-port "$DCG_PORT" --dcmtk-port "$DCMTK_PORT" \
    --instances "$INSTANCES" --repeats "$REPEATS" --associations "$ASSOCIATIONS" "${DCG_ARGS[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
