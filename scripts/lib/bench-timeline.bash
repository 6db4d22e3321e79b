# @file bench-timeline.bash
# @brief scripts/bench, section (f): the cost of --timeline (issue 12.1).
#        Sourced by scripts/bench, never executed.
#
# For the most frequent word, two common ones, a rarer one, two two-word
# queries and a common word under --since, each timed as whole processes,
# RUNS samples of 5 runs each, alternating, after a warm-up (and, when valgrind is
# installed, counted in instructions, which the machine's load does not
# change: one callgrind run each); times are CPU times (user + system):
#   hits:     dateline-search --db DB ARGS                 (10 hits, one snippet each: the reference)
#   timeline: dateline-search --db DB --timeline=month --count ARGS
#             (every match read from posting lists and counted per day, or by
#             Xapian's matcher with a ValueCountMatchSpy: searcher/match_set.hpp)
#   terms:    dateline-search --db DB --batch FILE --limit 0 [OPTIONS], FILE
#             holding "QUERY date:YYYY-MM" for every month of the span: the
#             alternative, one exact count per period from the per-month
#             boolean terms (M...)
#   baseline: with DATELINE_TIMELINE_BASELINE=DIR (the bin directory of
#             another build, e.g. of the commit before a change), the timeline
#             command of that build too, in the same run: before and after.
# Callers set: bin, work (and timeline_terms=0 to leave out the terms column);
# they pass the database, the runs and the output file.

# mega N: N instructions as "12.0M instr", or "n/a".
mega() { awk -v n="$1" 'BEGIN { if (n == "NA" || n == "") print "n/a"; else printf "%.1fM instr\n", n / 1e6 }'; }

# The queries: dateline-search arguments separated by '|'.
timeline_queries=(said market trade oil 'oil prices' 'trade deficit' '--since|1987-04-01|said')

# timeline_command KIND ARGS...: the command line of one measurement, in the array `cmd`.
timeline_command() {
  local kind=$1; shift
  local options=() query=()
  while [ $# -gt 0 ]; do
    case $1 in
      --since|--until) options+=("$1" "$2"); shift 2 ;;
      *) query+=("$1"); shift ;;
    esac
  done
  case $kind in
    hits) cmd=("$bin/dateline-search" --db "$db" "${options[@]}" "${query[@]}") ;;
    timeline) cmd=("$bin/dateline-search" --db "$db" --timeline=month --count "${options[@]}" "${query[@]}") ;;
    baseline) cmd=("$DATELINE_TIMELINE_BASELINE/dateline-search" --db "$db" --timeline=month --count "${options[@]}"
                   "${query[@]}") ;;
    terms) cmd=("$bin/dateline-search" --db "$db" --batch "$work/tl/$n.batch" --limit 0 "${options[@]}") ;;
  esac
}

