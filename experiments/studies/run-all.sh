#!/usr/bin/env bash
# Runs the example studies end to end and regenerates results/studies/<study>/: the dataset (points.parquet), its
# figures (PNG and SVG) and SUMMARY.md (the commands, the tool's own status lines and, for detector sharing, the capacity
# answers). Point folders stay in a scratch folder (raw run directories are not kept in git).
#   experiments/studies/run-all.sh [OUT]            # OUT defaults to results/studies; about 30 minutes on 2 cores
#   experiments/studies/run-all.sh --redraw [OUT]   # only the figures, from OUT/<study>/points.parquet (seconds; nothing simulated)
set -euo pipefail
cd "$(dirname "$0")/../.."
REDRAW=0
if [ "${1:-}" = "--redraw" ]; then REDRAW=1; shift; fi
OUT=${1:-results/studies}
dotnet build src/QkdNetSim.Cli -c Release -v q -nologo >/dev/null
Q=src/QkdNetSim.Cli/bin/Release/net10.0/qkdnetsim
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/qkdnetsim-studies-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$OUT"

# draw DATASET_DIR DEST "PLOT ARGS": one figure of the dataset as DEST/<file>.png and .svg; prints <file>.
draw() {
  local dir=$1 dest=$2 args=$3
  # shellcheck disable=SC2086
  local stem; stem=$("$Q" plot "$dir" $args --out "$dest/figure" | sed -n 's#^wrote \(.*\)\.png$#\1#p')
  local file; file=$(echo "$args" | sed 's/--\([a-z]*\) /\1-/g; s/ /_/g; s/[^A-Za-z0-9._=-]/_/g')
  mv "$stem.png" "$dest/$file.png"; mv "$stem.svg" "$dest/$file.svg"
  echo "$file"
}

# study NAME "PLOT ARGS" ["PLOT ARGS" ...]: sweep, copy the dataset, draw each figure, write SUMMARY.md (--redraw: the figures only).
study() {
  local name=$1; shift
  local dir="$SCRATCH/$name" dest="$OUT/$name"
  if [ "$REDRAW" = 1 ]; then
    for args in "$@"; do draw "$dest" "$dest" "$args" > /dev/null; done
    return
  fi
  rm -rf "$dest"; mkdir -p "$dest"
  local start=$SECONDS
  "$Q" sweep "experiments/studies/$name.yaml" --out "$dir" --quiet > "$dir.log"
  local wall=$((SECONDS - start))
  cp "$dir/points.parquet" "$dest/points.parquet"
  {
    echo "# Study \`$name\`"
    echo
    sed -n 's/^# \{0,1\}//p' "experiments/studies/$name.yaml" | sed '/^$/q'
    echo
    echo "Study file: \`experiments/studies/$name.yaml\`. Regenerate with \`experiments/studies/run-all.sh\`; by hand:"
    echo
    echo '```bash'
    echo "qkdnetsim sweep experiments/studies/$name.yaml --out studies/$name      # ${wall} s on $(nproc) cores"
    for args in "$@"; do echo "qkdnetsim plot studies/$name $args"; done
    echo '```'
    echo
    echo "## Dataset"
    echo
    echo '```'
    cat "$dir.log"
    "$Q" sweep status "$dir"
    "$Q" sweep collect "$dir"
    echo '```'
    echo
    echo "## Figures"
    echo
  } | sed "s#$SCRATCH#studies#g" > "$dest/SUMMARY.md"
  for args in "$@"; do
    local file; file=$(draw "$dir" "$dest" "$args")
    echo "- \`qkdnetsim plot studies/$name $args\`: ![$file]($file.png) ([SVG]($file.svg))" >> "$dest/SUMMARY.md"
  done
}

study detector-sharing \
  "--x distance --y secretKeyRateBitPerS --by capacity --where afterpulseProbability=0.045" \
  "--x distance --y secretKeyRateBitPerS --by capacity --where afterpulseProbability=0.1" \
  "--x distance --y secretKeyRateBitPerS --by capacity --heatmap --where afterpulseProbability=0.1"
[ "$REDRAW" = 1 ] || {
  echo
  echo "## Capacity answers (\`qkdnetsim capacity\`, model engine, 12 h sessions)"
  echo
  echo '```'
  for ap in 0.045 0.1; do
    for n in 8 16 32 64; do
      "$Q" capacity models/networks/seed004-fig3a-splitter.yaml --knob capacity=$n --set durationS=43200 \
        --set receiver.detector.afterpulseProbability=$ap --maximize distance --target-key-rate 1e-6 --quiet \
        | tail -n 1 | sed "s#^#N = $n, afterpulse $ap: #"
    done
    "$Q" capacity models/networks/seed004-fig3a-splitter.yaml --knob distance=10 --set durationS=43200 \
      --set receiver.detector.afterpulseProbability=$ap --maximize capacity --target-key-rate 1000 --quiet \
      | tail -n 1 | sed "s#^#10 km, afterpulse $ap, 1 kbit/s per user: #"
  done
  echo '```'
} >> "$OUT/detector-sharing/SUMMARY.md"

study detector-sharing-check \
  "--x distance --y qberSignal --by engine --where capacity=16" \
  "--x distance --y asymptoticKeyRateBitPerS --by engine --where capacity=8"
study mdi-keyrate-loss "--x pairLossDb --y keyRateBitPerSRigorous"
study mdi-loss-deadtime \
  "--x pairLossDb --y psiMinus --by relay.detector.deadTimeNs" \
  "--x pairLossDb --y qberX --by relay.detector.deadTimeNs"
study cv-users-distance \
  "--x distance --y networkKeyRateAnalyticBits --by userCount --where engine=model" \
  "--x distance --y networkKeyRateEstimateBits --by engine --where userCount=2"
# Drift stress (issue 12): the phase loop's update interval x phase drift strength per N, blocks engine, against the
# drift-free reference, cross-checked by full simulation; about 28 min on 2 shared cores (most of it N = 32 and 64).
T=control.phase.updateIntervalS; S=drift.phase.noiseRadPerSqrtS
study drift-stress \
  "--x $T --y secretKeyRateBitPerS --by $S --where capacity=8" \
  "--x $T --y secretKeyRateBitPerS --by $S --where capacity=16" \
  "--x $T --y secretKeyRateBitPerS --by $S --where capacity=32" \
  "--x $T --y secretKeyRateBitPerS --by capacity --where $S=0.03" \
  "--x $T --y qberSignal --by $S --where capacity=16"
study drift-stress-64 "--x $T --y qberSignal --by $S"
study drift-stress-static "--x capacity --y secretKeyRateBitPerS"
study drift-stress-confirm "--x $T --y qberSignal --by capacity"
study drift-stress-confirm-blocks "--x $T --y qberSignal --by capacity"
[ "$REDRAW" = 1 ] || {
  echo
  echo "## The answer (\`experiments/studies/drift-stress-answer.py\` over the point folders)"
  echo
  python3 experiments/studies/drift-stress-answer.py "$SCRATCH/drift-stress-static" "$SCRATCH/drift-stress" \
    "$SCRATCH/drift-stress-64" -- "$SCRATCH/drift-stress-confirm" "$SCRATCH/drift-stress-confirm-blocks"
  cat experiments/studies/drift-stress-notes.md
} >> "$OUT/drift-stress/SUMMARY.md"
echo "results in $OUT"
