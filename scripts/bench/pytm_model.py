"""OWASP pytm on a model of the same size and shape as kojo's benchmark model.

Zones become trust boundaries, assets become elements (servers, processes, datastores,
actors), flows become dataflows between them; then pytm checks the model and applies its
threat library (`TM.check()` + `TM.resolve()`), which is what `kojo assess` does with its
catalog. Prints the elapsed (wall) seconds of each phase and the CPU seconds of check+resolve.

Usage: python pytm_model.py ASSETS ZONES FLOWS [SEED]
"""

import random
import sys
import time

from pytm import TM, Actor, Boundary, Dataflow, Datastore, Process, Server


def main() -> None:
    assets, zones, flows = (int(a) for a in sys.argv[1:4])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed)
    t0 = time.perf_counter()
    TM.reset()
    tm = TM(f"synthetic factory {assets}/{zones}/{flows}")
    tm.description = "kojo benchmark shape: zones as boundaries, assets as elements"
    tm.isOrdered = False
    boundaries = [Boundary(f"zone-{z}") for z in range(zones)]
    kinds = [Server, Server, Process, Datastore, Actor]
    elements = []
    for a in range(assets):
        cls = rng.choice(kinds)
        e = cls(f"asset-{a}")
        e.inBoundary = boundaries[a % zones]
        elements.append(e)
    protocols = ["modbus-tcp", "s7comm", "opc-ua", "mqtt", "HTTPS", "enip"]
    for f in range(flows):
        src = elements[rng.randrange(assets)]
        dst = elements[rng.randrange(assets)]
        if dst is src:
            dst = elements[(elements.index(src) + 1) % assets]
        df = Dataflow(src, dst, f"flow-{f}")
        df.protocol = rng.choice(protocols)
        df.isEncrypted = rng.random() < 0.3
    t1 = time.perf_counter()
    c1 = time.process_time()
    tm.check()
    t2 = time.perf_counter()
    tm.resolve()
    t3 = time.perf_counter()
    c3 = time.process_time()
    findings = len(tm.findings)
    print(
        f"pytm: {assets} assets, {zones} zones, {flows} flows: build {t1 - t0:.3f} s, "
        f"check {t2 - t1:.3f} s, resolve {t3 - t2:.3f} s, {findings} findings"
    )
    print(f"pytm check+resolve: wall {t3 - t1:.3f} s, CPU {c3 - c1:.3f} s")
    print(f"PYTM_SECONDS {t3 - t1:.6f}")
    print(f"PYTM_CPU {c3 - c1:.6f}")


if __name__ == "__main__":
    main()
