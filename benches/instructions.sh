#!/usr/bin/env bash
# Counts the instructions a corpus run executes, under valgrind's callgrind, and where they
# go: a figure that does not move with the machine's clock, its other tenants or the
# scheduler, so a change worth 1% shows as 1% in one run (the timed benchmarks, on a shared
# 2-core machine, need tens of alternated runs to see 5%). Instructions are not time: a
# step that waits on memory costs more cycles than its count says. Confirm a change with
# benches/corpus.sh.
#
# Corpora (one copy of each manuscript, unlike the timed corpora's copies to 20 MB):
#   text      the seeds and the PDF-extracted manuscripts in ../shared, when it is there;
#   jats      the JATS articles in ../shared;
#   fixtures  the fixture manuscripts of every citation style and language (tests/fixtures).
# Each corpus is counted once as it is and once with every manuscript twice: the
# difference is what one more copy of the corpus costs, with nothing of start-up in it
# (loading the rules, and compiling each pattern the first time a document needs it).
# Reported per input byte: the whole run, and each stage of the pipeline with all it
# calls, counted by runs that collect only inside that function (callgrind's
# --toggle-collect). A stage the compiler inlined into its caller has no symbol, and is
# reported so.
#
# Usage: benches/instructions.sh [CORPUS...]   (default: text jats fixtures)
# With CITELINT_BIN set, counts that binary instead of building this checkout's, so two
# builds can be compared: the counts are the same run after run. With KEEP set, the
# corpora are left in the temporary folder the script names.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in valgrind nm; do
  if ! command -v "$tool" > /dev/null; then
    echo "benches/instructions.sh needs $tool (valgrind's callgrind counts; nm finds the stages)" >&2
    exit 2
  fi
done
if [ -n "${CITELINT_BIN:-}" ]; then
  bin=$CITELINT_BIN
else
  cargo build --release --quiet
  bin=$PWD/target/release/citelint
fi
work=$(mktemp -d)
[ -z "${KEEP:-}" ] || echo "corpora in $work" >&2
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(text jats fixtures)

python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
shared = pathlib.Path("../shared")
kinds = {
    "text": sorted(shared.glob("seeds/*.txt")) + sorted(shared.glob("corpora/manuscripts/pdftext/*.txt")),
    "jats": sorted(shared.glob("corpora/manuscripts/jats/*.nxml")),
    "fixtures": sorted(p for p in pathlib.Path("tests/fixtures").rglob("*")
                       if p.suffix in (".txt", ".md", ".tex", ".nxml") and "formats" not in p.parts),
}
for kind, members in kinds.items():
    if members:
        (work / kind).mkdir()
        (work / f"{kind}.twice").mkdir()
        for p in members:
            for copy in ("a", "b"):
                (work / f"{kind}.twice" / f"{copy}_{p.name}").write_bytes(p.read_bytes())
            (work / kind / f"a_{p.name}").write_bytes(p.read_bytes())
PY

# The pipeline's stages, by the functions that run them, each counted with all it calls.
stages=(
  "citelint::ingest::read_document_with|reading and decoding"
  "citelint::check::extract|finding references, citations, sentences"
  "citelint::bibliography::split::split_entries|  splitting the reference list"
  "citelint::bibliography::fields::parse_fields_of|  reading each entry's fields"
  "citelint::citation::numeric_citations|  finding numbered citations"
  "citelint::check::check_extracted_with|classifying and checking"
  "citelint::evidence::reference::classify_reference|  classifying the references"
  "citelint::evidence::claim::classify_claim|  classifying the claims"
  "citelint::evidence::lexicon::Lexicon::find|    the cue search (in both)"
  "citelint::rules::checks::Check::run|  running the rules"
  "<citelint::report::jsonl::JsonlSink as citelint::report::Sink>::prerender|writing JSON Lines"
)
symbols=$(nm -C "$bin" 2> /dev/null | awk '{ $1 = ""; $2 = ""; sub(/^  /, ""); print }')

# Instructions of a run over folder $1, collecting only inside function $2 if given.
count() {
  local toggle=()
  [ -z "${2:-}" ] || toggle=(--collect-atstart=no "--toggle-collect=$2")
  valgrind --tool=callgrind "${toggle[@]}" --callgrind-out-file=/dev/null "$bin" check \
    --format jsonl --fail-on never --no-progress --jobs 1 "$1" 2>&1 > /dev/null \
    | sed -n 's/.*Collected : *//p' | tail -1
}

# Prints one line of the report: label, instructions, bytes, and the run's instructions.
line() {
  python3 -c 'import sys
label, inside, size, whole = sys.argv[1], *map(int, sys.argv[2:])
print(f"  {label:44} {inside / size:6.1f} per byte  {100 * inside / whole:5.1f}%")' "$@"
}

for corpus in "${corpora[@]}"; do
  once="$work/$corpus"
  twice="$work/$corpus.twice"
  if [ ! -d "$once" ]; then
    echo "$corpus: skipped (no such corpus, or ../shared not found)"
    continue
  fi
  # The files' bytes alone (du would add the folder's own block).
  bytes=$(find "$once" -type f -printf '%s\n' | awk '{ sum += $1 } END { print sum }')
  docs=$(find "$once" -type f | wc -l)
  total=$(( $(count "$twice") - $(count "$once") ))
  echo "$corpus: $docs documents, $bytes bytes:" \
    "$(python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.1f}')" "$total" "$bytes")" \
    "instructions per byte"
  for stage in "${stages[@]}"; do
    symbol=${stage%%|*}
    label=${stage#*|}
    if ! grep -qxF "$symbol" <<< "$symbols"; then
      printf '  %-44s (inlined)\n' "$label"
      continue
    fi
    line "$label" $(( $(count "$twice" "$symbol") - $(count "$once" "$symbol") )) "$bytes" "$total"
  done
done
