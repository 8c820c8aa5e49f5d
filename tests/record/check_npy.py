"""numpy.load reads what the npy backend writes, in one call, equal to the csv backend's file.

Usage: check_npy.py TEST_BACKENDS_EXECUTABLE OUTPUT_FOLDER (run by ctest when numpy is found).
"""
import csv
import os
import subprocess
import sys

import numpy as np

exe, out = sys.argv[1], sys.argv[2]
env = dict(os.environ, AXON_EXPORT_DIR=out)
subprocess.run([exe, "[export]"], env=env, check=True)
for name, ints in (("multimeter-4-0", 1), ("spike_recorder-5-0", 1), ("weight_recorder-6-0", 2)):
    a = np.load(os.path.join(out, "npy", name + ".npy"))
    with open(os.path.join(out, "csv", name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    assert list(a.dtype.names) == header, (a.dtype.names, header)
    assert a.shape == (len(rows),), (a.shape, len(rows))
    for i, field in enumerate(header):
        want = [int(r[i]) if i < ints else float(r[i]) for r in rows]
        assert a[field].tolist() == want, field
    print(name, a.dtype, a.shape, "ok")
