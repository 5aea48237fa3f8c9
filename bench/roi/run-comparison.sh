#!/usr/bin/env bash
# The ROI mining comparison of docs/roi-mining.md ("Results"): the same training budget per arm on
# plaintext, key A's views and key B's views, the input-blind position prior, and Fig. 11's
# attacker experiments (A's model on B's views, an outsider's model of B on A's views).
# Usage: bench/roi/run-comparison.sh WORK KEY_A KEY_B KEK [BACKBONE]
#   WORK: an empty folder; KEY_A/KEY_B: .dcgkey files sealed under the KEK file.
# Every run is niced with one torch thread (the machine is shared); logs and PNGs land in WORK.
set -euo pipefail
work=$1 keyA=$2 keyB=$3 kek=$4 backbone=${5:-resnet18}
repo=$(cd "$(dirname "$0")/../.." && pwd)
dcg() { nice -n 10 dotnet "$repo/src/DicomCipherGateway.Cli/bin/Release/net10.0/dcg.dll" "$@"; }
mkdir -p "$work" && cd "$work"

# Training seeds 1–96, validation 7001–7008, held-out test 5001–5032, all 128×128.
dcg data synth --out synth-train --count 96 --size 128 --seed 1 2>/dev/null
dcg data synth --out synth-val --count 8 --size 128 --seed 7001 2>/dev/null
dcg data synth --out synth-test --count 32 --size 128 --seed 5001 2>/dev/null
nice -n 10 python3 "$repo/bench/roi/prior.py" synth-train/masks synth-test/masks | tee prior.log

for k in A B; do
  key=$([ $k = A ] && echo "$keyA" || echo "$keyB")
  mkdir -p ring$k && cp "$key" ring$k/
  for s in train val test; do dcg encrypt synth-$s enc$k-$s --keyring ring$k --kek-file "$kek" --threads 1; done
done

train() { # NAME DATA VALIDATION
  { uptime; dcg roi train --data "$2" --masks synth-train/masks --validation "$3" --validation-masks synth-val/masks \
      -o "$1.dcgroi" --backbone "$backbone" --steps 300 --batch 4 --seed 11 --threads 1; uptime; } > "train-$1.log" 2>&1
}
evaluate() { # LOG MODEL DATA [--any-key]
  { uptime; dcg roi evaluate -m "$2" --data "$3" --masks synth-test/masks --threads 1 "${@:4}"; } > "eval-$1.log" 2>&1
}
train plain synth-train synth-val
train keyA encA-train encA-val
train keyB encB-train encB-val
evaluate plain plain.dcgroi synth-test
evaluate keyA keyA.dcgroi encA-test
evaluate keyB keyB.dcgroi encB-test
evaluate A-on-B keyA.dcgroi encB-test --any-key   # Fig. 11: the owner's model on another key's views
evaluate B-on-A keyB.dcgroi encA-test --any-key   # an outsider's model (B's views + masks) on key A
grep -h "Dice left" eval-*.log

read -r pl pr < <(awk '/left-lung/{l=$(NF-4)} /right-lung/{r=$(NF-4)} END{print l, r}' prior.log)
nice -n 10 dotnet run -c Release --project "$repo/bench/roi/plot" -- "$work/roi" "$pl" "$pr" \
  "curve:plaintext=train-plain.log" "curve:key A views=train-keyA.log" "curve:key B views=train-keyB.log" \
  "bar:plaintext=eval-plain.log" "bar:key A on A=eval-keyA.log" "bar:key B on B=eval-keyB.log" \
  "bar:A's model on B=eval-A-on-B.log" "bar:B's model on A=eval-B-on-A.log" \
  "value:paper, plaintext=0.967,0.967" "value:paper, ciphertext=0.962,0.962"
