#!/usr/bin/python3
"""The COBA network of Brette et al. (2007), benchmark 1 (after Vogels & Abbott 2005), in Brian2's
C++ standalone mode, with the parameters of axon's network/coba (bench/networks.cpp): 4 000
leaky integrate-and-fire neurons (3 200 E, 800 I) with exponentially decaying conductances,
every pair connected with p = 0.02, 1000 ms at dt = 0.1 ms, no external input.

R. Brette et al. (2007), Simulation of networks of spiking neurons: a review of tools and
strategies. J. Comput. Neurosci. 23, 349-398.

The benchmark's cell: area 20 000 um^2 at 1 uF/cm^2 (C_m = 200 pF), tau_m = 20 ms (g_L =
10 nS), E_L = V_reset = -60 mV, V_th = -50 mV, refractory 5 ms, E_ex = 0 mV, E_in = -80 mV,
tau_ex = 5 ms, tau_in = 10 ms; a spike adds 6 nS (E) or 67 nS (I). The initial conductances are
those of Brette's Brian script for the benchmark, g_L (4 + 1.5 z) and g_L (20 + 12 z), z standard
normal (clipped at 0 here, as axon requires); V is uniform in [V_reset, V_th] (as Brian2's CUBA).
Forward Euler, as that script, and what Brian2 chooses for this system when no method is given.

This initial state does not always start the self-sustained activity: in about four networks of
ten the activity dies within some 50 ms (in Brian2 and in axon alike), and such a run costs a
fraction of an active one. So the network is drawn from a fixed seed, $SEED (default 1), at
which it stays active at about 20 Hz; the rate in the output line shows which state a run was in.

Usage: bench/peers/brian2_coba.py [BUILD_DIR]   (Debian: apt install python3-brian)
Prints one line: codegen_s=... compile_s=... build_s=... build_cpu_s=... binary_s=...
simulate_s=... peak_rss_MiB=... spikes=... rate_Hz=...
"""
import os
import sys

from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, mV, nS, pF, run, second,
                    seed)

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from standalone import Project, report  # noqa: E402

project = Project("coba")
seed(int(os.environ.get("SEED", 1)))
defaultclock.dt = 0.1 * ms
C_m, g_L = 200 * pF, 10 * nS
E_L, E_ex, E_in = -60 * mV, 0 * mV, -80 * mV
V_th, V_reset = -50 * mV, -60 * mV
tau_ex, tau_in = 5 * ms, 10 * ms
equations = """
dv/dt = (g_L * (E_L - v) + g_ex * (E_ex - v) + g_in * (E_in - v)) / C_m : volt (unless refractory)
dg_ex/dt = -g_ex / tau_ex : siemens
dg_in/dt = -g_in / tau_in : siemens
"""
cells = NeuronGroup(4000, equations, threshold="v >= V_th", reset="v = V_reset",
                    refractory=5 * ms, method="euler")
cells.v = "V_reset + rand() * (V_th - V_reset)"
cells.g_ex = "clip(4 + 1.5 * randn(), 0, inf) * g_L"
cells.g_in = "clip(20 + 12 * randn(), 0, inf) * g_L"
w_ex, w_in = 6 * nS, 67 * nS
excitatory = Synapses(cells, cells, on_pre="g_ex_post += w_ex")
excitatory.connect("i < 3200", p=0.02)
inhibitory = Synapses(cells, cells, on_pre="g_in_post += w_in")
inhibitory.connect("i >= 3200", p=0.02)
spikes = SpikeMonitor(cells)
run(1 * second)
result = project.build_and_run()
n = int(spikes.num_spikes)
report({**result, "spikes": n, "rate_Hz": n / 4000 / 1.0})
project.done()
