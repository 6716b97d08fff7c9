#!/usr/bin/env bash
# Generates a corpus of a few thousand manuscripts from the fixtures, then times the whole
# CLI over it with 1 and 2 threads (MB/s, documents/s, peak RSS), checks that both runs
# write identical bytes, and times one 50 KB manuscript cold.
# Usage: benches/corpus.sh [DOCUMENTS]   (default 4000)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-4000}
cargo build --release --quiet
bin=target/release/citelint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$count" <<'PY'
import os, sys, pathlib
work, count = pathlib.Path(sys.argv[1]), int(sys.argv[2])
fixtures = sorted(p for p in pathlib.Path("tests/fixtures").iterdir() if p.suffix in (".txt", ".md"))
texts = [p.read_text(encoding="utf-8") for p in fixtures]
corpus = work / "corpus"
for i in range(count):
    folder = corpus / f"{i // 500:03d}"
    folder.mkdir(parents=True, exist_ok=True)
    text = texts[i % len(texts)]
    (folder / f"doc{i:05d}{fixtures[i % len(texts)].suffix}").write_text(f"Manuscript {i}\n\n{text}", encoding="utf-8")
# One ~50 KB manuscript: the English fixture's body repeated before its reference list.
english = pathlib.Path("tests/fixtures/en_bracket.md").read_text(encoding="utf-8")
body, refs = english.split("## References", 1)
big = (body * 30)[:48000] + "\n## References" + refs
(work / "big.md").write_text(big, encoding="utf-8")
PY

bytes=$(du -sb "$work/corpus" | cut -f1)
mb=$(python3 -c "print(round($bytes / 1e6, 2))")
echo "corpus: $count documents, $mb MB"
for jobs in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss$jobs" "$bin" check --format jsonl --fail-on never --no-progress --jobs "$jobs" "$work/corpus" > "$work/out$jobs.jsonl" 2>/dev/null
  end=$(date +%s.%N)
  python3 - "$start" "$end" "$bytes" "$count" "$jobs" "$(cat "$work/rss$jobs")" <<'PY'
import sys
start, end, size, docs, jobs, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
t = end - start
print(f"jobs {jobs}: {t:.2f} s, {size / 1e6 / t:.1f} MB/s, {docs / t:.0f} documents/s, peak RSS {rss / 1024:.1f} MB")
PY
done
if cmp -s "$work/out1.jsonl" "$work/out2.jsonl"; then echo "jobs 1 and jobs 2 output: identical"; else echo "jobs 1 and jobs 2 output: DIFFERENT"; exit 1; fi

big_kb=$(( $(stat -c %s "$work/big.md") / 1024 ))
best=999
for _ in $(seq 1 20); do
  start=$(date +%s%N)
  "$bin" check --format json --fail-on never "$work/big.md" > /dev/null 2>&1
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  (( ms < best )) && best=$ms
done
echo "one ${big_kb} KB manuscript, whole process, cold: best of 20 = ${best} ms"
