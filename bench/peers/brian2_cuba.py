#!/usr/bin/python3
"""Brian2's CUBA network (Brette et al. 2007, benchmark 2) in C++ standalone mode, timed as the
performance issue times it: the simulation loop alone (device._last_run_time), not code
generation or compilation. The same parameters as axon's network/cuba (bench/network.cpp).

Usage: bench/peers/brian2_cuba.py [BUILD_DIR]   (Debian: apt install python3-brian)
Prints one line: simulate_s=... spikes=... rate_Hz=...
"""
import sys
import tempfile

from brian2 import (NeuronGroup, SpikeMonitor, Synapses, device, ms, mV, run, second,
                    set_device)

build_dir = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="brian2_cuba_")
set_device("cpp_standalone", directory=build_dir, build_on_run=False)

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
device.build(directory=build_dir, compile=True, run=True)
n = spikes.num_spikes
print(f"simulate_s={device._last_run_time:.4f} spikes={n} rate_Hz={n / 4000 / 1.0:.3f}")
