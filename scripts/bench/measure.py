#!/usr/bin/env python3
"""The benchmark's measuring half, run by scripts/bench/run once binaries and inputs exist.

Every row runs gonogo and its peers in turn (A B C A B C …), first all pinned to core 0
(`taskset -c 0`), then free on every core, so that drift on a shared machine lands on both sides.
For each run it takes the CPU time (user + sys, from wait4, children included), the wall time and
the peak RSS. Ratios are taken pair by pair (gonogo's run against the peer's run next to it) and
reported as the median with the lowest and highest pair. The headline is the CPU-time ratio:
wall time is shown too, but on a machine whose cores other work also uses it is the noisiest
figure. Instruction counts (valgrind's callgrind) on smaller inputs are deterministic and back
the ratios up.

Usage: measure.py quick|full BIN_DIR  (run by scripts/bench/run, which builds BIN_DIR's tools
and generates the inputs under bench-out/suite first)
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time


def run_once(argv, pin):
    """(cpu seconds, wall seconds, peak RSS kB, exit code) of one run of argv."""
    if pin:
        argv = ["taskset", "-c", "0"] + argv
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return (usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss,
            os.waitstatus_to_exitcode(status))


def measure(commands, runs, pin, expected, warm_up, slow=(), slow_runs=None):
    """Runs every command `runs` times in turn, after one warm-up round when `warm_up` (to fill
    the page cache); the commands named in `slow` take part in the first `slow_runs` rounds only
    (and in no warm-up). {name: {round: sample}}."""
    samples = {name: {} for name, _ in commands}
    for round_ in range(runs + (1 if warm_up else 0)):
        counted = round_ - (1 if warm_up else 0)
        for name, argv in commands:
            if name in slow and slow_runs is not None and not 0 <= counted < slow_runs:
                continue
            cpu, wall, rss, code = run_once(argv, pin)
            if code not in expected.get(name, (0,)):
                raise SystemExit(f"bench: {name} exited {code}: {' '.join(argv)}")
            if counted >= 0:
                samples[name][counted] = (cpu, wall, rss)
    return samples


def pair_ratios(ours, theirs, field):
    """Ratios of the runs of the same round (gonogo's and the peer's next to it)."""
    return [ours[r][field] / theirs[r][field] for r in sorted(theirs)
            if r in ours and theirs[r][field] > 0]


def pair_diffs_ms(ours, theirs, field):
    return [(ours[r][field] - theirs[r][field]) * 1000 for r in sorted(theirs) if r in ours]


def values(samples, field):
    return [sample[field] for sample in samples.values()]


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def instructions(argv):
    """Instructions executed by argv (and the processes it starts), counted by callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         "--trace-children=yes"] + argv,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    counts = [int(m.replace(",", "")) for m in re.findall(r"Collected : ([\d,]+)", result.stderr)]
    if not counts:
        print(f"bench: callgrind counted nothing for {' '.join(argv)}:\n"
              + result.stderr[-1000:], file=sys.stderr)
        return None
    return sum(counts)


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) // (1024 * 1024)
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": memory,
            "kernel": platform.release(), "load_average": os.getloadavg()}


OUT = "bench-out/suite"
NOW = ["--now", "2026-12-01T09:00:00Z"]


def junit_rows(gonogo, mode):
    """JUnit rows: 1 %, 50 % and 100 % failing, and the 400 MB file in the full run."""
    size = 20 if mode == "quick" else 40
    rows = []
    for percent in (1, 50, 100):
        folder = f"{OUT}/junit-{size}mb-{percent}pct"
        peers = [{"name": "xmllint --stream", "argv": ["xmllint", "--stream", "--noout",
                                                       f"{folder}/junit.xml"]},
                 {"name": "junitparser", "slow": True,
                  "argv": ["python3", "scripts/bench/junitparser-count.py",
                           f"{folder}/junit.xml"]}]
        if percent == 50:
            peers[0]["target"] = {"max_ratio": 1.2}
        rows.append({"name": f"JUnit {size} MB, {percent}% failing", "input": folder,
                     "gonogo": [gonogo, "check", folder] + NOW + ["--color", "never"],
                     "gonogo_exit": [0, 1], "peers": peers, "rss_target_mb": 32})
    if mode == "full":
        folder = f"{OUT}/junit-400mb-50pct"
        rows.append({"name": "JUnit 400 MB, 50% failing", "input": folder, "runs": 3,
                     "gonogo": [gonogo, "check", folder] + NOW + ["--color", "never"],
                     "gonogo_exit": [0, 1], "rss_target_mb": 32,
                     "peers": [{"name": "xmllint --stream", "target": {"max_ratio": 1.2},
                                "argv": ["xmllint", "--stream", "--noout",
                                         f"{folder}/junit.xml"]}]})
    return rows


