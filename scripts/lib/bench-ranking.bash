# @file bench-ranking.bash
# @brief scripts/bench, section (g): the query cost of --recency and --like (#11.2, #11.3),
#        and of the ranking defaults of #13.1 (feedback and title evidence).
#        Sourced by scripts/bench, never executed.
#
# Within one run, alternating, after a warm-up, in CPU time (user + sys,
# cpu_ms in scripts/lib/measure.bash, which the machine's load moves far less
# than wall time) and, when valgrind is installed, in instructions, which the
# load does not change:
#   recency: the bench query set (250 queries, scripts/lib/bench-queries.awk,
#            seed 1987) in one dateline-search --batch, without and with
#            --recency 30d: CPU time of the whole batch, RUNS times each;
#   defaults: the same batch with --feedback 0 --title-weight 0 (the ranking
#            before session 6's defaults) against the defaults;
#   like:    30 stories (every k-th file of the corpus by path), one process
#            each: dateline-search --like PATH against the story's own headline
#            as a plain query (both 10 hits with one snippet), RUNS rounds.
# Callers set: bin, work, repo; they pass the database, the corpus, the runs
# and the output file.

# instructions CMD...: callgrind's instruction count of one run, or NA.
instructions() {
  if command -v valgrind >/dev/null 2>&1; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ { print $4 }'
  else
    echo NA
  fi
}

# ranking_section DB CORPUS RUNS OUT_MD: measures and writes the markdown section.
ranking_section() {
  local db=$1 corpus=$2 runs=$3 out=$4 dir=$work/ranking run kind
  mkdir -p "$dir"
  rm -f "$dir"/*.lat
  bench_queries "$corpus" "$dir"
  local query_count
  query_count=$(wc -l <"$dir/queries.txt")
  # --- recency: one batch each way ---
  for run in 1 2; do  # warm-up
    "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" >/dev/null 2>&1 || true
    "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --recency 30d >/dev/null 2>&1 || true
    "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --feedback 0 --title-weight 0 >/dev/null 2>&1 || true
  done
  for ((run = 1; run <= runs; run++)); do
    for kind in plain recency previous; do
      if [ "$kind" = plain ]; then
        cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" >>"$dir/batch.$kind.lat"
      elif [ "$kind" = previous ]; then
        cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --feedback 0 --title-weight 0 \
          >>"$dir/batch.$kind.lat"
      else
        cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --recency 30d >>"$dir/batch.$kind.lat"
      fi
    done
  done
  local ins_plain ins_recency ins_previous
  ins_plain=$(instructions "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt")
  ins_previous=$(instructions "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --feedback 0 --title-weight 0)
  ins_recency=$(instructions "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" --recency 30d)
  # --- like: 30 stories, one process each ---
  find "$corpus" -type f -name '*.txt' | LC_ALL=C sort >"$dir/files.txt"
  awk -v n="$(wc -l <"$dir/files.txt")" 'BEGIN { step = int(n / 30); if (step < 1) step = 1 }
       (NR - 1) % step == 0 && ++k <= 30' "$dir/files.txt" >"$dir/sample.txt"
  local path title
  : >"$dir/sample.tsv"
  while IFS= read -r path; do
    title=$(sed -n 's/^Title: //p;/^$/q' "$path" | head -n 1 | tr -c 'A-Za-z0-9\n' ' ' | tr 'A-Z' 'a-z')
    [ -n "${title// /}" ] && printf '%s\t%s\n' "$path" "$title" >>"$dir/sample.tsv"
  done <"$dir/sample.txt"
  while IFS=$'\t' read -r path title; do  # warm-up
    "$bin/dateline-search" --db "$db" --like "$path" >/dev/null 2>&1 || true
    "$bin/dateline-search" --db "$db" -- "$title" >/dev/null 2>&1 || true
  done <"$dir/sample.tsv"
  for ((run = 1; run <= runs; run++)); do
    while IFS=$'\t' read -r path title; do
      cpu_ms "$bin/dateline-search" --db "$db" --like "$path" >>"$dir/like.like.lat"
      cpu_ms "$bin/dateline-search" --db "$db" -- "$title" >>"$dir/like.title.lat"
    done <"$dir/sample.tsv"
  done
  local ins_like=0 ins_title=0 n_ins=0 a b
  while IFS=$'\t' read -r path title; do
    [ "$n_ins" -lt 5 ] || break
    a=$(instructions "$bin/dateline-search" --db "$db" --like "$path")
    b=$(instructions "$bin/dateline-search" --db "$db" -- "$title")
    [ "$a" = NA ] && break
    ins_like=$((ins_like + a)); ins_title=$((ins_title + b)); n_ins=$((n_ins + 1))
  done <"$dir/sample.tsv"
  local stories
  stories=$(wc -l <"$dir/sample.tsv")
  {
    local bp br bo lp lt
    bp=$(stats <"$dir/batch.plain.lat" | cut -d' ' -f1)
    bo=$(stats <"$dir/batch.previous.lat" | cut -d' ' -f1)
    br=$(stats <"$dir/batch.recency.lat" | cut -d' ' -f1)
    lp=$(stats <"$dir/like.like.lat" | cut -d' ' -f1)
    lt=$(stats <"$dir/like.title.lat" | cut -d' ' -f1)
    ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "n/a"; else printf "%.2f×\n", a / b }'; }
    mi() { awk -v n="$1" 'BEGIN { if (n == "NA" || n == "") print "n/a"; else printf "%.1fM instr\n", n / 1e6 }'; }
    echo "| measurement | without | with | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| $query_count queries in one \`--batch\` (10 hits, snippets), CPU median of $runs | $bp ms | $br ms (\`--recency 30d\`) | $(ratio_of "$br" "$bp") |"
    echo "| the same, instructions (callgrind, one run) | $(mi "$ins_plain") | $(mi "$ins_recency") | $(ratio_of "$ins_recency" "$ins_plain") |"
    echo "| the same batch: the ranking before session 6 (\`--feedback 0 --title-weight 0\`) vs the defaults (feedback, title evidence), CPU median of $runs | $bo ms | $bp ms | $(ratio_of "$bp" "$bo") |"
    echo "| the same, instructions (callgrind, one run) | $(mi "$ins_previous") | $(mi "$ins_plain") | $(ratio_of "$ins_plain" "$ins_previous") |"
    echo "| $stories stories, one process each: headline as a query vs \`--like PATH\`, CPU median of $((runs * stories)) | $lt ms | $lp ms | $(ratio_of "$lp" "$lt") |"
    if [ "$n_ins" -gt 0 ]; then
      echo "| the same, instructions (callgrind, first $n_ins stories, summed) | $(mi "$ins_title") | $(mi "$ins_like") | $(ratio_of "$ins_like" "$ins_title") |"
    fi
    echo
    echo "CPU times (user + sys, in ms) alternate within one run on a shared machine: compare the ratios, not the milliseconds across runs. Instructions do not depend on the load."
  } >"$out"
}
