# @file bench-duplicates.bash
# @brief scripts/bench, section (h): the cost of each #11 feature side by side
#        in one run: index time with and without near-duplicate signatures,
#        queries with and without collapsing, with --recency, with --like.
#        Sourced by scripts/bench, never executed.
#
# CPU time (user + sys, cpu_ms in scripts/lib/measure.bash) rather than wall
# time, alternating the variants within each round, RUNS rounds, medians: the
# machine's load then moves both sides of a ratio alike. Rows:
#   index:    dateline-index -j1 into a fresh database, this build against
#             $DATELINE_DUP_BASELINE (BIN_DIR of a build from before #11.1,
#             e.g. commit 426d5c2: no signatures, no band terms, no story
#             pass); without it the row says how to get it;
#   collapse: the bench query set (250 queries, seed 1987) four times over in
#             one --batch, and the same 250 as one process each, the default
#             (collapse) against --duplicates=show (every copy, the story and
#             its dates still computed per hit) and, with the baseline, the
#             baseline build on its own database;
#   recency:  the same --batch with --recency 30d;
#   like:     30 stories (every k-th file), one process each: --like PATH
#             against the story's headline as a query.
# Callers set: bin, work, repo; they pass the database, the corpus, the runs
# and the output file.

# write_each FILE: a script "FILE LIST OPTION CMD...": runs CMD OPTION LINE
# once per line of LIST (OPTION "--": a query; "--like": an article), so
# that cpu_ms can time the whole loop.
write_each() {
  cat >"$1" <<'SH'
#!/usr/bin/env bash
list=$1 option=$2; shift 2
while IFS= read -r line; do "$@" "$option" "$line" >/dev/null 2>&1 || true; done <"$list"
SH
  chmod +x "$1"
}

