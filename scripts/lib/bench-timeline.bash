# @file bench-timeline.bash
# @brief scripts/bench, section (f): the cost of --timeline (issue 12.1).
#        Sourced by scripts/bench, never executed.
#
# For the most frequent word, two common ones and a rarer one, each timed as
# whole processes, RUNS times each, alternating, after a warm-up (and, when
# valgrind is installed, counted in instructions, which the machine's load
# does not change: one callgrind run each):
#   hits:     dateline-search --db DB WORD                 (10 hits, one snippet each: the reference)
#   timeline: dateline-search --db DB --timeline=month --count WORD
#             (every match counted per day by a Xapian ValueCountMatchSpy, then bucketed)
#   terms:    dateline-search --db DB --batch FILE --limit 0, FILE holding
#             "WORD date:YYYY-MM" for every month of the span: the alternative,
#             one exact count per period from the per-month boolean terms (M...)
# Callers set: bin, work; they pass the database, the runs and the output file.

# mega N: N instructions as "12.0M instr", or "n/a".
mega() { awk -v n="$1" 'BEGIN { if (n == "NA" || n == "") print "n/a"; else printf "%.1fM instr\n", n / 1e6 }'; }

# timeline_section DB RUNS OUT_MD: measures and writes the markdown section.
timeline_section() {
  local db=$1 runs=$2 out=$3 word q kind run periods
  local words=(said market trade oil)
  mkdir -p "$work/tl"
  for word in "${words[@]}"; do
    "$bin/dateline-search" --db "$db" --format json --timeline=month --count "$word" >"$work/tl/$word.json" ||
      die "dateline-search --timeline failed for '$word'"
    grep -o '"period":"[0-9-]*"' "$work/tl/$word.json" | cut -d'"' -f4 |
      awk -v w="$word" '{ print w " date:" $0 }' >"$work/tl/$word.batch"
    for run in 1 2 3; do  # warm-up
      "$bin/dateline-search" --db "$db" "$word" >/dev/null 2>&1 || true
      "$bin/dateline-search" --db "$db" --timeline=month --count "$word" >/dev/null 2>&1 || true
    done
    rm -f "$work/tl/$word".lat.*
    for ((run = 1; run <= runs; run++)); do
      for kind in hits timeline terms; do
        local start=$EPOCHREALTIME code=0
        case $kind in
          hits) "$bin/dateline-search" --db "$db" "$word" >/dev/null 2>&1 || code=$? ;;
          timeline) "$bin/dateline-search" --db "$db" --timeline=month --count "$word" >/dev/null 2>&1 || code=$? ;;
          terms) "$bin/dateline-search" --db "$db" --batch "$work/tl/$word.batch" --limit 0 >/dev/null 2>&1 || code=$? ;;
        esac
        local end=$EPOCHREALTIME
        [ "$code" -le 1 ] || die "dateline-search ($kind, '$word') exited with $code"
        awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >>"$work/tl/$word.lat.$kind"
      done
    done
    for kind in hits timeline terms; do
      local cmd
      case $kind in
        hits) cmd=("$bin/dateline-search" --db "$db" "$word") ;;
        timeline) cmd=("$bin/dateline-search" --db "$db" --timeline=month --count "$word") ;;
        terms) cmd=("$bin/dateline-search" --db "$db" --batch "$work/tl/$word.batch" --limit 0) ;;
      esac
      if command -v valgrind >/dev/null 2>&1; then
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" 2>&1 >/dev/null |
          awk '/Collected/ { print $4 }' >"$work/tl/$word.ins.$kind"
      else
        echo "NA" >"$work/tl/$word.ins.$kind"
      fi
    done
  done
  {
    local docs
    docs=$("$bin/dateline-search" --db "$db" --count --any 'date:..9999' 2>/dev/null || echo NA)
    echo "Articles in the database: $docs dated. Wall time (median) and instructions (callgrind) per process."
    echo
    echo "| word | matches | months | 10 hits + snippets | \`--timeline=month --count\` | ratio | target | per-month terms (\`--batch\`, one count per month) |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|"
    for word in "${words[@]}"; do
      local total hits_ms tl_ms terms_ms
      total=$(grep -o '"total_estimate":[0-9]*' "$work/tl/$word.json" | cut -d: -f2)
      periods=$(wc -l <"$work/tl/$word.batch")
      hits_ms=$(stats <"$work/tl/$word.lat.hits" | cut -d' ' -f1)
      tl_ms=$(stats <"$work/tl/$word.lat.timeline" | cut -d' ' -f1)
      terms_ms=$(stats <"$work/tl/$word.lat.terms" | cut -d' ' -f1)
      local ins_hits ins_tl ins_terms a b
      ins_hits=$(cat "$work/tl/$word.ins.hits")
      ins_tl=$(cat "$work/tl/$word.ins.timeline")
      ins_terms=$(cat "$work/tl/$word.ins.terms")
      # The verdict compares instructions when counted (the load does not move
      # them), else wall times.
      a=$tl_ms b=$hits_ms
      [ "$ins_hits" = NA ] || { a=$ins_tl b=$ins_hits; }
      printf '| %s | %s | %s | %.1f ms, %s | %.1f ms, %s | %s× | ≤ 1.0× %s | %.1f ms, %s |\n' "$word" "$total" \
        "$periods" "$hits_ms" "$(mega "$ins_hits")" "$tl_ms" "$(mega "$ins_tl")" "$(ratio "$a" "$b")" \
        "$(verdict "$a" "$b" 1.0)" "$terms_ms" "$(mega "$ins_terms")"
    done
    echo
    echo "Wall: medians of $runs runs each (whole process, fork to exit), alternating, after a 3-run warm-up. Instructions: one \`valgrind --tool=callgrind\` run each (whole process). The ratio and verdict compare instructions when valgrind is installed, else wall times."
  } >"$out"
}
