#!/usr/bin/env bash
# Checks that the cost of one document grows linearly with its size, on shapes that real
# corpora hold in small doses and a bad file holds in bulk: one very long line of prose with
# citations, a Chinese paragraph without line breaks, author–year prose, a line of markers
# dense on one line, stops and blanks, many blank lines, a long reference list. Each shape
# is timed at 0.25 MB and 1 MB with the JSONL and human formats; a 1 MB run should take
# about four times the 0.25 MB one (the column "x4"), and one far above that is flagged.
# (Past 50,000 citations, 20,000 reference entries or a million lines a document is
# refused, not checked: the sizes keep every shape under those limits.)
# Usage: benches/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/citelint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
ref = "\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n"
for size, n in (("small", 250_000), ("large", 1_000_000)):
    def write(name, text):
        (work / f"{name}_{size}.txt").write_text(text, encoding="utf-8")
    prose = "Exosomes reduced infarct size in a phase II trial in patients [1]. "
    write("one_line", prose * (n // len(prose)) + ref)
    write("chinese", "一项随机对照试验显示疗效显著⁽¹⁾。" * (n // 45) + ref.replace("References", "参考文献"))
    author_year = "Smith et al. (2001) showed this (Smith et al., 2001; Jones, 2002). "
    write("author_year", author_year * (n // len(author_year))
          + "\n\nReferences\n\nSmith, A., Bell, C. (2001). Exosomes in rats. J Med, 1, 1-2.\n"
          + "Jones, B. (2002). Trials. J Med, 2, 3-4.\n")
    write("markers", "dense markers [1], ok " * (n // 22) + ref)
    write("stops", ". " * (n // 2) + "\n")
    write("blank_lines", "\n" * n)
    write("reference_list", "Text cites [1].\n\nReferences\n\n" + "".join(
        f"{i}. Ames B{i}, Bell C. Exosomes in rats number {i}. J Med. 2001;1:1-2.\n"
        for i in range(1, n // 60)))
PY

time_of() { # format file -> "seconds peak-MB"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" check --format "$1" --fail-on never "$2" \
    > /dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{printf "%s %d", $1, $2 / 1024}'
}

printf "%-15s %-6s %9s %9s %6s %9s\n" shape format "¼ MB (s)" "1 MB (s)" x4 "peak MB"
for shape in one_line chinese author_year markers stops blank_lines reference_list; do
  for format in jsonl human; do
    read -r small _ <<< "$(time_of "$format" "$work/${shape}_small.txt")"
    read -r large peak <<< "$(time_of "$format" "$work/${shape}_large.txt")"
    python3 - "$shape" "$format" "$small" "$large" "$peak" <<'PY'
import sys
shape, fmt, small, large, peak = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
ratio = large / max(small, 0.01)
flag = "  <- superlinear" if ratio > 6 and large > 0.2 else ""
print(f"{shape:<15} {fmt:<6} {small:9.2f} {large:9.2f} {ratio:6.1f} {peak:>9}{flag}")
PY
  done
done
