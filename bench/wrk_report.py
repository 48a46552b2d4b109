#!/usr/bin/env python3
"""Parses wrk --latency outputs and prints the Markdown report of bench/http_vs_nginx.sh.

Usage: wrk_report.py DIR            the timed rounds: DIR/TARGET.ROUND.txt
       wrk_report.py --light DIR    a simple table of DIR/TARGET.1.txt

Besides wrk's own output, each file may end with lines added by http_vs_nginx.sh:
  Server CPU: N ticks of 1/HZ s
  Other CPU: X s (machine busy …)
  Lakeguard counted: 2xx N 4xx N 5xx N cache hits N misses N
The reference target is "nginx"; the goals (issue 7 §3) are judged on "lakeguard-io1" (cached
reads, one I/O thread against one nginx worker process: ≥ 0.8 × nginx) and on
"lakeguard-io1-uncached" (every request a read-cache miss that goes to the store: ≥ 0.4 × nginx),
both with p99 ≤ 10 ms at 64 connections.
"""

import math
import pathlib
import re
import statistics
import sys

GOAL_P99_MS = 10.0  # lakeguard p99 ≤ 10 ms
REFERENCE = "nginx"
# Judged targets and their req/s goal as a fraction of nginx's (issue 7 §3).
JUDGED = {"lakeguard-io1": 0.8, "lakeguard-io1-uncached": 0.4}
NOISY_CORES = 0.25  # other processes used more than this during a run: marked noisy

UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
NAN = float("nan")


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unknown latency {text!r}")
    return float(m.group(1)) * UNIT_MS[m.group(2)]


def parse(path):
    t = path.read_text()
    out = {"file": path.name}
    m = re.search(r"Requests/sec:\s+([\d.]+)", t)
    if not m:
        raise ValueError(f"{path}: no Requests/sec line (wrk failed?)\n{t}")
    out["rps"] = float(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", t, re.M)
        out[f"p{pct}"] = to_ms(m.group(1)) if m else NAN
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m), (\S+) read", t)
    out["requests"] = int(m.group(1)) if m else 0
    out["secs"] = to_ms(m.group(2) + m.group(3)) / 1e3 if m else NAN
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    out["sockerr"] = sum(int(x) for x in m.groups()) if m else 0
    m = re.search(r"Server CPU: (\d+) ticks of 1/(\d+) s", t)
    cpu_s = int(m.group(1)) / int(m.group(2)) if m else NAN
    out["cpu_us_per_req"] = cpu_s * 1e6 / out["requests"] if out["requests"] else NAN
    out["cores"] = cpu_s / out["secs"]
    m = re.search(r"Other CPU: (-?[\d.]+) s", t)
    out["other_cores"] = max(0.0, float(m.group(1))) / out["secs"] if m else NAN
    m = re.search(r"Lakeguard counted: 2xx (\d+) 4xx (\d+) 5xx (\d+) cache hits (\d+) misses (\d+)", t)
    if m:
        s2, s4, s5, h, mi = map(int, m.groups())
        out.update(lg2xx=s2, lg4xx=s4, lg5xx=s5, hits=h, misses=mi)
        out["hit_pct"] = 100.0 * h / (h + mi) if h + mi else NAN
    return out


def f2(x):
    return "–" if math.isnan(x) else f"{x:.2f}"


def f0(x):
    return "–" if math.isnan(x) else f"{x:.0f}"