def suite(mode, bin_dir):
    gonogo = f"{bin_dir}/gonogo"
    # The binary callgrind counts: the same, stripped (valgrind 3.19 cannot read DWARF 5).
    counted = f"{bin_dir}/gonogo-callgrind"
    yams = f"{bin_dir}/yams-decode"
    baseline = f"{OUT}/baseline"
    cores = str(os.cpu_count() or 1)
    mono = f"{OUT}/monorepo-1000"
    quick = mode == "quick"
    # The quick run: the scan reports and the instruction counts on smaller inputs.
    trivy, sarif = ("trivy-5mb", "sarif-2mb") if quick else ("trivy-50mb", "sarif-20mb")
    small = {"checklist": "checklist-200" if quick else "checklist-1000",
             "monorepo": "monorepo-10" if quick else "monorepo-50",
             "junit": "junit-1mb-50pct" if quick else "junit-4mb-50pct",
             "trivy": "trivy-1mb" if quick else "trivy-5mb"}
    label = {"checklist-200": "200 gates", "checklist-1000": "1,000 gates",
             "monorepo-10": "10 services", "monorepo-50": "50 services",
             "junit-1mb-50pct": "1 MB, 50% failing", "junit-4mb-50pct": "4 MB, 50% failing",
             "trivy-1mb": "1 MB", "trivy-5mb": "5 MB", "trivy-50mb": "50 MB",
             "sarif-2mb": "2 MB", "sarif-20mb": "20 MB"}
    rows = [
        {"name": "start-up", "input": "gonogo --version", "runs": 20 if mode == "quick" else 40,
         "gonogo": [gonogo, "--version"],
         "peers": [{"name": "C hello-world", "argv": [f"{OUT}/hello"],
                    "target": {"max_diff_ms": 3}},
                   {"name": "/bin/true", "argv": ["/bin/true"]},
                   {"name": "jq --version", "argv": ["jq", "--version"]}]},
        # `--version` is answered before the command line is parsed; a real command's start-up
        # includes the parse (swift-argument-parser) and reading a file.
        {"name": "validate, 1 gate", "input": f"{OUT}/checklist-1.yaml",
         "runs": 10 if quick else 20,
         "gonogo": [gonogo, "validate", f"{OUT}/checklist-1.yaml"],
         "peers": [{"name": "C hello-world", "argv": [f"{OUT}/hello"]},
                   {"name": "C libyaml events", "argv": [baseline, f"{OUT}/checklist-1.yaml"]}]},
        {"name": "YAML 10,000 gates", "input": f"{OUT}/checklist.yaml",
         "gonogo": [gonogo, "validate", f"{OUT}/checklist.yaml"],
         "peers": [{"name": "C libyaml events", "argv": [baseline, f"{OUT}/checklist.yaml"],
                    "target": {"max_ratio": 1.5}},
                   {"name": "Yams YAMLDecoder", "argv": [yams,
                                                         f"{OUT}/checklist.yaml"],
                    "target": {"max_ratio": 0.5}, "slow": True},
                   # PyYAML takes seconds a run: the full run only.
                   ] + ([] if quick else [
                   {"name": "PyYAML CSafeLoader", "slow": True,
                    "argv": ["python3", "-c", "import sys, yaml; yaml.load(open(sys.argv[1]), "
                             "Loader=yaml.CSafeLoader)", f"{OUT}/checklist.yaml"]}])},
        {"name": "monorepo 1,000 services", "input": mono,
         "gonogo": [gonogo, "check", mono] + NOW + ["--format", "json"],
         "peers": [{"name": f"C parse, {cores} processes", "target": {"max_ratio": 1.5},
                    "argv": ["xargs", "-a", f"{OUT}/monorepo-1000-files.txt", "-P", cores,
                             "-n", "1000", baseline]}]},
    ] + junit_rows(gonogo, mode) + [
        {"name": f"Trivy JSON {label[trivy]}", "input": f"{OUT}/{trivy}",
         "gonogo": [gonogo, "check", f"{OUT}/{trivy}"] + NOW + ["--color", "never"],
         "gonogo_exit": [0, 1],
         "peers": [{"name": "jq length", "target": {"max_ratio": 1.0},
                    "argv": ["jq", "length", f"{OUT}/{trivy}/trivy.json"]}]},
        {"name": f"SARIF {label[sarif]}", "input": f"{OUT}/{sarif}",
         "gonogo": [gonogo, "check", f"{OUT}/{sarif}"] + NOW + ["--color", "never"],
         "gonogo_exit": [0, 1],
         "peers": [{"name": "jq length",
                    "argv": ["jq", "length", f"{OUT}/{sarif}/scan.sarif"]}]},
    ]
    checklist, monorepo = f"{OUT}/{small['checklist']}.yaml", f"{OUT}/{small['monorepo']}"
    junit, scan = f"{OUT}/{small['junit']}", f"{OUT}/{small['trivy']}"
    instructions = [
        {"name": "start-up", "input": "gonogo --version", "gonogo": [counted, "--version"],
         "peers": [{"name": "C hello-world", "argv": [f"{OUT}/hello"]},
                   {"name": "jq --version", "argv": ["jq", "--version"]}]},
        {"name": "validate, 1 gate", "input": f"{OUT}/checklist-1.yaml",
         "gonogo": [counted, "validate", f"{OUT}/checklist-1.yaml"],
         "peers": [{"name": "C hello-world", "argv": [f"{OUT}/hello"]}]},
        {"name": f"YAML {label[small['checklist']]}", "input": checklist,
         "gonogo": [counted, "validate", checklist],
         "peers": [{"name": "C libyaml events", "argv": [baseline, checklist]},
                   {"name": "Yams YAMLDecoder", "argv": [yams, checklist]}]},
        {"name": f"monorepo {label[small['monorepo']]}", "input": monorepo,
         "gonogo": [counted, "check", monorepo] + NOW + ["--format", "json"],
         "peers": [{"name": "C parse", "argv": ["xargs", "-a", f"{monorepo}-files.txt",
                                                "-n", "1000", baseline]}]},
        {"name": f"JUnit {label[small['junit']]}", "input": junit,
         "gonogo": [counted, "check", junit] + NOW + ["--color", "never"],
         "peers": [{"name": "xmllint --stream",
                    "argv": ["xmllint", "--stream", "--noout", f"{junit}/junit.xml"]}]},
        {"name": f"Trivy JSON {label[small['trivy']]}", "input": scan,
         "gonogo": [counted, "check", scan] + NOW + ["--color", "never"],
         "peers": [{"name": "jq length", "argv": ["jq", "length", f"{scan}/trivy.json"]}]},
    ]
    if quick:
        # Under callgrind every run is some 50 times slower: the quick run counts gonogo against
        # its C floors only, and leaves the scan report (1 G instructions) to the full run.
        instructions = [dict(row, peers=[p for p in row["peers"]
                                         if p["name"] not in ("Yams YAMLDecoder", "jq --version")])
                        for row in instructions
                        if not row["name"].startswith(("Trivy", "validate"))]
    return {"mode": mode, "binary": gonogo, "runs": 2 if quick else 7,
            "slow_runs": 1 if quick else None, "rows": rows,
            "instructions": instructions, "output": "bench-out/results.json"}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("quick", "full"):
        raise SystemExit(__doc__)
    config = suite(sys.argv[1], sys.argv[2])
    started = time.time()
    rows = []
    for row in config["rows"]:
        commands = [("gonogo", row["gonogo"])] + [(p["name"], p["argv"]) for p in row["peers"]]
        expected = {"gonogo": tuple(row.get("gonogo_exit", [0]))}
        runs = row.get("runs", config["runs"])
        slow = {p["name"] for p in row["peers"] if p.get("slow")}
        slow_runs = config.get("slow_runs")
        print(f"bench: {row['name']} ({runs} runs on core 0, then {runs} on all cores"
              + (f"; {', '.join(sorted(slow))} {slow_runs} each" if slow and slow_runs else "")
              + ")", file=sys.stderr)
        pinned = measure(commands, runs, True, expected, warm_up=True, slow=slow,
                         slow_runs=slow_runs)
        free = measure(commands, runs, False, expected, warm_up=False, slow=slow,
                       slow_runs=slow_runs)
        # Rounds numbered across both halves, so that pairs stay within one half.
        both = {name: {**pinned[name], **{runs + r: v for r, v in free[name].items()}}
                for name, _ in commands}
        ours = both["gonogo"]
        result = {
            "name": row["name"], "input": row["input"], "runs": runs,
            "gonogo": {
                "argv": row["gonogo"],
                "cpu_s": spread(values(ours, 0)),
                "wall_1core_s": spread(values(pinned["gonogo"], 1)),
                "wall_all_s": spread(values(free["gonogo"], 1)),
                "peak_rss_kb": max(values(ours, 2)),
            },
            "peers": [],
        }
        for peer in row["peers"]:
            name = peer["name"]
            theirs = both[name]
            entry = {
                "name": name, "argv": peer["argv"], "runs": len(pinned[name]),
                "cpu_s": spread(values(theirs, 0)),
                "wall_1core_s": spread(values(pinned[name], 1)),
                "wall_all_s": spread(values(free[name], 1)),
                "peak_rss_kb": max(values(theirs, 2)),
                # Pairs: gonogo's run and the peer's next to it, same cores.
                "cpu_ratio": spread(pair_ratios(ours, theirs, 0)),
                "wall_1core_ratio": spread(pair_ratios(pinned["gonogo"], pinned[name], 1)),
                "wall_all_ratio": spread(pair_ratios(free["gonogo"], free[name], 1)),
                "cpu_diff_ms": statistics.median(pair_diffs_ms(ours, theirs, 0)),
            }
            if "target" in peer:
                entry["target"] = peer["target"]
            result["peers"].append(entry)
        if "rss_target_mb" in row:
            result["rss_target_mb"] = row["rss_target_mb"]
        rows.append(result)
        for peer in result["peers"]:
            print(f"bench:   vs {peer['name']}: CPU {peer['cpu_ratio']['median']:.2f}x "
                  f"({result['gonogo']['cpu_s']['median'] * 1000:.1f} ms vs "
                  f"{peer['cpu_s']['median'] * 1000:.1f} ms), peak RSS "
                  f"{result['gonogo']['peak_rss_kb'] / 1024:.1f} MB", file=sys.stderr)

    counted = []
    for row in config.get("instructions", []):
        print(f"bench: instructions, {row['name']}", file=sys.stderr)
        ours = instructions(row["gonogo"])
        peers = []
        for peer in row["peers"]:
            theirs = instructions(peer["argv"])
            peers.append({"name": peer["name"], "argv": peer["argv"], "instructions": theirs,
                          "ratio": ours / theirs if ours and theirs else None})
        counted.append({"name": row["name"], "input": row["input"], "gonogo": ours,
                        "peers": peers})

    results = {
        "schema": "gonogo.bench/v1",
        "mode": config["mode"],
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "machine": machine(),
        "gonogo_binary": config["binary"],
        "rows": rows,
        "instructions": counted,
    }
    verdicts(results)
    os.makedirs(os.path.dirname(config["output"]), exist_ok=True)
    with open(config["output"], "w") as out:
        json.dump(results, out, indent=2)
        out.write("\n")
    print_table(results)
    sys.exit(0 if all(v["met"] for v in results["targets"]) else 1)


