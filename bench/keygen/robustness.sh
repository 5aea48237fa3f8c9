#!/usr/bin/env bash
# Robustness of key generation over randomness (issue 9): trains KEYS keys as a user would
# (`dcg data synth`, then `dcg keygen --preset quick` without --seed, so every key draws its own
# weights and crops from the OS CSPRNG) and prints each key's quality gate: held-out paper-profile
# decryption PSNR and view figures. Every key must pass the 30 dB gate. A benchmark, not a CI test.
#
#   bench/keygen/robustness.sh [KEYS=5] [PARALLEL=1]
# One libtorch thread per key; PARALLEL keys train at once. Results: a Markdown table on stdout,
# logs under $OUT (default /tmp/dcg-keygen-robustness).
set -euo pipefail
cd "$(dirname "$0")/../.."
KEYS=${1:-5}
PARALLEL=${2:-1}
OUT=${OUT:-/tmp/dcg-keygen-robustness}
rm -rf "$OUT" && mkdir -p "$OUT"
dotnet build src/DicomCipherGateway.Cli -c Release --nologo -v q >/dev/null
DCG="dotnet src/DicomCipherGateway.Cli/bin/Release/net10.0/dcg.dll"

train() {
  local i=$1 dir="$OUT/key$1"
  mkdir -p "$dir"
  # A fresh study per key, its seed drawn at random like everything else.
  local study=$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 ))
  $DCG data synth --out "$dir/train" --count 24 --size 256 --seed "$study" >"$dir/synth.log" 2>&1
  local start=$(date +%s)
  set +e
  $DCG keygen --preset quick --training "$dir/train" --output "$dir/key.dcgkey" --kek-file "$OUT/kek" --create-kek \
    --threads 1 --device cpu >"$dir/keygen.out" 2>"$dir/keygen.log"
  local rc=$?
  set -e
  echo "$rc $(( $(date +%s) - start )) $study" >"$dir/result"
}

pids=()
for i in $(seq 1 "$KEYS"); do
  train "$i" &
  pids+=($!)
  sleep 2   # distinct key-encryption-key creation
  if (( ${#pids[@]} >= PARALLEL )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait

echo "| key | study seed | exit | time (s) | held-out PSNR mean (min) | view SSIM mean (max) | \|Pearson\| mean (max) | blurred | edges mean (max) | view std (min) | roll-backs | verdict |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
failed=0
for i in $(seq 1 "$KEYS"); do
  dir="$OUT/key$i"
  read -r rc secs study <"$dir/result"
  gate=$(grep -o 'quality gate: .*' "$dir/keygen.log" | tail -1 || true)
  rollbacks=$(grep -c 'training diverged' "$dir/keygen.log" || true)
  psnr=$(sed -nE 's/.*PSNR mean ([0-9.NaN-]+) dB \(min ([0-9.NaN-]+).*/\1 (\2)/p' <<<"$gate")
  ssim=$(sed -nE 's/.*view SSIM ([0-9.NaN-]+) \(max ([0-9.NaN-]+)\).*/\1 (\2)/p' <<<"$gate")
  pear=$(sed -nE 's/.*\|Pearson\| ([0-9.NaN-]+) \(max ([0-9.NaN-]+)\).*/\1 (\2)/p' <<<"$gate")
  blur=$(sed -nE 's/.*blurred ([0-9.NaN-]+),.*/\1/p' <<<"$gate")
  edges=$(sed -nE 's/.*edges ([0-9.NaN-]+) \(max ([0-9.NaN-]+)\).*/\1 (\2)/p' <<<"$gate")
  std=$(sed -nE 's/.*view std ([0-9.NaN-]+) \(min\).*/\1/p' <<<"$gate")
  verdict=$([[ $rc == 0 ]] && echo passed || { grep -o 'dcg: .*' "$dir/keygen.log" | tail -1 | cut -c1-80; })
  [[ $rc == 0 ]] || failed=$((failed + 1))
  echo "| $i | $study | $rc | $secs | $psnr | $ssim | $pear | $blur | $edges | $std | $rollbacks | $verdict |"
done
echo
echo "$failed of $KEYS key(s) failed; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $(( failed > 0 ))
