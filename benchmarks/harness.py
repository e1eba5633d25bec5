"""What the benchmark scripts share: measuring, child processes, summaries, output.

* Memory of the current process: :func:`rss_bytes` (``/proc/self/statm``), the
  kernel's high-water mark (:func:`reset_peak_rss`, :func:`peak_rss_bytes`),
  :class:`RssSampler` (a thread sampling the RSS every 5 ms; numba kernels
  hold the GIL while they run, hence the high-water mark as well) and
  :class:`Measure`, which combines them with a wall-clock timer around the
  measured part of a run.
* Child processes: every measured run happens in a fresh interpreter running
  the benchmark script itself with a hidden ``--child`` option
  (:func:`run_child`); the child writes its record as JSON to a file named by
  ``--result`` (:func:`child_main`). :func:`child_env` gives children the
  source tree first on ``PYTHONPATH`` and ``PYTHONHASHSEED=0`` (gensim seeds
  its initial vectors with Python's ``hash``).
* Scheduling and summaries: :func:`rotated` (the tool order of a repeat,
  rotated from one repeat to the next so that slow drifts of a shared machine
  hit all tools alike), :func:`median_of`, :func:`paired_difference` (mean
  and t confidence interval of paired differences).
* Reporting: :func:`machine_info` (CPU, versions, the sksg checkout and a
  fingerprint of its sources), :func:`md_table`, :func:`fmt_ratio`,
  :func:`write_results` (``results/<name>.json`` and ``<name>.md``).

This module is imported by children that run under another interpreter (the
PecanPy environment of ``bench_graph.py``), so it imports neither sksg nor
anything beyond numpy at module level.
"""

import gc
import hashlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SAMPLE_EVERY = 0.005  # seconds between RSS samples
MIB = 2**20


def use_source_tree():
    """Benchmark the source tree the scripts live in, if any; else an installed sksg."""
    if (ROOT / "sksg" / "__init__.py").is_file() and str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


# -- measuring inside a process ------------------------------------------------


def rss_bytes():
    """Resident set size of this process, from ``/proc/self/statm``."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def reset_peak_rss():
    """Reset the kernel's RSS high-water mark; False if not permitted."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_bytes():
    """The kernel's RSS high-water mark (``VmHWM``) of this process."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """Context manager: a thread that records the peak RSS every ``interval`` s."""

    def __init__(self, interval=SAMPLE_EVERY):
        self.interval = interval
        self.peak = 0
        self.n_samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        self.peak = max(self.peak, rss_bytes())
        self.n_samples += 1

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()
        return False


class Measure:
    """Context manager around the measured part of a run: wall time and peak memory.

    On entry: garbage collection, the baseline RSS, a reset of the kernel's
    high-water mark, then the RSS sampler and the timer start. The peak is the
    larger of the sampled peak and the high-water mark, minus the baseline
    (:meth:`record`); ``wall`` is the wall time in seconds.
    """

    def __enter__(self):
        gc.collect()
        self.baseline = rss_bytes()
        self.hwm_ok = reset_peak_rss()
        self.sampler = RssSampler().__enter__()
        self.tic = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.tic
        self.sampler.__exit__(*exc)
        self.hwm = peak_rss_bytes() if self.hwm_ok else 0
        return False

    def record(self):
        """The memory figures in MiB: baseline, sampled and kernel peaks, the peak used."""
        base = self.baseline
        return {
            "baseline_rss_mib": base / MIB,
            "sampled_peak_mib": (self.sampler.peak - base) / MIB,
            "hwm_peak_mib": (self.hwm - base) / MIB if self.hwm_ok else None,
            "peak_mib": (max(self.sampler.peak, self.hwm) - base) / MIB,
            "rss_samples": self.sampler.n_samples,
        }


# -- child processes -------------------------------------------------------------


def child_env(**extra):
    """Environment of child processes: the source tree first, fixed hash seed."""
    env = dict(os.environ, PYTHONHASHSEED="0", **extra)
    if (ROOT / "sksg" / "__init__.py").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_process(cmd, env, cwd):
    """Run ``cmd``; return its standard output, or raise with its output if it fails."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} failed with code {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    return proc.stdout


def run_child(script, mode, options, workdir, python=None, env=None):
    """Run ``script --child mode`` in a fresh interpreter; return the record it wrote.

    ``options`` maps option names (without ``--``) to values, passed as
    ``--name value``; ``python`` is the interpreter (default: this one).
    """
    result = Path(workdir) / f"result-{os.getpid()}-{time.monotonic_ns()}.json"
    cmd = [str(python or sys.executable), str(Path(script).resolve()), "--child", mode]
    for name, value in options.items():
        cmd += [f"--{name}", str(value)]
    cmd += ["--result", str(result)]
    run_process(cmd, env or child_env(), workdir)
    record = json.loads(result.read_text())
    result.unlink()
    return record


