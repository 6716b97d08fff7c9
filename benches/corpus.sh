#!/usr/bin/env bash
# Times the whole CLI (reading, every rule, JSONL written to a file) over generated corpora
# with 1 and 2 threads: wall time, MB/s, documents/s, CPU time and MB per CPU-second (the
# per-core figure), peak RSS, whether both runs wrote identical bytes, and the speedup
# of two threads against what two one-thread processes side by side give (the machine's
# ceiling for it), from runs made in turn; a one-thread run's start-up CPU time apart from
# its cost per megabyte; with perf, the cycles per byte and the clock
# the CPU ran at. Then runs the short corpus as --stdin-jsonl requests (peak RSS), and
# times one 50 KB manuscript of each citation style and language, cold.
#
# Corpora:
#   short  DOCUMENTS copies of the fixtures (default 4000): 2 KB documents holding ~10
#          citations and references per KB, about seven times a real paper's density.
#   long   400 manuscripts of ~30 KB: each fixture's body repeated before its reference list
#          (~13 citations and references per KB, nearly all citations).
#   paper  3,000 copies of the full-length fixture manuscripts (tests/fixtures/manuscripts):
#          11 KB reviews with sections, ~5 citations and references per KB.
#          The two manuscripts, one English and one Chinese, alternate.
#   paper_by_language  the same files, the English ones in one folder and the Chinese in
#          another, as an archive keeps them: the caches stay with one language.
#   real   the real manuscripts in ../shared (seeds, PDF-extracted text, JATS) copied to
#          ~20 MB, when ../shared is there; then the same split by kind, each to ~20 MB:
#   jats   the JATS articles alone (PubMed Central's format, the meta-research route);
#   text   the plain-text manuscripts alone (PDF-extracted text and the seeds).
# Usage: benches/corpus.sh [DOCUMENTS]
# With CITELINT_BIN set, times that binary instead of building this checkout's: run it once
# with an older build and once without, in the same minutes, to compare the two on a machine
# whose speed drifts.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-4000}
if [ -n "${CITELINT_BIN:-}" ]; then
  bin=$CITELINT_BIN
else
  cargo build --release --quiet
  bin=target/release/citelint
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$count" <<'PY'
import os, pathlib, re, sys
work, count = pathlib.Path(sys.argv[1]), int(sys.argv[2])
fixtures = sorted(p for p in pathlib.Path("tests/fixtures").iterdir() if p.suffix in (".txt", ".md"))
texts = [p.read_text(encoding="utf-8") for p in fixtures]
for i in range(count):
    folder = work / "short" / f"{i // 500:03d}"
    folder.mkdir(parents=True, exist_ok=True)
    k = i % len(texts)
    (folder / f"doc{i:05d}{fixtures[k].suffix}").write_text(f"Manuscript {i}\n\n{texts[k]}", encoding="utf-8")
heading = re.compile(r"^(?:#+ *)?(?:References|参考文献)\s*$", re.M)
splits = []
for path, text in zip(fixtures, texts):
    found = list(heading.finditer(text))
    if found:
        at = found[-1].start()
        splits.append((path.suffix, text[:at], text[at:]))
