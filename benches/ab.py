#!/usr/bin/env python3
"""Two vanban binaries side by side on the rebuilds of a 10,000-document tree.

`VANBAN_BENCH_TREE` sets the number of documents (as for `cargo bench --bench build`).

    python3 benches/ab.py OLD_BINARY NEW_BINARY [RUNS] [SCRATCH]

Makes (once) two trees of 10,000 copies of the sample plan (1,000 per folder, each with
its own number) under SCRATCH (default /tmp/vanban-ab), one for each binary, and builds
each with its binary. Then alternates the two binaries RUNS times (default 12; the first
2 runs dropped) for a no-op rebuild, and again for a one-edit rebuild (`number:` of
`plans/000/plan-00000.yaml` changed before each run, in both trees alike), and prints for
each binary the median and fastest wall time (the parent's clock) and the median user and
system time (the child's rusage). It asserts nothing; see "Benchmarks" in the README.
"""
import os, re, resource, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "plans/2018/ke-hoach-phong-chong-mai-dam.yaml")
N = int(os.environ.get("VANBAN_BENCH_TREE", "10000"))
PER_FOLDER = 1_000


def tree(path):
    if os.path.isdir(os.path.join(path, "plans")):
        return
    text = open(SAMPLE, encoding="utf-8").read()
    for i in range(N):
        d = os.path.join(path, "plans", f"{i // PER_FOLDER:03}")
        os.makedirs(d, exist_ok=True)
        doc = re.sub(r"(?m)^number: .*$", f"number: {i + 1}", text, count=1)
        with open(os.path.join(d, f"plan-{i:05}.yaml"), "w", encoding="utf-8") as f:
            f.write(doc)


def run(exe, t, edit, k):
    if edit:
        p = os.path.join(t, "plans/000/plan-00000.yaml")
        s = open(p, encoding="utf-8").read()
        s = re.sub(r"(?m)^number: .*$", f"number: {40000 + k}", s, count=1)
        open(p, "w", encoding="utf-8").write(s)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([exe, "--quiet", "build", "plans", "--out", "output"], cwd=t, check=True)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) * 1000, (r1.ru_stime - r0.ru_stime) * 1000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    exes = [os.path.abspath(e) for e in sys.argv[1:3]]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    scratch = sys.argv[4] if len(sys.argv) > 4 else "/tmp/vanban-ab"
    trees = [os.path.join(scratch, name) for name in ("a", "b")]
    for exe, t in zip(exes, trees):
        tree(t)
        subprocess.run([exe, "--quiet", "build", "plans", "--out", "output"], cwd=t, check=True)
    print(f"old: {exes[0]}\nnew: {exes[1]}\n{N} documents, {runs} runs each")
    for edit in (False, True):
        res = [[], []]
        for k in range(runs):
            for i, (exe, t) in enumerate(zip(exes, trees)):
                res[i].append(run(exe, t, edit, k))
        for i, v in enumerate(res):
            v = v[2:] or v
            med = lambda j: sorted(x[j] for x in v)[len(v) // 2]
            print(
                f"{'one-edit' if edit else 'no-op   '} {['old', 'new'][i]}: wall median {med(0):5.1f} ms, fastest {min(x[0] for x in v):5.1f} ms"
                f" | user {med(1):4.0f} ms, system {med(2):4.0f} ms"
            )


if __name__ == "__main__":
    main()