def verdicts(results):
    """The targets, each met or missed, from the medians."""
    targets = []
    for row in results["rows"]:
        for peer in row["peers"]:
            target = peer.get("target")
            if not target:
                continue
            if "max_diff_ms" in target:
                value = peer["cpu_diff_ms"]
                wall = (row["gonogo"]["wall_all_s"]["median"]
                        - peer["wall_all_s"]["median"]) * 1000
                met = value <= target["max_diff_ms"] and wall <= target["max_diff_ms"]
                text = (f"{row['name']}: CPU {value:+.1f} ms, wall {wall:+.1f} ms vs {peer['name']}"
                        f" (target within {target['max_diff_ms']} ms)")
            else:
                value = peer["cpu_ratio"]["median"]
                met = value <= target["max_ratio"]
                text = (f"{row['name']}: {value:.2f}x {peer['name']} by CPU time "
                        f"(target <= {target['max_ratio']}x)")
            targets.append({"row": row["name"], "peer": peer["name"], "value": value,
                            "met": met, "text": text})
        if "rss_target_mb" in row:
            rss = row["gonogo"]["peak_rss_kb"] / 1024
            targets.append({"row": row["name"], "peer": "peak RSS", "value": rss,
                            "met": rss <= row["rss_target_mb"],
                            "text": f"{row['name']}: peak RSS {rss:.1f} MB "
                                    f"(target <= {row['rss_target_mb']} MB)"})
    results["targets"] = targets


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def print_table(results):
    m = results["machine"]
    print(f"gonogo benchmark ({results['mode']}), {results['date']}, {m['cpu']}, "
          f"{m['cores']} cores, {m['memory_gib']} GiB, load {m['load_average'][0]:.1f} at start")
    print("Ratios are gonogo / peer, pair by pair: median [lowest-highest]. CPU = user + sys.")
    header = (f"{'row':<30} {'peer':<22} {'CPU ratio':>20} {'wall 1 core':>11} "
              f"{'wall all':>9} {'gonogo CPU ms':>13} {'peer CPU ms':>11} {'RSS MB':>7} {'n':>3}")
    print(header)
    print("-" * len(header))
    for row in results["rows"]:
        g = row["gonogo"]
        rss = f"{g['peak_rss_kb'] / 1024:.1f}"
        first = True
        for peer in row["peers"]:
            c = peer["cpu_ratio"]
            cpu = f"{c['median']:.2f}x [{c['min']:.2f}-{c['max']:.2f}]"
            print(f"{row['name'] if first else '':<30} {peer['name']:<22} {cpu:>20} "
                  f"{peer['wall_1core_ratio']['median']:>10.2f}x "
                  f"{peer['wall_all_ratio']['median']:>8.2f}x "
                  f"{ms(g['cpu_s']['median']) if first else '':>13} "
                  f"{ms(peer['cpu_s']['median']):>11} "
                  f"{rss if first else '':>7} {peer.get('runs', row['runs']):>3}")
            first = False
    if results["instructions"]:
        print()
        print("Instructions (callgrind, deterministic), gonogo / peer:")
        for row in results["instructions"]:
            for peer in row["peers"]:
                if peer["ratio"] is None:
                    print(f"  {row['name']:<34} vs {peer['name']:<22} not counted (see above)")
                    continue
                print(f"  {row['name']:<34} vs {peer['name']:<22} {peer['ratio']:>6.2f}x  "
                      f"({row['gonogo'] / 1e6:.1f}M vs {peer['instructions'] / 1e6:.1f}M)")
    print()
    print("Targets (CPU-time medians):")
    for target in results["targets"]:
        print(f"  {'ok    ' if target['met'] else 'MISSED'} {target['text']}")
    print(f"\n{results['seconds']} s of measuring; written to bench-out/results.json")


if __name__ == "__main__":
    main()
