#!/usr/bin/env bash
# examples/brunel as a user runs it, on a small network (order 50: NE = 200, NI = 50, CE = 20,
# CI = 5): the files it promises, what fixed_indegree promises (exactly (NE + NI)(CE + CI)
# synapses), senders and times where they belong, the same spikes for the same seed (on one
# thread and on three), and the one-line errors with exit status 2.
# Usage: brunel.sh EXAMPLES_BIN_DIR
set -euo pipefail
bin="$1/brunel"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" --order 50 --simtime 300 --seed 7 --out "$work/a" >"$work/a.log"
"$bin" --order 50 --simtime 300 --seed 7 --out "$work/b" >/dev/null
"$bin" --order 50 --simtime 300 --seed 8 --out "$work/c" >/dev/null
"$bin" --order 50 --simtime 300 --seed 7 --threads 3 --out "$work/t" >/dev/null

E="$(ls "$work"/a/spikes_E-*-0.csv)"; I="$(ls "$work"/a/spikes_I-*-0.csv)"
[ "$(head -n 1 "$E")" = "sender,time_ms" ] || fail "spikes_E header: $(head -n 1 "$E")"
[ "$(head -n 1 "$I")" = "sender,time_ms" ] || fail "spikes_I header: $(head -n 1 "$I")"
grep -q "^synapses: 6250 (recurrent)$" "$work/a/summary.txt" || fail "synapse count: $(grep synapses "$work/a/summary.txt")"

# Senders: E is 1..200, I is 201..250 (NEST's order of creation); times on the 0.1 ms grid in
# (0, 300].
rows_in() { # FILE FIRST_ID LAST_ID
  awk -F, -v lo="$2" -v hi="$3" 'NR > 1 { off = $2 * 10 - int($2 * 10 + 0.5)
           if ($1 < lo || $1 > hi || $2 <= 0 || $2 > 300 || off * off > 1e-12) bad = 1 }
         END { exit bad }' "$1"
}
rows_in "$E" 1 200 || fail "an E row out of place"
rows_in "$I" 201 250 || fail "an I row out of place"
n_E=$(($(wc -l <"$E") - 1)); n_I=$(($(wc -l <"$I") - 1))
[ "$n_E" -gt 0 ] && [ "$n_I" -gt 0 ] || fail "no spikes ($n_E, $n_I)"
grep -q "^spikes: $((n_E + n_I)) (E $n_E, I $n_I)$" "$work/a/summary.txt" \
  || fail "summary's counts differ from the files': $(grep spikes "$work/a/summary.txt") vs E $n_E, I $n_I"

# The same seed gives the same spikes, bit for bit; another seed another network.
for f in "$work"/a/spikes_*.csv; do
  cmp -s "$f" "$work/b/$(basename "$f")" || fail "seed 7 twice: $(basename "$f") differs"
done
if cmp -s "$E" "$work/c/$(basename "$E")"; then fail "seeds 7 and 8 gave the same spikes"; fi
# ... and on three threads
for f in "$work"/a/spikes_*.csv; do
  cmp -s "$f" "$work/t/$(basename "$f")" || fail "seed 7 on 3 threads: $(basename "$f") differs"
done

# Bad command lines: one line on stderr, exit status 2.
expect_error() {
  local want="$1"; shift
  set +e; "$bin" "$@" >/dev/null 2>"$work/err"; local rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "$* exited with $rc, not 2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$*: not one line: $(cat "$work/err")"
  grep -q -- "$want" "$work/err" || fail "$*: '$(cat "$work/err")' lacks '$want'"
}
expect_error "--order must lie in \[10, 1000000\], got 5" --order 5
expect_error "--order expects a number, got 'ten'" --order ten
expect_error "--simtime must lie in" --simtime -1
expect_error "--seed expects a number" --seed -3
expect_error "--threads must lie in \[1, 1024\], got 0" --threads 0
expect_error "unknown flag --bogus" --bogus 1
expect_error "missing value: --seed" --seed
expect_error "cannot create the folder /proc/axon-brunel" --order 10 --out /proc/axon-brunel
echo "brunel: ok ($n_E + $n_I spikes)"