def light(d):
    print("| target | req/s | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    names = sorted(d.glob("*.txt"), key=lambda f: (not f.name.startswith(REFERENCE), f.name))
    for f in names:
        r = parse(f)
        print(f"| {f.name[: -len('.1.txt')]} | {r['rps']:.0f} | {f2(r['p50'])} | {f2(r['p90'])} | "
              f"{f2(r['p99'])} | {r['non2xx']} | {r['sockerr']} |")


def main():
    if sys.argv[1] == "--light":
        return light(pathlib.Path(sys.argv[2]))
    d = pathlib.Path(sys.argv[1])
    runs = {}
    for f in sorted(d.glob("*.txt")):
        m = re.fullmatch(r"(.+)\.(\d+)\.txt", f.name)
        if m:
            runs.setdefault(m.group(1), []).append((int(m.group(2)), parse(f)))
    missing = [k for k in [REFERENCE, *JUDGED] if k not in runs]
    if missing:
        sys.exit(f"no runs of {', '.join(missing)} found")
    order = [REFERENCE] + sorted(k for k in runs if k != REFERENCE)

    print("Per run (rounds interleaved; *other cores*: CPU used by everything but the server and "
          f"wrk during the run; runs above {NOISY_CORES} are marked ⚠):\n")
    print("| target | round | req/s | p50 ms | p90 ms | p99 ms | requests | non-2xx/3xx | socket errors "
          "| server CPU µs/req | server cores | other cores | lakeguard 2xx / 4xx / 5xx | cache hits |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in order:
        for rnd, r in sorted(runs[k], key=lambda x: x[0]):
            noisy = " ⚠" if r["other_cores"] > NOISY_CORES else ""
            lg = f"{r['lg2xx']} / {r['lg4xx']} / {r['lg5xx']}" if "lg2xx" in r else "–"
            hits = f"{r['hit_pct']:.1f} %" if "hit_pct" in r and not math.isnan(r["hit_pct"]) else "–"
            print(f"| {k} | {rnd} | {r['rps']:.0f} | {f2(r['p50'])} | {f2(r['p90'])} | {f2(r['p99'])} | "
                  f"{r['requests']} | {r['non2xx']} | {r['sockerr']} | {f0(r['cpu_us_per_req'])} | "
                  f"{f2(r['cores'])} | {f2(r['other_cores'])}{noisy} | {lg} | {hits} |")

    med = {}
    for k in order:
        rs = [r for _, r in runs[k]]
        best = max(rs, key=lambda r: r["rps"])
        med[k] = {
            "rps": statistics.median(r["rps"] for r in rs),
            "best": best["rps"],
            "p50": statistics.median(r["p50"] for r in rs),
            "p99": statistics.median(r["p99"] for r in rs),
            "p99best": min(r["p99"] for r in rs),
            "p99worst": max(r["p99"] for r in rs),
            "non2xx": sum(r["non2xx"] for r in rs),
            "sockerr": sum(r["sockerr"] for r in rs),
            "bad": sum(r.get("lg4xx", 0) + r.get("lg5xx", 0) for r in rs),
            "cpu": statistics.median(r["cpu_us_per_req"] for r in rs),
            "n": len(rs),
        }
    ref, ref_best = med[REFERENCE]["rps"], med[REFERENCE]["best"]
    print("\nSummary (median of the rounds; *best*: the round with the most req/s, the least "
          "disturbed by other work on the machine):\n")
    print("| target | rounds | req/s median | × nginx (median) | req/s best | × nginx (best) | p50 ms | "
          "p99 ms median | p99 ms best / worst | server CPU µs/req | non-2xx, socket errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in order:
        m = med[k]
        print(f"| {k} | {m['n']} | {m['rps']:.0f} | {m['rps'] / ref:.2f} | {m['best']:.0f} | "
              f"{m['best'] / ref_best:.2f} | {f2(m['p50'])} | {f2(m['p99'])} | "
              f"{f2(m['p99best'])} / {f2(m['p99worst'])} | {f0(m['cpu'])} | "
              f"{m['non2xx']}, {m['sockerr']} |")
    print("\n*Server CPU µs/req*: CPU time (user + system, all threads and processes of the server) "
          "during the run divided by the requests answered; it depends much less on the other load "
          "on the machine than req/s does.")

    print()
    ok = True
    borderline = False
    for k in [k for k in order if k.startswith("lakeguard")]:
        m = med[k]
        ratio, ratio_best = m["rps"] / ref, m["best"] / ref_best
        goal = JUDGED.get(k, 0.4)
        r_ok = ratio >= goal
        rb_ok = ratio_best >= goal
        p_ok = m["p99"] <= GOAL_P99_MS
        e_ok = m["non2xx"] == 0 and m["bad"] == 0
        judged = " (judged)" if k in JUDGED else " (for information)"
        note = "" if r_ok == rb_ok else f" — but {ratio_best:.2f} best round vs best round: borderline"
        print(f"- {k}{judged}: req/s ratio {ratio:.2f} (goal ≥ {goal}) {'MET' if r_ok else 'MISSED'}{note}; "
              f"p99 {m['p99']:.2f} ms (goal ≤ {GOAL_P99_MS:g} ms) {'MET' if p_ok else 'MISSED'}; "
              f"non-200: {'none' if e_ok else str(m['non2xx'] + m['bad'])}; socket errors: {m['sockerr']}")
        if k in JUDGED:
            ok = ok and r_ok and p_ok and e_ok
            borderline = borderline or r_ok != rb_ok
    verdict = "PASS" if ok else "FAIL"
    if borderline:
        verdict += " (borderline: median and best-round ratios disagree)"
    print(f"\nRESULT http_vs_nginx: {verdict}")


if __name__ == "__main__":
    main()
