#!/usr/bin/python3
"""The Brunel (2000) network of NEST's brunel_alpha_nest example in Brian2's C++ standalone mode,
with the parameters of axon's network/brunel (bench/networks.cpp, examples/brunel.hpp): NE =
10 000 and NI = 2 500 leaky integrate-and-fire neurons with alpha-shaped synaptic currents
(NEST's iaf_psc_alpha), CE = 1 000 excitatory and CI = 250 inhibitory inputs per neuron drawn
with replacement (NEST's fixed_indegree with multapses), J = 0.1 mV PSP peak, g = 5, delay
1.5 ms, dt = 0.1 ms, and every neuron its own Poisson drive at eta nu_th CE, 1000 ms.

N. Brunel (2000), Dynamics of sparsely connected networks of excitatory and inhibitory spiking
neurons. J. Comput. Neurosci. 8, 183-208.

Usage: bench/peers/brian2_brunel.py [BUILD_DIR]   (Debian: apt install python3-brian)
Prints one line: codegen_s=... compile_s=... build_s=... build_cpu_s=... binary_s=...
simulate_s=... peak_rss_MiB=... synapses=... rate_E_Hz=... rate_I_Hz=... rate_Hz=...
"""
import math
import sys

import numpy as np
from brian2 import (NeuronGroup, PoissonInput, SpikeMonitor, Synapses, defaultclock, Hz, ms, mV,
                    pA, pF, run, second)
from scipy.special import lambertw

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from standalone import Project, report  # noqa: E402

project = Project("brunel")
defaultclock.dt = 0.1 * ms
order = 2500
NE, NI = 4 * order, order
CE, CI = NE // 10, NI // 10
g, eta, J, delay = 5.0, 2.0, 0.1, 1.5 * ms
tau_s, tau_m, C_m, theta, t_ref = 0.5, 20.0, 250.0, 20.0, 2.0  # ms, ms, pF, mV, ms


def psp_peak_per_pA():
    """Peak (mV) of the PSP that an alpha current of 1 pA peak causes at rest: with a = tau_m /
    tau_s and b = 1/tau_s - 1/tau_m it lies at t = (-W_-1(-e^(-1/a) / a) - 1/a) / b."""
    a, b = tau_m / tau_s, 1 / tau_s - 1 / tau_m
    t = (-lambertw(-math.exp(-1 / a) / a, k=-1).real - 1 / a) / b
    return math.e / (tau_s * C_m * b) * (
        (math.exp(-t / tau_m) - math.exp(-t / tau_s)) / b - t * math.exp(-t / tau_s))


J_ex = J / psp_peak_per_pA()  # pA, 20.68
J_in = -g * J_ex
nu_th = theta * C_m / (J_ex * CE * math.e * tau_m * tau_s)  # per ms, per input

# I is the alpha-shaped current: a spike adds e J to x, and I = e J (t / tau_s) e^(-t / tau_s)
# then peaks at J after tau_s. The membrane is held at V_reset (0 mV) while refractory.
equations = """
dv/dt = -v / tau_m_ + I / C_m_ : volt (unless refractory)
dI/dt = (x - I) / tau_s_ : amp
dx/dt = -x / tau_s_ : amp
"""
tau_m_, tau_s_, C_m_ = tau_m * ms, tau_s * ms, C_m * pF
cells = NeuronGroup(NE + NI, equations, threshold="v >= theta * mV", reset="v = 0 * mV",
                    refractory=t_ref * ms, method="exact")
cells.v = 0 * mV
kick_ex, kick_in = math.e * J_ex * pA, math.e * J_in * pA
rng = np.random.default_rng()
targets = NE + NI
from_E = Synapses(cells, cells, on_pre="x_post += kick_ex", delay=delay)
from_E.connect(i=rng.integers(0, NE, size=targets * CE, dtype=np.int32),
               j=np.repeat(np.arange(targets, dtype=np.int32), CE))
from_I = Synapses(cells, cells, on_pre="x_post += kick_in", delay=delay)
from_I.connect(i=rng.integers(NE, NE + NI, size=targets * CI, dtype=np.int32),
               j=np.repeat(np.arange(targets, dtype=np.int32), CI))
# CE independent inputs at eta nu_th each: a binomial count per neuron and step, with the mean of
# the Poisson count at eta nu_th CE = 17 789 Hz and a variance 0.2 % below it
drive = PoissonInput(cells, "x", N=CE, rate=eta * nu_th * 1000 * Hz, weight=kick_ex)
spikes = SpikeMonitor(cells)
run(1 * second)
result = project.build_and_run()
senders = np.asarray(spikes.i)
n_E = int(np.count_nonzero(senders < NE))
n_I = len(senders) - n_E
report({**result, "synapses": targets * (CE + CI), "J_ex_pA": J_ex,
        "p_rate_Hz": eta * nu_th * CE * 1000, "rate_E_Hz": n_E / NE, "rate_I_Hz": n_I / NI,
        "rate_Hz": len(senders) / (NE + NI)})
project.done()
