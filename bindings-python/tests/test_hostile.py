"""Hostile input through every entry point: no crash, no hang, and every error a SportelloError
with a code (issue 15). The calls run in a child process (hostile_driver.py) so that a crash is
seen and named, and each call has its own timeout."""

import pathlib
import selectors
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
PER_CALL_SECONDS = 10


def test_every_entry_point_survives_hostile_input():
    child = subprocess.Popen([sys.executable, str(HERE / "hostile_driver.py")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sel = selectors.DefaultSelector()
    sel.register(child.stdout, selectors.EVENT_READ)
    current, bad, samples, calls, done = None, [], [], 0, False
    deadline = time.monotonic() + PER_CALL_SECONDS
    while True:
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            child.kill()
            bad.append(f"{current}: hung (over {PER_CALL_SECONDS} s)")
            break
        line = child.stdout.readline()
        if not line:
            break
        line = line.rstrip("\n")
        if line.startswith("START "):
            current, deadline = line[6:], time.monotonic() + PER_CALL_SECONDS
            calls += 1
        elif line.startswith("BAD "):
            bad.append(line[4:])
        elif line.startswith("SAMPLE "):
            samples.append(line[7:])
        elif line == "DONE":
            done = True
    code = child.wait()
    if not done and code != 0 and not any("hung" in b for b in bad):
        bad.append(f"{current}: the process died (exit {code})")
    assert not samples, "samples that could not be made:\n" + "\n".join(samples)
    assert calls > 1000, calls
    assert not bad, f"{len(bad)} of {calls} hostile calls misbehaved:\n" + "\n".join(bad[:80])
