#!/usr/bin/env bash
# The example programs as a user runs them: outputs, NEST's numbers, and one-line errors with
# exit status 2. Usage: examples.sh BUILD_EXAMPLES_DIR REFERENCE_DIR
set -uo pipefail
bin="$1"
ref="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
numbers() { awk '{ printf "%.17g\n", $1 }'; } # the doubles, whatever their spelling
check() { # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
# expect_error DESCRIPTION PATTERN ARGS...: exit status 2, one line on stderr matching PATTERN
expect_error() {
  local what="$1" pattern="$2"; shift 2
  "$bin/single_neuron" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  check "$what: exit status 2 (got $status)" test "$status" -eq 2
  check "$what: one line" test "$(wc -l <"$tmp/err")" -eq 1
  check "$what: message matches '$pattern'" grep -q -- "$pattern" "$tmp/err"
}

# seed tutorial: the spike times are NEST's, written in shortest round-trip form
"$bin/seed_tutorial" "$tmp/seed" >"$tmp/seed.log"
check "seed_tutorial runs" test $? -eq 0
check "V_m.csv header" test "$(head -1 "$tmp/seed/V_m.csv")" = "sender,time_ms,V_m"
check "V_m.csv has 10000 samples" test "$(($(wc -l <"$tmp/seed/V_m.csv") - 1))" -eq 10000
check "spikes.csv header" test "$(head -1 "$tmp/seed/spikes.csv")" = "sender,time_ms"
check "spike times are NEST's doubles" \
  diff <(tail -n +2 "$tmp/seed/spikes.csv" | cut -d, -f2 | numbers) \
       <(tail -n +2 "$ref/a_seed_iaf_376_spikes.csv" | numbers)
check "sample times are NEST's doubles" \
  diff <(tail -n +2 "$tmp/seed/V_m.csv" | cut -d, -f2 | numbers) \
       <(tail -n +2 "$ref/a_seed_iaf_376_trace_full.csv" | cut -d, -f1 | numbers)
check "seed_tutorial prints the recordables" grep -q "recordables: \[V_m, I_syn_ex, I_syn_in\]" "$tmp/seed.log"

# izhikevich_zoo: the copy_model variants that NEST's reference has fire at NEST's times
"$bin/izhikevich_zoo" "$tmp/zoo" >/dev/null
check "izhikevich_zoo runs" test $? -eq 0
for v in RS FS CH; do
  check "izhikevich_$v spikes are NEST's" \
    diff <(tail -n +2 "$tmp/zoo/izhikevich_${v}_spikes.csv" | cut -d, -f2 | numbers) \
         <(tail -n +2 "$ref/g_izhikevich_${v}_spikes.csv" | numbers)
done

# single_neuron
check "--list-models" bash -c "'$bin/single_neuron' --list-models | grep -qx iaf_psc_alpha"
check "--defaults lists recordables" \
  bash -c "'$bin/single_neuron' --defaults --model iaf_psc_alpha | grep -q 'recordables = \[V_m, I_syn_ex, I_syn_in\]'"
"$bin/single_neuron" --model iaf_psc_alpha --set I_e=376 --set V_reset=-70 --simtime 1000 \
  --record V_m,I_syn_ex --interval 0.1 --out "$tmp/sn" >"$tmp/sn.log"
check "single_neuron runs" test $? -eq 0
check "multimeter.csv header" test "$(head -1 "$tmp/sn/multimeter.csv")" = "sender,time_ms,V_m,I_syn_ex"
check "multimeter.csv rows" test "$(($(wc -l <"$tmp/sn/multimeter.csv") - 1))" -eq 10000
check "single_neuron spikes are NEST's" \
  diff <(tail -n +2 "$tmp/sn/spikes.csv" | cut -d, -f2 | numbers) \
       <(tail -n +2 "$ref/a_seed_iaf_376_spikes.csv" | numbers)
"$bin/single_neuron" --set V_m=-50 --simtime 1 --out "$tmp/vm" >/dev/null
check "--set accepts state (V_m = -50 fires at once)" test "$(($(wc -l <"$tmp/vm/spikes.csv") - 1))" -eq 1
"$bin/single_neuron" --resolution 0.05 --set I_e=376 --simtime 100 --out "$tmp/res" >/dev/null
check "--resolution" test "$(sed -n 2p "$tmp/res/multimeter.csv" | cut -d, -f2)" = "1"

for model in iaf_psc_alpha iaf_psc_exp iaf_psc_delta iaf_cond_alpha iaf_cond_exp aeif_cond_alpha \
             aeif_cond_exp hh_psc_alpha izhikevich parrot_neuron; do
  setting="--set I_e=800"
  [ "$model" = parrot_neuron ] && setting="" # no parameters
  check "single_neuron knows $model" bash -c "'$bin/single_neuron' --model $model --simtime 20 $setting >/dev/null"
done
"$bin/single_neuron" --model izhikevich --set I_e=10 --set V_m=-65 --set U_m=-13 --simtime 1000 \
  --record V_m,U_m --out "$tmp/izh" >/dev/null
check "single_neuron izhikevich (RS defaults) fires at NEST's times" \
  diff <(tail -n +2 "$tmp/izh/spikes.csv" | cut -d, -f2 | numbers) \
       <(tail -n +2 "$ref/g_izhikevich_RS_spikes.csv" | numbers)
check "izhikevich multimeter.csv header" test "$(head -1 "$tmp/izh/multimeter.csv")" = "sender,time_ms,V_m,U_m"

expect_error "unknown model" "unknown model 'iaf_psc_beta'.*iaf_psc_alpha" --model iaf_psc_beta
expect_error "unknown parameter" "has no parameter or state variable 'I_ex'.*valid names" --set I_ex=1
expect_error "bad value" "C_m = -1 is not allowed" --set C_m=-1
expect_error "wrong type" "I_e expects a number" --set I_e=abc
expect_error "not recordable" "cannot record 'w'.*V_m" --record V_m,w
expect_error "off-grid time" "multiple of the resolution" --simtime 10.05
expect_error "unknown option" "unknown option '--bogus'" --bogus
expect_error "missing value" "--set needs a value" --set

echo "$failures failure(s)"
exit $((failures > 0))
