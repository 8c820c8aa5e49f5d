#!/usr/bin/python3
"""The performance issue's hh_psc_alpha workload in Brian2's C++ standalone mode: 1 000
unconnected Hodgkin-Huxley neurons with NEST's hh_psc_alpha equations and defaults, I_e =
650 pA, 1000 ms at dt = 0.1 ms, one spike monitor. axon's side is kernel/hh_psc_alpha
(bench/kernels.cpp): the same neurons, timed per neuron-step.

The equations are NEST's model (axon's include/axon/models/hh_psc_alpha.hpp lists them): the
sodium, potassium and leak currents, the rate functions of V in mV and 1/ms, and the two
alpha-shaped synaptic currents as pairs of linear equations (they stay 0 here: no input, as in
the NEST run the issue measured). The method is exponential Euler, one fixed step of 0.1 ms, as
in Brian2's own Hodgkin-Huxley examples (NEST and axon take adaptive Runge-Kutta-Fehlberg 4(5)
steps under an absolute error of 1e-3). Left to choose, Brian2 takes forward Euler, which
diverges at this step (4 spikes, then NaN), as does rk4; $METHOD names another. A spike is V
crossing 0 mV upwards, not counted again until V is below 0 mV (NEST's condition is V >= 0 mV
past the peak, with t_ref = 2 ms).

Usage: [METHOD=...] bench/peers/brian2_hh.py [BUILD_DIR]   (Debian: apt install python3-brian)
Prints one line: codegen_s=... compile_s=... build_s=... build_cpu_s=... binary_s=...
simulate_s=... peak_rss_MiB=... method=... ns_per_neuron_step=... spikes=... rate_Hz=...
"""
import os
import sys

from brian2 import NeuronGroup, SpikeMonitor, defaultclock, ms, mV, nS, pA, pF, run, second

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from standalone import Project, report  # noqa: E402

project = Project("hh")
defaultclock.dt = 0.1 * ms
N, duration = 1000, 1 * second
METHOD = os.environ.get("METHOD", "exponential_euler")
g_Na, g_K, g_L = 12000 * nS, 3600 * nS, 30 * nS
E_Na, E_K, E_L = 50 * mV, -77 * mV, -54.402 * mV
C_m, tau_ex, tau_in, I_e = 100 * pF, 0.2 * ms, 2 * ms, 650 * pA
equations = """
dv/dt = (-g_Na * m**3 * h * (v - E_Na) - g_K * n**4 * (v - E_K) - g_L * (v - E_L)
         + I_ex + I_in + I_e) / C_m : volt
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
alpha_m = 0.1 / ms * (u + 40) / (1 - exp(-(u + 40) / 10)) : Hz
beta_m = 4 / ms * exp(-(u + 65) / 18) : Hz
alpha_h = 0.07 / ms * exp(-(u + 65) / 20) : Hz
beta_h = 1 / ms / (1 + exp(-(u + 35) / 10)) : Hz
alpha_n = 0.01 / ms * (u + 55) / (1 - exp(-(u + 55) / 10)) : Hz
beta_n = 0.125 / ms * exp(-(u + 65) / 80) : Hz
u = v / mV : 1
dI_ex/dt = dI_ex_dt - I_ex / tau_ex : amp
ddI_ex_dt/dt = -dI_ex_dt / tau_ex : amp / second
dI_in/dt = dI_in_dt - I_in / tau_in : amp
ddI_in_dt/dt = -dI_in_dt / tau_in : amp / second
"""
cells = NeuronGroup(N, equations, threshold="v > 0 * mV", refractory="v > 0 * mV",
                    method=METHOD)
# NEST's initial state: V = -65 mV, each gate at alpha / (alpha + beta) there
cells.v = -65 * mV
cells.m = 0.05293248525724958
cells.h = 0.5961207535084603
cells.n = 0.3176769140606974
spikes = SpikeMonitor(cells)
run(duration)
result = project.build_and_run()
n = int(spikes.num_spikes)
steps = int(round(duration / defaultclock.dt))
report({**result, "method": METHOD,
        "ns_per_neuron_step": result["simulate_s"] / (N * steps) * 1e9,
        "spikes": n, "rate_Hz": n / N / float(duration / second)})
project.done()
