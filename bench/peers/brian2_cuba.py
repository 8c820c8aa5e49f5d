#!/usr/bin/python3
"""Brian2's CUBA network (Brette et al. 2007, benchmark 2) in C++ standalone mode, timed as the
performance issue times it: the simulation loop alone (device._last_run_time), with code
generation and compilation reported apart (standalone.py). The same parameters as axon's
network/cuba (bench/networks.cpp).

Usage: bench/peers/brian2_cuba.py [BUILD_DIR]   (Debian: apt install python3-brian)
Prints one line: codegen_s=... compile_s=... build_s=... build_cpu_s=... binary_s=...
simulate_s=... peak_rss_MiB=... spikes=... rate_Hz=...
"""
import sys

from brian2 import NeuronGroup, SpikeMonitor, Synapses, ms, mV, run, second

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from standalone import Project, report  # noqa: E402

project = Project("cuba")
tau_m, tau_e, tau_i = 20 * ms, 5 * ms, 10 * ms
V_t, V_r, E_l = -50 * mV, -60 * mV, -49 * mV
equations = """
dv/dt = (ge + gi - (v - E_l)) / tau_m : volt (unless refractory)
dge/dt = -ge / tau_e : volt
dgi/dt = -gi / tau_i : volt
"""
cells = NeuronGroup(4000, equations, threshold="v > V_t", reset="v = V_r",
                    refractory=5 * ms, method="exact")
cells.v = "V_r + rand() * (V_t - V_r)"
w_e, w_i = 1.62 * mV, -9 * mV
excitatory = Synapses(cells, cells, on_pre="ge += w_e")
excitatory.connect("i < 3200", p=0.02)
inhibitory = Synapses(cells, cells, on_pre="gi += w_i")
inhibitory.connect("i >= 3200", p=0.02)
spikes = SpikeMonitor(cells)
run(1 * second)
result = project.build_and_run()
n = int(spikes.num_spikes)
report({**result, "spikes": n, "rate_Hz": n / 4000 / 1.0})
project.done()