(work / "long").mkdir()
for i in range(400):
    suffix, body, refs = splits[i % len(splits)]
    copies = max(1, 30000 // len(body.encode("utf-8")))
    (work / "long" / f"doc{i:04d}{suffix}").write_text(f"Manuscript {i}\n\n" + body * copies + refs, encoding="utf-8")
papers = sorted(pathlib.Path("tests/fixtures/manuscripts").iterdir())
paper_texts = [p.read_text(encoding="utf-8") for p in papers]
# Each file is linked again into paper_by_language, in a folder for its language, as a
# journal archive keeps them: the paper corpus alternates its languages, which costs a
# quarter of its speed.
languages = ["zh" if len(re.findall(r"[\u4e00-\u9fff]", t)) * 10 > len(t) else "en" for t in paper_texts]
(work / "paper").mkdir()
for language in set(languages):
    (work / "paper_by_language" / language).mkdir(parents=True)
for i in range(3000):
    k = i % len(papers)
    path = work / "paper" / f"doc{i:04d}{papers[k].suffix}"
    path.write_text(f"Manuscript {i}\n\n{paper_texts[k]}", encoding="utf-8")
    os.link(path, work / "paper_by_language" / languages[k] / path.name)
shared = pathlib.Path("../shared")
real = [p for pattern in ("seeds/*.txt", "corpora/manuscripts/pdftext/*.txt", "corpora/manuscripts/jats/*.nxml")
        for p in sorted(shared.glob(pattern))]
if real:
    size = sum(p.stat().st_size for p in real)
    (work / "real").mkdir()
    for copy in range(max(1, 20_000_000 // size)):
        for p in real:
            (work / "real" / f"{copy:03d}_{p.name}").write_bytes(p.read_bytes())
    # The same manuscripts by kind, each to ~20 MB: PubMed Central's JATS (the archive a
    # meta-researcher runs over), and plain text (PDF-extracted manuscripts and the seeds).
    for kind, members in (("jats", [p for p in real if p.suffix == ".nxml"]),
                          ("text", [p for p in real if p.suffix == ".txt"])):
        size = sum(p.stat().st_size for p in members)
        if not size:
            continue
        (work / kind).mkdir()
        for copy in range(max(1, 20_000_000 // size)):
            for p in members:
                (work / kind / f"{copy:03d}_{p.name}").write_bytes(p.read_bytes())
# One ~50 KB manuscript per citation style and language: each fixture's body repeated
# before its reference list, cut to 50,000 bytes in all.
(work / "cold").mkdir()
for path, text in zip(fixtures, texts):
    found = list(heading.finditer(text))
    if not found:
        continue
    at = found[-1].start()
    body, refs = text[:at], text[at:]
    room = 50_000 - len(refs.encode("utf-8")) - 1
    copies = (body * (room // max(1, len(body.encode("utf-8"))) + 1)).encode("utf-8")[:room]
    (work / "cold" / path.name).write_text(copies.decode("utf-8", "ignore") + "\n" + refs, encoding="utf-8")
PY

run() { # corpus-name
  local dir="$work/$1"
  [ -d "$dir" ] || { echo "$1: skipped (../shared not found)"; return; }
  local bytes docs
  bytes=$(du -sb "$dir" | cut -f1)
  docs=$(find "$dir" -type f | wc -l)
  echo "$1: $docs documents, $(python3 -c "print(round($bytes / 1e6, 1))") MB"
  for jobs in 1 2; do
    # Three runs; the one with the best wall time is reported, with its CPU time read in
    # microseconds (`wait4`), not the hundredths `time` prints: a 0.37 s run's CPU figure
    # would otherwise move by 3% with its last digit.
    python3 - "$bin" "$dir" "$jobs" "$work/out$jobs.jsonl" "$bytes" "$docs" <<'PY'
import os, sys, time
binary, folder, jobs, out = sys.argv[1:5]
size, docs = int(sys.argv[5]), int(sys.argv[6])
null = os.open(os.devnull, os.O_WRONLY)
command = [binary, "check", "--format", "jsonl", "--fail-on", "never", "--no-progress",
           "--jobs", jobs, folder]
best = None
for _ in range(3):
    with open(out, "wb") as sink:
        start = time.perf_counter()
        pid = os.posix_spawn(binary, command, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, sink.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, null, 2)])
        _, _, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    run = (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
    if best is None or run[0] < best[0]:
        best = run
wall, cpu, rss = best
print(f"  jobs {jobs}: {wall:.3f} s, {size / 1e6 / wall:.1f} MB/s, {docs / wall:.0f} documents/s; "
      f"CPU {cpu:.3f} s = {size / 1e6 / cpu:.1f} MB per CPU-second; peak RSS {rss / 1024:.1f} MB")
PY
  done
  # What two threads give, against what they could give here at best: one run with one
  # thread, one with two, and two one-thread runs side by side (each over the whole
  # corpus), in turn. Two cores share the machine's caches, memory and clock, so two
  # processes that share nothing else already take longer than one alone; and the
  # machine's speed drifts from second to second, so each ratio is of runs made together,
  # seven times, and the median is given.
  python3 - "$bin" "$dir" <<'PY'
import os, statistics, sys, time
binary, folder = sys.argv[1:3]
null = os.open(os.devnull, os.O_WRONLY)
def wall(jobs, processes=1):
    command = [binary, "check", "--format", "jsonl", "--fail-on", "never", "--no-progress",
               "--jobs", str(jobs), folder]
    start = time.perf_counter()
    pids = [os.posix_spawn(binary, command, os.environ,
                           file_actions=[(os.POSIX_SPAWN_DUP2, null, 1),
                                         (os.POSIX_SPAWN_DUP2, null, 2)])
            for _ in range(processes)]
    for pid in pids:
        os.waitpid(pid, 0)
    return time.perf_counter() - start
threads, ceiling = [], []
for _ in range(7):
    one, two, side_by_side = wall(1), wall(2), wall(1, processes=2)
    threads.append(one / two)
    ceiling.append(2 * one / side_by_side)
def median(ratios):
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
print(f"  jobs 2 against jobs 1, runs in turn: {median(threads)}; two one-thread processes "
      f"side by side: {median(ceiling)}, the machine's ceiling")
PY
  # What a run costs before and beside its documents (starting the process, loading the
  # rules, compiling each pattern and warming its caches the first time a document needs
  # it), and what each further megabyte costs: the corpus and the first eighth of the files
  # of each of its folders (hard-linked; whole copies of what the corpus repeats, so the
  # same mix of manuscripts, in the same order), one thread, in turn, seven times; the
  # median CPU time of each gives the line through both. An archive of gigabytes runs at
  # the per-megabyte figure; the MB per CPU-second above, over 20 MB, carry the start-up
  # too.
  python3 - "$bin" "$dir" "$work/eighth" <<'PY'
import itertools, os, statistics, sys
binary, folder, eighth = sys.argv[1:4]
files = sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)
chosen = []
for _, members in itertools.groupby(files, key=os.path.dirname):
    members = list(members)
    chosen += members[:max(1, len(members) // 8)]
os.makedirs(eighth, exist_ok=True)
for index, path in enumerate(chosen):
    os.link(path, os.path.join(eighth, f"{index:05d}_{os.path.basename(path)}"))
null = os.open(os.devnull, os.O_WRONLY)
def cpu(target):
    command = [binary, "check", "--format", "jsonl", "--fail-on", "never", "--no-progress",
               "--jobs", "1", target]
    pid = os.posix_spawn(binary, command, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, null, 1),
                                       (os.POSIX_SPAWN_DUP2, null, 2)])
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime
def size(target):
    return sum(os.path.getsize(os.path.join(root, name))
               for root, _, names in os.walk(target) for name in names)
whole_cpu, part_cpu = [], []
for _ in range(7):
    whole_cpu.append(cpu(folder))
    part_cpu.append(cpu(eighth))
whole, part = statistics.median(whole_cpu), statistics.median(part_cpu)
whole_mb, part_mb = size(folder) / 1e6, size(eighth) / 1e6
per_mb = (whole - part) / (whole_mb - part_mb)
start_up = whole - per_mb * whole_mb
print(f"  jobs 1: start-up and warm-up {start_up * 1e3:.0f} ms a run "
      f"({start_up / whole:.0%} of this corpus's CPU time); past it, "
      f"{1 / per_mb:.1f} MB per CPU-second")
PY
  rm -rf "$work/eighth"
  # The machine's clock moves (seen from 2.6 to 4.3 GHz here), and MB per CPU-second with
  # it: where perf can count cycles, the cost per byte in cycles does not depend on it.
  if command -v perf > /dev/null && perf stat -x, -e cycles:u true 2> /dev/null > /dev/null; then
    perf stat -x, -e task-clock,cycles:u -o "$work/perf" "$bin" check --format jsonl \
      --fail-on never --no-progress --jobs 1 "$dir" > /dev/null 2>&1
    python3 - "$bytes" "$work/perf" <<'PY'
import sys
size = int(sys.argv[1])
counts = {}
for line in open(sys.argv[2]):
    fields = line.strip().split(",")
    if len(fields) > 2 and fields[0].replace(".", "").isdigit():
        counts[fields[2].split(":")[0]] = float(fields[0])
if "cycles" in counts and "task-clock" in counts:
    ghz = counts["cycles"] / counts["task-clock"] / 1e6
    print(f"  jobs 1: {counts['cycles'] / size:.0f} cycles per byte, the CPU at {ghz:.1f} GHz "
          f"(at 4.0 GHz: {4e3 / (counts['cycles'] / size):.1f} MB per CPU-second)")
PY
  fi
  local items
  items=$(grep -c -E '^\{"kind":"(citation|reference)"' "$work/out1.jsonl" || true)
  echo "  $items citations and references ($(python3 -c "print(round($items / ($bytes / 1e3), 1))") per KB)"
  # Every citation and reference is a record with its claim or entry text: the JSONL runs
  # to several times a citation-dense input, and writing it is part of the cost per byte.
  local written
  written=$(stat -c %s "$work/out1.jsonl")
  echo "  JSONL written: $(python3 -c "print(round($written / 1e6, 1))") MB, $(python3 -c "print(round($written / $bytes, 1))") times the input"
  if cmp -s "$work/out1.jsonl" "$work/out2.jsonl"; then
    echo "  jobs 1 and jobs 2 output: identical"
  else
    echo "  jobs 1 and jobs 2 output: DIFFERENT"
    exit 1
  fi
}
run short
run long
run paper
run paper_by_language
run real
run jats
run text

# The short corpus again, as --stdin-jsonl text requests (the Spark route): its memory must
# stay flat however long the input runs.
python3 - "$work" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
with open(work / "requests.jsonl", "w", encoding="utf-8") as out:
    for path in sorted((work / "short").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            kind = "markdown" if path.suffix == ".md" else "text"
            out.write(json.dumps({"id": path.name, "text": text, "format": kind}) + "\n")
PY
requests_mb=$(python3 -c "print(round($(stat -c %s "$work/requests.jsonl") / 1e6, 1))")
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" check --stdin-jsonl --fail-on never \
  < "$work/requests.jsonl" > /dev/null 2>&1
read -r stdin_wall stdin_rss < "$work/time"
echo "stdin-jsonl: ${requests_mb} MB of requests in ${stdin_wall} s, peak RSS $(( stdin_rss / 1024 )) MB"

# One manuscript, whole process, cold, per style: the wall time of 30 runs (spawned from
# Python, which adds about 0.3 ms) and, with perf, the cycles and the clock they ran at.
echo "one 50 KB manuscript, whole process, cold (JSON report; 30 runs):"
python3 - "$bin" "$work/cold" <<'PY'
import os, pathlib, statistics, subprocess, sys, time
binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
null = os.open(os.devnull, os.O_WRONLY)
perf = subprocess.run(["sh", "-c", "perf stat -x, -e cycles true"], capture_output=True).returncode == 0
for path in sorted(folder.iterdir()):
    command = [binary, "check", "--format", "json", "--fail-on", "never", str(path)]
    times = []
    for _ in range(30):
        start = time.perf_counter()
        pid = os.posix_spawn(binary, command, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
        os.waitpid(pid, 0)
        times.append((time.perf_counter() - start) * 1000)
    line = f"  {path.name:26s} {path.stat().st_size / 1024:4.0f} KB: median {statistics.median(times):5.1f} ms, best {min(times):5.1f} ms"
    if perf:
        stat = subprocess.run(["perf", "stat", "-x,", "-r", "10", "-e", "task-clock,cycles"] + command,
                              capture_output=True, text=True).stderr
        counts = {f[2].split(":")[0]: float(f[0]) for f in (l.split(",") for l in stat.splitlines())
                  if len(f) > 2 and f[0].replace(".", "").isdigit()}
        if "cycles" in counts and "task-clock" in counts:
            line += f"; {counts['cycles'] / 1e6:.0f} M cycles at {counts['cycles'] / counts['task-clock'] / 1e6:.1f} GHz"
    print(line)
PY
