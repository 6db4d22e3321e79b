# @file measure.bash
# @brief Shared helpers of scripts/bench and scripts/eval: building, converting
#        Reuters-21578, timing commands, statistics and rewriting a marked
#        section of docs/benchmarks.md. Sourced, never executed.
#
# Callers set: repo (the checkout), work (a scratch directory).

# Prints a message on stderr, prefixed with the calling script's name.
say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Fails unless every named command exists; names the Debian package to install.
require_tools() {
  local tool missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] ||
    die "missing ${missing[*]} (run scripts/install-deps: xapian-tools, xapian-omega)"
}

# Builds the three binaries (Release) into $build_dir, unless DATELINE_BUILD_DIR
# names an existing build, which is used as it is. Sets $bin.
build_dateline() {
  if [ -n "${DATELINE_BUILD_DIR:-}" ]; then
    build_dir=$DATELINE_BUILD_DIR
    say "using the existing build in $build_dir"
  else
    build_dir=$repo/build-bench
    say "building Release into $build_dir"
    cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DDATELINE_BUILD_TESTS=OFF \
      >"$work/build.log" 2>&1 || die "cmake configure failed, see $work/build.log"
    cmake --build "$build_dir" -j"$(nproc)" \
      --target dateline-index dateline-search dateline-import-reuters \
      >>"$work/build.log" 2>&1 || die "build failed, see $work/build.log"
  fi
  bin=$build_dir/bin
  local exe
  for exe in dateline-index dateline-search dateline-import-reuters; do
    [ -x "$bin/$exe" ] || die "$bin/$exe is missing"
  done
}

# Converts ../shared/corpora/reuters21578 into $work/corpus (once per run).
convert_reuters() {
  local shared=${DATELINE_SHARED_DIR:-$repo/../shared}
  local source=$shared/corpora/reuters21578
  [ -f "$source/reut2-000.sgm" ] ||
    die "Reuters-21578 not found in $source (set DATELINE_SHARED_DIR)"
  corpus=$work/corpus
  if [ ! -d "$corpus" ]; then
    say "converting Reuters-21578 into $corpus"
    "$bin/dateline-import-reuters" --quiet "$source" "$corpus" ||
      die "dateline-import-reuters failed"
  fi
  corpus_files=$(find "$corpus" -type f -name '*.txt' | wc -l)
}

# measure OUT CMD...: runs CMD with stdout/stderr appended to $work/commands.log
# and writes "WALL_SECONDS PEAK_RSS_KB EXIT_CODE" to OUT. Peak RSS comes from
# GNU time (/usr/bin/time, Debian package `time`); without it the RSS is "NA".
measure() {
  local out=$1; shift
  local code=0
  printf '$ %s\n' "$*" >>"$work/commands.log"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$out.time" -f '%e %M' "$@" >>"$work/commands.log" 2>&1 || code=$?
    # GNU time prefixes "Command exited with non-zero status N" on failure.
    printf '%s %s\n' "$(tail -n 1 "$out.time")" "$code" >"$out"
    rm -f "$out.time"
  else
    local start=$EPOCHREALTIME
    "$@" >>"$work/commands.log" 2>&1 || code=$?
    local end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" -v c="$code" 'BEGIN { printf "%.3f NA %d\n", e - s, c }' >"$out"
  fi
}

# cpu_ms CMD...: runs CMD (stdout discarded, stderr appended to
# $work/commands.log) and prints the CPU time it used, user + sys, in
# milliseconds: the getrusage() clocks of the shell's children as bash's
# `times` reports them (to the millisecond; GNU time's %U/%S count in 10 ms
# steps, too coarse for one search). CPU time, unlike wall time, does not
# count the time other work on a loaded machine takes from it, so variants
# alternating within one run can be compared. Exit 0 or 1 (no hits; files
# that failed) is measured; any other exit stops the script, naming CMD.
cpu_ms() {
  local report code
  report=$(
    code=0
    "$@" >/dev/null 2>>"$work/commands.log" || code=$?
    times
    echo "exit $code"
  )
  code=${report##*exit }
  [ "$code" -le 1 ] || die "exited with $code: $* (see $work/commands.log)"
  # `times`: line 1 the subshell's own user and sys time, line 2 its
  # children's (CMD's), each as 0m1.234s.
  printf '%s\n' "$report" | awk 'NR == 2 {
      total = 0
      for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
      printf "%.1f\n", total * 1000 }'
}

