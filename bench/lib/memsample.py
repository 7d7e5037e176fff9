#!/usr/bin/env python3
"""Samples the memory and CPU time of a relay until SIGTERM, then prints its peaks in KiB and the CPU seconds
its processes used meanwhile (user + system, with the children they reaped: Postfix daemons that exit).

    memsample.py --pid PID      one process (the engine's JVM)
    memsample.py --sid SID      every process of a session (a Postfix master and its daemons)

PSS (proportional set size) is summed, so that the shared pages of Postfix's many processes count once
overall, not once per process; peak RSS of the sum is printed too. One process reading /proc every
200 ms, so the sampler itself costs the machine little.
"""
import os, signal, sys, time

def pids(args):
    if args[0] == "--pid":
        return [int(args[1])]
    sid = int(args[1])
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[3]) == sid:
                    out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out

TICK = os.sysconf("SC_CLK_TCK")

def cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
    except (OSError, IndexError, ValueError):
        return 0.0

def sample(pid):
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss

stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
peak_pss = peak_rss = 0
first_cpu = last_cpu = None
while True:
    tp = tr = 0
    tc = 0.0
    for p in pids(sys.argv[1:]):
        a, b = sample(p)
        tp += a
        tr += b
        tc += cpu(p)
    peak_pss, peak_rss = max(peak_pss, tp), max(peak_rss, tr)
    first_cpu = tc if first_cpu is None else first_cpu
    last_cpu = tc
    if stop:
        break
    time.sleep(0.2)
print(f"peak_pss_kib={peak_pss} peak_rss_kib={peak_rss} cpu_s={last_cpu - first_cpu:.2f}", flush=True)
