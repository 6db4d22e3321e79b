# @file bench-queries.awk
# @brief Deterministic benchmark queries from the corpus's own titles.
#
# Input: one title per line (in a fixed order). Output: one query per line,
# no duplicates: -v singles=N one-word queries, -v pairs=N two adjacent title
# words, -v triples=N three adjacent title words, -v phrases=N two adjacent
# words as a "quoted phrase". Words are lower-cased runs of a-z of at least
# three letters that are not in a short stop list. Random choices use the
# Park-Miller generator seeded with -v seed=N (exact in awk's doubles, so every
# awk gives the same queries). Plain words only: no field prefixes, no
# operators (and/or/not are stop words here). A corpus too small for the
# counts asked (too few distinct title words) gets what it has: a kind stops
# after 1000 draws in a row without a new query, or when no title has a run
# of its length, with a note on stderr ("only N of M ..."); exit 0.

function next_random() {
  state = (state * 16807) % 2147483647
  return state
}

# A uniform integer in 1..n.
function pick(n) {
  return int((next_random() - 1) / 2147483646 * n) + 1
}

# Splits title t into the global array w[1..nw] of usable words; a stop word
# or short token breaks adjacency by leaving a "" entry.
function words_of(t,    raw, n, i) {
  t = tolower(t)
  gsub(/[^a-z]+/, " ", t)
  n = split(t, raw, " ")
  nw = 0
  for (i = 1; i <= n; i++) {
    nw++
    w[nw] = (length(raw[i]) >= 3 && !(raw[i] in stop)) ? raw[i] : ""
  }
}

# A run of k usable adjacent words from a random title, or "" after many misses.
function random_run(k,    tries, start, i, q, ok) {
  for (tries = 0; tries < 1000; tries++) {
    words_of(title[pick(ntitles)])
    if (nw < k) continue
    start = pick(nw - k + 1)
    q = ""; ok = 1
    for (i = start; i < start + k; i++) {
      if (w[i] == "") { ok = 0; break }
      q = q (q == "" ? "" : " ") w[i]
    }
    if (ok) return q
  }
  return ""
}

function emit(q) {
  if (q == "" || (q in seen)) return 0
  seen[q] = 1
  print q
  return 1
}

# Draws up to n distinct queries of k adjacent words (quoted when phrase is
# set); `what` names them in the note when fewer could be drawn.
function draw(n, k, phrase, what,    made, misses, q) {
  made = 0
  for (misses = 0; made < n && misses < 1000; ) {
    q = random_run(k)
    if (q == "") break  # no title has such a run
    if (phrase) q = "\"" q "\""
    if (emit(q)) { made++; misses = 0 } else misses++
  }
  if (made < n) {
    printf "bench-queries.awk: only %d of %d %s queries could be drawn (too few distinct title words)\n", \
      made, n, what > "/dev/stderr"
  }
}

BEGIN {
  split("the and for not but are was with from its has had have will that this into " \
        "over after says said say new per pct mln dlrs vs cts its off out say", list, " ")
  for (i in list) stop[list[i]] = 1
  if (seed == "") seed = 1987
  state = seed
}

NF { title[++ntitles] = $0 }

END {
  if (ntitles == 0) exit 1
  draw(singles, 1, 0, "one-word")
  draw(pairs, 2, 0, "two-word")
  draw(triples, 3, 0, "three-word")
  draw(phrases, 2, 1, "phrase")
}