# timeline_section DB RUNS OUT_MD: measures and writes the markdown section.
timeline_section() {
  local db=$1 runs=$2 out=$3 n kind run periods args cmd
  local kinds=(hits timeline)
  [ "${timeline_terms:-1}" -eq 0 ] || kinds+=(terms)
  [ -z "${DATELINE_TIMELINE_BASELINE:-}" ] || kinds+=(baseline)
  mkdir -p "$work/tl"
  for n in "${!timeline_queries[@]}"; do
    IFS='|' read -ra args <<<"${timeline_queries[$n]}"
    timeline_command timeline "${args[@]}"
    "${cmd[0]}" --format json "${cmd[@]:1}" >"$work/tl/$n.json" ||
      die "dateline-search --timeline failed for '${timeline_queries[$n]}'"
    local text="${args[-1]}"
    grep -o '"period":"[0-9-]*"' "$work/tl/$n.json" | cut -d'"' -f4 |
      awk -v w="$text" '{ print w " date:" $0 }' >"$work/tl/$n.batch"
    for run in 1 2 3; do  # warm-up
      for kind in hits timeline; do
        timeline_command "$kind" "${args[@]}"
        "${cmd[@]}" >/dev/null 2>&1 || true
      done
    done
    rm -f "$work/tl/$n".lat.*
    for ((run = 1; run <= runs; run++)); do
      for kind in "${kinds[@]}"; do
        timeline_command "$kind" "${args[@]}"
        # CPU time (user + system) of the processes: less moved by the load
        # than wall time, though still by cache contention. Bash prints it in
        # milliseconds, so one sample is the mean of 5 consecutive runs.
        local code=0 k TIMEFORMAT='%3U %3S'
        { time for ((k = 0; k < 5; k++)); do "${cmd[@]}" >/dev/null 2>&1 || code=$?; done; } 2>"$work/tl/time"
        [ "$code" -le 1 ] || die "dateline-search ($kind, '${timeline_queries[$n]}') exited with $code"
        awk '{ printf "%.3f\n", ($1 + $2) * 1000 / 5 }' "$work/tl/time" >>"$work/tl/$n.lat.$kind"
      done
    done
    for kind in "${kinds[@]}"; do
      timeline_command "$kind" "${args[@]}"
      if command -v valgrind >/dev/null 2>&1; then
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" 2>&1 >/dev/null |
          awk '/Collected/ { print $4 }' >"$work/tl/$n.ins.$kind"
      else
        echo "NA" >"$work/tl/$n.ins.$kind"
      fi
    done
  done
  {
    local docs
    docs=$("$bin/dateline-search" --db "$db" --count --any 'date:..9999' 2>/dev/null || echo NA)
    echo "Articles in the database: $docs dated. CPU time (user + system, median) and instructions (callgrind) per process."
    echo
    local head="| query | matches | months | 10 hits + snippets | \`--timeline=month --count\` | ratio | target |"
    local rule="|---|---:|---:|---:|---:|---:|---|"
    if [ -n "${DATELINE_TIMELINE_BASELINE:-}" ]; then
      head+=" baseline build's \`--timeline=month --count\` | its ratio |"
      rule+="---:|---:|"
    fi
    if [ "${timeline_terms:-1}" -eq 0 ]; then
      echo "$head"
      echo "$rule"
    else
      echo "$head per-month terms (\`--batch\`, one count per month) |"
      echo "$rule---:|"
    fi
    for n in "${!timeline_queries[@]}"; do
      local total hits_ms tl_ms terms_ms label
      label=$(tr '|' ' ' <<<"${timeline_queries[$n]}")
      total=$(grep -o '"total_estimate":[0-9]*' "$work/tl/$n.json" | cut -d: -f2)
      periods=$(wc -l <"$work/tl/$n.batch")
      hits_ms=$(stats <"$work/tl/$n.lat.hits" | cut -d' ' -f1)
      tl_ms=$(stats <"$work/tl/$n.lat.timeline" | cut -d' ' -f1)
      terms_ms=NA
      [ "${timeline_terms:-1}" -eq 0 ] || terms_ms=$(stats <"$work/tl/$n.lat.terms" | cut -d' ' -f1)
      local ins_hits ins_tl ins_terms a b
      ins_hits=$(cat "$work/tl/$n.ins.hits")
      ins_tl=$(cat "$work/tl/$n.ins.timeline")
      ins_terms=NA
      [ "${timeline_terms:-1}" -eq 0 ] || ins_terms=$(cat "$work/tl/$n.ins.terms")
      # The verdict compares instructions when counted (the load does not move
      # them), else CPU times.
      a=$tl_ms b=$hits_ms
      [ "$ins_hits" = NA ] || { a=$ins_tl b=$ins_hits; }
      local row
      # shellcheck disable=SC2016  # the backquotes are markdown
      row=$(printf '| `%s` | %s | %s | %.1f ms, %s | %.1f ms, %s | %s× | ≤ 1.0× %s |' "$label" "$total" \
        "$periods" "$hits_ms" "$(mega "$ins_hits")" "$tl_ms" "$(mega "$ins_tl")" "$(ratio "$a" "$b")" \
        "$(verdict "$a" "$b" 1.0)")
      if [ -n "${DATELINE_TIMELINE_BASELINE:-}" ]; then
        local base_ms ins_base
        base_ms=$(stats <"$work/tl/$n.lat.baseline" | cut -d' ' -f1)
        ins_base=$(cat "$work/tl/$n.ins.baseline")
        a=$base_ms
        [ "$ins_hits" = NA ] || a=$ins_base
        row+=$(printf ' %.1f ms, %s | %s× |' "$base_ms" "$(mega "$ins_base")" "$(ratio "$a" "$b")")
      fi
      if [ "${timeline_terms:-1}" -eq 0 ]; then
        printf '%s\n' "$row"
      else
        printf '%s %.1f ms, %s |\n' "$row" "$terms_ms" "$(mega "$ins_terms")"
      fi
    done
    echo
    echo "CPU time: medians of $runs samples each (a sample: the mean of 5 consecutive runs, whole process, user + system), alternating, after a 3-run warm-up. Instructions: one \`valgrind --tool=callgrind\` run each (whole process). The ratio and verdict compare instructions when valgrind is installed, else CPU times.${DATELINE_TIMELINE_BASELINE:+ Baseline: the build in \$DATELINE_TIMELINE_BASELINE, measured in the same run.}"
  } >"$out"
}
