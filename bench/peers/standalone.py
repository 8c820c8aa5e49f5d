"""What the Brian2 peer scripts (bench/peers/brian2_*.py) share: C++ standalone mode in a project
folder, and one timed build and run of it.

The times a script reports, in seconds:
  codegen_s      wall time in Python from the project's creation to the end of `run(...)`: the
                 network's definition and Brian2's code generation (standalone mode generates
                 the code of every object at `run`)
  compile_s      wall time of device.build(compile=True, run=False) in a fresh folder: writing
                 the project and compiling it; make runs with -j$MAKE_JOBS (default 1)
  build_s        codegen_s + compile_s: what comes before the program can run
  build_cpu_s    CPU time of both (Python's own, then the compilers', user + system)
  binary_s       wall time of the compiled program: loading the network, creating the synapses,
                 the run, writing the results
  simulate_s     the simulation loop alone, as Brian2 times it (device._last_run_time: std::clock
                 around the loop, i.e. CPU time with one thread)
  peak_rss_MiB   the program's maximum resident set (/usr/bin/time %M), when /usr/bin/time exists
"""
import os
import resource
import shutil
import sys
import tempfile
import time

from brian2 import device, prefs, set_device


def _cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class Project:
    """A C++ standalone project in the folder given as the script's first argument, or in a fresh
    temporary folder (deleted afterwards). Create it before the network."""

    def __init__(self, name):
        self.keep = len(sys.argv) > 1
        self.directory = sys.argv[1] if self.keep else tempfile.mkdtemp(prefix=f"brian2_{name}_")
        self.start, self.start_cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
        set_device("cpp_standalone", directory=self.directory, build_on_run=False)
        prefs.devices.cpp_standalone.extra_make_args_unix = [f"-j{os.environ.get('MAKE_JOBS', 1)}"]
        self.rss_file = os.path.join(os.path.abspath(self.directory), "results", "peak_rss.txt")
        if os.path.exists("/usr/bin/time"):
            prefs.devices.cpp_standalone.run_cmd_unix = [
                "/usr/bin/time", "-f", "%M", "-o", self.rss_file, "./main"]

    def build_and_run(self):
        """Generates, compiles and runs the project after `run(...)`; returns the times."""
        codegen_s = time.perf_counter() - self.start
        cpu = _cpu(resource.RUSAGE_SELF) - self.start_cpu
        children, t0 = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        device.build(directory=self.directory, compile=True, run=False)
        compile_s = time.perf_counter() - t0
        cpu += _cpu(resource.RUSAGE_CHILDREN) - children
        t1 = time.perf_counter()
        device.run(self.directory, with_output=False, run_args=[])
        times = {"codegen_s": codegen_s, "compile_s": compile_s, "build_s": codegen_s + compile_s,
                 "build_cpu_s": cpu, "binary_s": time.perf_counter() - t1,
                 "simulate_s": device._last_run_time}
        if os.path.exists(self.rss_file):
            with open(self.rss_file) as f:
                times["peak_rss_MiB"] = int(f.read().split()[-1]) / 1024
        return times

    def done(self):
        if not self.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def report(values):
    """Prints one line of key=value pairs (floats with 4 decimals), the format bench/run keeps."""
    print(" ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
                   for k, v in values.items()))