duplicates_section() {
  local db=$1 corpus=$2 runs=$3 out=$4 dir=$work/duplicates run base=${DATELINE_DUP_BASELINE:-}
  mkdir -p "$dir"
  rm -f "$dir"/*.cpu
  local each=$dir/each.sh
  write_each "$each"
  if [ -n "$base" ] && [ ! -x "$base/dateline-index" ]; then die "DATELINE_DUP_BASELINE=$base has no dateline-index"; fi
  bench_queries "$corpus" "$dir"
  local i
  for i in 1 2 3 4; do cat "$dir/queries.txt"; done >"$dir/batch.txt"
  local query_count batch_count
  query_count=$(wc -l <"$dir/queries.txt")
  batch_count=$(wc -l <"$dir/batch.txt")
  # --- index time, alternating ---
  for ((run = 1; run <= runs; run++)); do
    rm -rf "$dir/new.db"
    cpu_ms "$bin/dateline-index" -q -j1 --db "$dir/new.db" "$corpus" >>"$dir/index.new.cpu"
    if [ -n "$base" ]; then
      rm -rf "$dir/base.db"
      cpu_ms "$base/dateline-index" -q -j1 --db "$dir/base.db" "$corpus" >>"$dir/index.base.cpu"
    fi
  done
  # --- queries, alternating; a warm-up first ---
  "$bin/dateline-search" --db "$db" --batch "$dir/queries.txt" >/dev/null 2>&1 || true
  [ -z "$base" ] || "$base/dateline-search" --db "$dir/base.db" --batch "$dir/queries.txt" >/dev/null 2>&1 || true
  for ((run = 1; run <= runs; run++)); do
    cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/batch.txt" >>"$dir/batch.collapse.cpu"
    cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/batch.txt" --duplicates=show >>"$dir/batch.show.cpu"
    cpu_ms "$bin/dateline-search" --db "$db" --batch "$dir/batch.txt" --recency 30d >>"$dir/batch.recency.cpu"
    [ -z "$base" ] || cpu_ms "$base/dateline-search" --db "$dir/base.db" --batch "$dir/batch.txt" >>"$dir/batch.base.cpu"
    cpu_ms "$each" "$dir/queries.txt" -- "$bin/dateline-search" --db "$db" >>"$dir/oneshot.collapse.cpu"
    cpu_ms "$each" "$dir/queries.txt" -- "$bin/dateline-search" --db "$db" --duplicates=show >>"$dir/oneshot.show.cpu"
    [ -z "$base" ] || cpu_ms "$each" "$dir/queries.txt" -- "$base/dateline-search" --db "$dir/base.db" >>"$dir/oneshot.base.cpu"
  done
  # --- --like: 30 stories, one process each ---
  find "$corpus" -type f -name '*.txt' | LC_ALL=C sort >"$dir/files.txt"
  awk -v n="$(wc -l <"$dir/files.txt")" 'BEGIN { step = int(n / 30); if (step < 1) step = 1 }
       (NR - 1) % step == 0 && ++k <= 30' "$dir/files.txt" >"$dir/sample.txt"
  local path title
  : >"$dir/headlines.txt"
  : >"$dir/like-args.txt"
  while IFS= read -r path; do
    title=$(sed -n 's/^Title: //p;/^$/q' "$path" | head -n 1 | tr -c 'A-Za-z0-9\n' ' ' | tr 'A-Z' 'a-z')
    [ -n "${title// /}" ] || continue
    printf '%s\n' "$title" >>"$dir/headlines.txt"
    printf '%s\n' "$path" >>"$dir/like-args.txt"
  done <"$dir/sample.txt"
  for ((run = 1; run <= runs; run++)); do
    cpu_ms "$each" "$dir/headlines.txt" -- "$bin/dateline-search" --db "$db" >>"$dir/like.title.cpu"
    cpu_ms "$each" "$dir/like-args.txt" --like "$bin/dateline-search" --db "$db" >>"$dir/like.like.cpu"
  done
  local stories
  stories=$(wc -l <"$dir/like-args.txt")
  med() { [ -s "$dir/$1.cpu" ] && stats <"$dir/$1.cpu" | cut -d' ' -f1 || echo NA; }
  pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "n/a"; else printf "%+.0f%%\n", (a / b - 1) * 100 }'; }
  local in ib bc bs br bb oc os ob lt ll
  in=$(med index.new); ib=$(med index.base); bc=$(med batch.collapse); bs=$(med batch.show); br=$(med batch.recency)
  bb=$(med batch.base); oc=$(med oneshot.collapse); os=$(med oneshot.show); ob=$(med oneshot.base)
  lt=$(med like.title); ll=$(med like.like)
  {
    echo "| feature | measurement (CPU ms, user + sys, median of $runs) | without | with | cost |"
    echo "|---|---|---:|---:|---:|"
    if [ -n "$base" ]; then
      echo "| near-duplicate signatures and stories | \`dateline-index -j1\`, fresh database | $ib (baseline build) | $in | $(pct "$in" "$ib") (target ≤ +10%) |"
    else
      echo "| near-duplicate signatures and stories | \`dateline-index -j1\`, fresh database | n/a: set DATELINE_DUP_BASELINE=BIN_DIR (a build of 426d5c2) | $in | n/a |"
    fi
    echo "| collapsing (default) | $batch_count queries in one \`--batch\` | $bs (\`--duplicates=show\`) | $bc | $(pct "$bc" "$bs") (target ≤ +10%) |"
    [ -z "$base" ] || echo "| collapsing (default) | the same, against the baseline build | $bb (baseline build) | $bc | $(pct "$bc" "$bb") |"
    echo "| collapsing (default) | $query_count queries, one process each | $os (\`--duplicates=show\`) | $oc | $(pct "$oc" "$os") (target ≤ +10%) |"
    [ -z "$base" ] || echo "| collapsing (default) | the same, against the baseline build | $ob (baseline build) | $oc | $(pct "$oc" "$ob") |"
    echo "| \`--recency 30d\` | $batch_count queries in one \`--batch\` | $bc | $br | $(pct "$br" "$bc") |"
    echo "| \`--like PATH\` | $stories stories, one process each: the headline as a query vs \`--like\` | $lt | $ll | $(pct "$ll" "$lt") |"
    echo
    echo "CPU time (user + sys) of whole processes, variants alternating within each round on a shared machine: compare the percentages, not the milliseconds across runs."
  } >"$out"
}