# bench_queries CORPUS DIR: the bench's fixed-seed query set (250 queries:
# 120 single words, 80 pairs, 30 triples, 20 phrases) drawn by
# scripts/lib/bench-queries.awk from the headlines ("Title: " lines) of the
# articles under CORPUS; writes DIR/titles.txt and DIR/queries.txt.
bench_queries() {
  local corpus=$1 dir=$2
  find "$corpus" -type f -name '*.txt' -print0 | LC_ALL=C sort -z |
    xargs -0 awk 'FNR == 1 { done = 0 }
                  !done && /^Title: / { sub(/^Title: /, ""); print; done = 1 }
                  !done && /^$/ { done = 1 }' >"$dir/titles.txt"
  awk -v seed=1987 -v singles=120 -v pairs=80 -v triples=30 -v phrases=20 \
    -f "$repo/scripts/lib/bench-queries.awk" "$dir/titles.txt" >"$dir/queries.txt" ||
    die "could not build the query set"
}

# stats: reads one number per line on stdin; prints "MEDIAN P95 MIN MAX COUNT"
# (nearest-rank p95; the median of an even count is the mean of the middle two).
stats() {
  sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "NA NA NA NA 0"; exit }
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      r = int(0.95 * NR); if (r < 0.95 * NR) r++; if (r < 1) r = 1
      printf "%s %s %s %s %d\n", med, v[r], v[1], v[NR], NR
    }'
}

# ratio A B [DIGITS]: A/B, or "NA".
ratio() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {
    if (a == "NA" || b == "NA" || b + 0 == 0) print "NA"; else printf "%.*f\n", d, a / b }'
}

# verdict A B TARGET: "met" when A/B <= TARGET (unrounded), "**missed**" otherwise.
verdict() {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
    if (a == "NA" || b == "NA" || b + 0 == 0) print "n/a"
    else if (a / b <= t + 0) print "met"
    else print "**missed**" }'
}

# wait_for_idle MAX_SECONDS: waits (polling every 10 s) until the 1-minute load
# average drops below 1.0, at most MAX_SECONDS; other work on the machine (a
# build, a test suite) skews the timings, a parallel indexer's most of all.
wait_for_idle() {
  local max=$1 waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    awk -v l="$load" 'BEGIN { exit !(l < 1.0) }' && return 0
    if [ "$waited" -ge "$max" ]; then
      say "warning: load average still $load after ${waited} s; measuring anyway (recorded in the report)"
      return 0
    fi
    [ "$waited" -eq 0 ] && say "load average $load: waiting up to ${max} s for the machine to settle (--no-wait skips)"
    sleep 10
    waited=$((waited + 10))
  done
}

# build_type_of BUILD_DIR: the CMAKE_BUILD_TYPE that build was configured
# with (build_dateline's own build is Release; DATELINE_BUILD_DIR may name
# any), "unknown" without a CMakeCache.txt.
build_type_of() {
  local cache=$1/CMakeCache.txt type
  [ -n "$1" ] && [ -f "$cache" ] || { echo unknown; return; }
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache" | head -n 1)
  echo "${type:-no CMAKE_BUILD_TYPE}"
}

# Machine and version facts as markdown list items; the build is $build_dir's.
machine_facts() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
  printf -- '- Machine: %s logical CPUs (`nproc`), %s, %s GiB RAM, %s\n' "$(nproc)" "${cpu:-unknown CPU}" \
    "$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(uname -sr)"
  printf -- '- Xapian %s; %s; %s\n' "$(xapian-config --version 2>/dev/null | awk '{ print $NF }')" \
    "$(omindex --version 2>/dev/null | head -n 1)" "$(c++ --version 2>/dev/null | head -n 1)"
  printf -- '- Dateline commit %s%s, %s build\n' \
    "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(git -C "$repo" diff --quiet HEAD -- common indexer searcher corpus/import cmake CMakeLists.txt \
         2>/dev/null || echo ' (with uncommitted changes to the sources)')" \
    "$(build_type_of "${build_dir:-}")"
}

# replace_section FILE BEGIN END CONTENT_FILE: replaces the lines between the
# marker lines BEGIN and END of FILE by CONTENT_FILE (markers kept); appends
# the markers and content when FILE lacks them.
replace_section() {
  local file=$1 begin=$2 end=$3 content=$4
  [ -f "$file" ] || : >"$file"
  if grep -qxF -- "$begin" "$file" && grep -qxF -- "$end" "$file"; then
    awk -v b="$begin" -v e="$end" -v c="$content" '
      $0 == b { print; while ((getline line < c) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip' "$file" >"$file.tmp"
  else
    { cat "$file"; printf '\n%s\n' "$begin"; cat "$content"; printf '%s\n' "$end"; } >"$file.tmp"
  fi
  mv "$file.tmp" "$file"
}
