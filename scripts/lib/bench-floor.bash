# @file bench-floor.bash
# @brief scripts/bench --floor (#15.5): the CPU cost per byte of a first build
#        against the plain-Xapian floor (tools/floor, dateline-xapian-floor:
#        Xapian::TermGenerator, the same stored data and commit size) and the
#        wall time against omindex. Sourced by scripts/bench, never executed.
#
# Callers set: repo, work, bin, build_dir, corpus, reps. Optional:
# DATELINE_FLOOR_BASELINE=BIN_DIR adds another build's dateline-index (before
# and after in one run, interleaved); DATELINE_FLOOR_FILES=N indexes only the
# first N files of the corpus (sorted paths; a slice of hard links).

# measure_cpu OUT CMD...: runs CMD and writes "WALL USER SYS RSS_KB EXIT" to OUT.
measure_cpu() {
  local out=$1; shift
  local code=0
  printf '$ %s\n' "$*" >>"$work/commands.log"
  /usr/bin/time -o "$out.time" -f '%e %U %S %M' "$@" >>"$work/commands.log" 2>&1 || code=$?
  printf '%s %s\n' "$(tail -n 1 "$out.time")" "$code" >"$out"
  rm -f "$out.time"
}

# floor_section REPS OUT_MD: measures and writes the markdown table to OUT_MD.
floor_section() {
  local reps=$1 out=$2
  [ -x /usr/bin/time ] || die "--floor needs GNU time (/usr/bin/time, Debian package time)"
  if [ ! -x "$bin/dateline-xapian-floor" ]; then
    cmake --build "$build_dir" --target dateline-xapian-floor >>"$work/build.log" 2>&1 ||
      die "building dateline-xapian-floor failed, see $work/build.log"
  fi
  local source=$corpus
  if [ -n "${DATELINE_FLOOR_FILES:-}" ]; then
    source=$work/floor-slice
    if [ ! -d "$source" ]; then
      mkdir -p "$source"
      (cd "$corpus" && find . -type f -name '*.txt' | LC_ALL=C sort | awk -v n="$DATELINE_FLOOR_FILES" 'NR <= n' |
         xargs -r cp -l --parents -t "$source") || die "could not make the slice $source"
    fi
  fi
  local files bytes
  files=$(find "$source" -type f -name '*.txt' | wc -l)
  bytes=$(find "$source" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  local -a rows=(floor serial parallel omindex)
  [ -n "${DATELINE_FLOOR_BASELINE:-}" ] && rows+=(base-serial base-parallel)
  mkdir -p "$work/floor"
  local rep row db
  for ((rep = 1; rep <= reps; rep++)); do
    # Interleaved, the order rotated each repetition: the load drifts less between rows.
    local -a order=("${rows[@]:rep % ${#rows[@]}}" "${rows[@]:0:rep % ${#rows[@]}}")
    for row in "${order[@]}"; do
      say "floor rep $rep/$reps: $row"
      db=$work/floor/$row.db
      rm -rf "$db"
      case $row in
        floor) measure_cpu "$work/floor/$row.$rep" "$bin/dateline-xapian-floor" --db "$db" "$source" ;;
        serial) measure_cpu "$work/floor/$row.$rep" "$bin/dateline-index" --jobs 1 --db "$db" "$source" ;;
        parallel) measure_cpu "$work/floor/$row.$rep" "$bin/dateline-index" --db "$db" "$source" ;;
        omindex) measure_cpu "$work/floor/$row.$rep" omindex --db "$db" --url / "$source" ;;
        base-serial) measure_cpu "$work/floor/$row.$rep" "$DATELINE_FLOOR_BASELINE/dateline-index" --jobs 1 \
                       --db "$db" "$source" ;;
        base-parallel) measure_cpu "$work/floor/$row.$rep" "$DATELINE_FLOOR_BASELINE/dateline-index" \
                         --db "$db" "$source" ;;
      esac
      # dateline-index exits 1 when a file failed (Reuters has an empty story).
      awk '{ exit !($5 == 0 || $5 == 1) }' "$work/floor/$row.$rep" || die "$row failed (see $work/commands.log)"
      rm -rf "$db"
    done
  done
  # med ROW EXPR: the median over the reps of an awk expression of the fields.
  med() {
    local f
    for f in "$work/floor/$1".[0-9]*; do awk "{ print $2 }" "$f"; done | stats | cut -d' ' -f1
  }
  local floor_cpu omindex_wall
  floor_cpu=$(med floor '$2 + $3')
  omindex_wall=$(med omindex '$1')
  local mb
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
  {
    echo "- Input: $files files, $mb MiB; $reps repetitions of each row, interleaved (rotated order), medians"
    echo
    echo "| first build | CPU s (user+sys) | CPU s / MiB | × floor CPU | wall s | × omindex wall | peak RSS |"
    echo "|---|---|---|---|---|---|---|"
    local label cpu wall rss
    for row in "${rows[@]}"; do
      case $row in
        floor) label="plain Xapian floor (\`dateline-xapian-floor\`)" ;;
        serial) label="\`dateline-index --jobs 1\`" ;;
        parallel) label="\`dateline-index\` (\`--jobs $(nproc)\`)" ;;
        omindex) label="\`omindex\`" ;;
        base-serial) label="baseline \`dateline-index --jobs 1\`" ;;
        base-parallel) label="baseline \`dateline-index\` (\`--jobs $(nproc)\`)" ;;
      esac
      cpu=$(med "$row" '$2 + $3')
      wall=$(med "$row" '$1')
      rss=$(med "$row" '$4')
      echo "| $label | $cpu | $(awk -v c="$cpu" -v m="$mb" 'BEGIN { printf "%.2f", c / m }') |" \
           "$(ratio "$cpu" "$floor_cpu")× | $wall | $(ratio "$wall" "$omindex_wall")× |" \
           "$(awk -v k="$rss" 'BEGIN { printf "%.0f MB", k / 1024 }') |"
    done
  } >"$out"
}
