# @file bench-startup.bash
# @brief scripts/bench --startup: what linking Debian's shared ICU and Boost
#        (the .deb's build, -DDATELINE_STATIC_DEPS=OFF) costs a one-shot
#        search against the static build (issue 10.3). Sourced, never executed.
#
# Builds dateline-search twice (static: $build_dir; shared, of the same build
# type: $repo/build-bench-shared), indexes corpus/sample once, then times whole
# processes, alternating the builds in blocks of 10 after a warm-up:
#   search:  dateline-search --db DB japan   (10 hits with snippets, text)
#   version: dateline-search --version       (start-up and exit only)
# wall time per process (medians, p95) and CPU time per process (user + sys of
# each block of 10, from bash's `times`), and with valgrind one callgrind run
# each (instructions, which the machine's load does not change).
# Callers set: bin, work, repo, reps.

# children_cpu FILE: the user + sys seconds of this shell's finished children
# (`times` runs in this shell: in a $(...) it would see only that subshell's).
children_cpu() {
  times >"$1.times"
  tail -n 1 "$1.times" | awk '{
    n = 0
    for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] }
    printf "%.6f\n", n }'
}

# startup_block BIN OUTPREFIX KIND: 10 runs of KIND; appends each wall (ms)
# to OUTPREFIX.wall and the block's CPU ms per process to OUTPREFIX.cpu.
startup_block() {
  local exe=$1 out=$2 kind=$3
  (
    children_cpu "$out" >"$out.before"
    for ((i = 0; i < 10; i++)); do
      start=$EPOCHREALTIME
      case $kind in
        search) "$exe" --db "$work/startup.db" japan >/dev/null 2>&1 || [ $? -eq 1 ] || exit 9 ;;
        version) "$exe" --version >/dev/null 2>&1 || exit 9 ;;
      esac
      end=$EPOCHREALTIME
      awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >>"$out.wall"
    done
    children_cpu "$out" >"$out.after"
    awk -v a="$(cat "$out.before")" -v b="$(cat "$out.after")" 'BEGIN { printf "%.3f\n", (b - a) * 100 }' >>"$out.cpu"
  ) || die "dateline-search ($kind) failed in $out"
}

# startup_section OUT_MD: builds, measures and writes the markdown section.
startup_section() {
  local out=$1 shared_dir=$repo/build-bench-shared type launcher=()
  # The same build type as the static build ($DATELINE_BUILD_DIR may be RelWithDebInfo).
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  say "building the shared-library dateline-search (${type:-Release}) into $shared_dir"
  cmake -S "$repo" -B "$shared_dir" -DCMAKE_BUILD_TYPE="${type:-Release}" -DDATELINE_BUILD_TESTS=OFF \
    -DDATELINE_STATIC_DEPS=OFF "${launcher[@]}" >"$work/build-shared.log" 2>&1 ||
    die "configure failed, see $work/build-shared.log"
  cmake --build "$shared_dir" -j"$(nproc)" --target dateline-search >>"$work/build-shared.log" 2>&1 ||
    die "build failed, see $work/build-shared.log"
  local -A exe=([static]=$bin/dateline-search [shared]=$shared_dir/bin/dateline-search)
  ldd "${exe[shared]}" | grep -q libicuuc || die "${exe[shared]} does not link the shared ICU"
  ldd "${exe[static]}" | grep -q libicuuc &&
    say "warning: ${exe[static]} links the shared ICU (configured with -DDATELINE_STATIC_DEPS=OFF?)"
  rm -rf "$work/startup.db" "$work/startup"
  mkdir -p "$work/startup"
  "$bin/dateline-index" -q --db "$work/startup.db" "$repo/corpus/sample" ||
    die "dateline-index failed on corpus/sample"
  local build kind block
  for build in static shared; do  # warm-up: page cache, loader caches
    for kind in search version; do startup_block "${exe[$build]}" "$work/startup/warm" "$kind"; done
  done
  for ((block = 0; block < reps; block++)); do
    for build in static shared; do
      for kind in search version; do startup_block "${exe[$build]}" "$work/startup/$build.$kind" "$kind"; done
    done
  done
  local -A wall cpu ins
  for build in static shared; do
    for kind in search version; do
      wall[$build.$kind]=$(stats <"$work/startup/$build.$kind.wall")
      cpu[$build.$kind]=$(stats <"$work/startup/$build.$kind.cpu" | cut -d' ' -f1)
      ins[$build.$kind]=NA
      if command -v valgrind >/dev/null 2>&1; then
        local args=(--version)
        [ "$kind" = search ] && args=(--db "$work/startup.db" japan)
        ins[$build.$kind]=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "${exe[$build]}" "${args[@]}" \
          2>&1 >/dev/null | awk '/Collected/ { print $4 }')
      fi
    done
  done
  {
    printf '| build | process | wall, median (p95) | CPU per process, median of blocks | instructions |\n'
    printf '|---|---|---|---|---|\n'
    for kind in search version; do
      for build in static shared; do
        read -r med p95 _ <<<"${wall[$build.$kind]}"
        printf '| %s | `%s` | %s ms (%s) | %s ms | %s |\n' "$build" \
          "$([ "$kind" = search ] && echo 'dateline-search --db DB japan' || echo 'dateline-search --version')" \
          "$med" "$p95" "${cpu[$build.$kind]}" \
          "$(awk -v n="${ins[$build.$kind]}" 'BEGIN { if (n == "NA" || n == "") print "n/a"; else printf "%.2fM", n / 1e6 }')"
      done
    done
    echo
    for kind in search version; do
      printf -- '- `%s`: shared/static wall %s×, CPU %s×, instructions %s×\n' "$kind" \
        "$(ratio "$(cut -d' ' -f1 <<<"${wall[shared.$kind]}")" "$(cut -d' ' -f1 <<<"${wall[static.$kind]}")")" \
        "$(ratio "${cpu[shared.$kind]}" "${cpu[static.$kind]}")" "$(ratio "${ins[shared.$kind]}" "${ins[static.$kind]}")"
    done
  } >"$out"
}