def child_main(children, args):
    """In a child: run ``children[args.child](args)``, write its record to ``args.result``."""
    args.result.write_text(json.dumps(children[args.child](args)))


# -- scheduling and summaries --------------------------------------------------------


def rotated(tools, repeat):
    """The order of ``tools`` in repeat ``repeat``: rotated by one each repeat."""
    tools = tuple(tools)
    k = repeat % len(tools)
    return tools[k:] + tools[:k]


def median_of(records, key):
    """Median of ``key`` over ``records`` that hold a value for it (None if none do)."""
    values = [r[key] for r in records if r.get(key) is not None]
    return statistics.median(values) if values else None


def paired_difference(a, b, confidence=0.95):
    """Mean of the paired differences ``a[i] - b[i]`` and its t confidence interval.

    Returns ``{"n", "mean", "sd", "ci_low", "ci_high", "confidence"}``; the
    interval is None with fewer than two pairs.
    """
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    n = len(diffs)
    mean = statistics.fmean(diffs) if n else float("nan")
    out = {"n": n, "mean": mean, "sd": None, "ci_low": None, "ci_high": None}
    out["confidence"] = confidence
    if n >= 2:
        from scipy import stats

        sd = statistics.stdev(diffs)
        half = stats.t.ppf((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
        out.update(sd=sd, ci_low=mean - half, ci_high=mean + half)
    return out


# -- machine description -----------------------------------------------------------


def version(dist):
    """Installed version of a distribution, or None."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            return next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
                "unknown",
            )
    except OSError:
        return "unknown"


def machine_info(dists=("gensim",)):
    """CPU, Python, sksg (version, path, git revision, source fingerprint), numba, numpy.

    ``dists``: further distributions whose versions to record.
    """
    import numba
    import numpy as np

    import sksg

    info = {
        "cpu": cpu_name(),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sksg": sksg.__version__,
        "sksg_path": str(Path(sksg.__file__).parent),
        "sksg_git": git_revision(Path(sksg.__file__).parent),
        "sksg_source_sha256": source_fingerprint(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "scikit-learn": version("scikit-learn"),
        "numba_threading_layer_env": os.environ.get("NUMBA_THREADING_LAYER"),
        "numba_num_threads": numba.config.NUMBA_NUM_THREADS,
    }
    info.update({d: version(d) for d in dists})
    return info


def source_fingerprint():
    """SHA-256 of sksg's Python sources, to detect edits during a benchmark."""
    import sksg

    digest = hashlib.sha256()
    for path in sorted(Path(sksg.__file__).parent.rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sources_changed(machine):
    """Whether sksg's sources changed since ``machine_info``; warns if so."""
    changed = source_fingerprint() != machine["sksg_source_sha256"]
    if changed:
        print(
            "warning: sksg's sources changed during the benchmark (numba recompiles "
            "edited modules, and runs may have measured different code)",
            flush=True,
        )
    return changed


def warn_threads(machine, threads):
    if max(threads) > machine["nproc"]:
        print(f"warning: more threads than the {machine['nproc']} available CPUs", flush=True)


def git_revision(path):
    """``git describe`` of the checkout holding ``path`` (None if not a checkout)."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=path,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


# -- output ------------------------------------------------------------------------


def md_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}x"


def footnotes(results):
    """The warnings every report ends with: edited sources, more threads than CPUs."""
    s, m = results["settings"], results["machine"]
    parts = []
    if s.get("sksg_sources_changed_during_run"):
        parts += ["", "Warning: sksg's sources changed during this run; do not publish it."]
    if any(int(t) > m["nproc"] for t in s["threads"]):
        parts += ["", f"Note: some thread counts exceed the {m['nproc']} available CPUs."]
    return parts


def default_out(name, quick):
    """``results/<name>.json``, or ``results/<name>-quick.json`` for a smoke test."""
    return RESULTS / (f"{name}-quick.json" if quick else f"{name}.json")


def write_results(results, markdown, out):
    """Write the raw numbers (JSON) and the tables (markdown, same stem); print the tables."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    md_path = out.with_suffix(".md")
    md_path.write_text(markdown)
    print()
    print(markdown)
    print(f"wrote {out} and {md_path}")


def int_list(s):
    """``"1,2"`` -> ``[1, 2]`` (for ``--threads``)."""
    return [int(x) for x in s.split(",") if x.strip()]
