# @file eval-like.bash
# @brief scripts/eval: how well --like finds stories of the same topic (#11.3).
#        Sourced by scripts/eval, never executed.
#
# Two disjoint samples of the Reuters-21578 stories with exactly one topic
# label, both fixed (no random seed), LIKE_SAMPLE (default 200) stories each:
#   tuning:   sorted by NEWID, every k-th so that about LIKE_SAMPLE remain. The
#             number of expansion terms (k_like_terms, searcher/like.hpp) was
#             chosen on this sample.
#   held-out: of the other single-topic stories, the LIKE_SAMPLE smallest by
#             md5("like-held-out " NEWID): a hash split, never used to choose
#             anything.
# For each story, over the label-free index:
#   like:  dateline-search --db DB --format json --snippets 0 --limit 10 --like PATH
#   title: dateline-search --db DB --format json --snippets 0 --limit 11 TITLE
#          (its own headline as a plain query, the story itself removed, 10 kept):
#          what a reader would type without --like
# and scores the share of the 10 hits labelled with the sample's topic (a hit
# with several topics counts when one of them is it; fewer than 10 hits count
# as misses). "Chance" is the share of all stories labelled with the topic.
# Callers set: bin, work, plain (the label-free corpus), command_line, repo,
# and like_tuning_only (1: score the tuning sample only, never reading the
# held-out one: the runs that choose something; default 0);
# they pass the database and the qrels file ("NEWID TOPIC" lines).

# like_score SAMPLE SCORES DB: for each "NEWID TOPIC" line of SAMPLE, one line
# "NEWID TOPIC LIKE TITLE CHANCE SELF" appended to SCORES; prints the number
# of runs that failed (exit >= 2).
like_score() {
  local sample=$1 scores=$2 db=$3 dir=$work/like
  local failures=0 id topic path title code
  newids() { sed -n 's/.*reuters-\([0-9][0-9]*\)\.txt.*/\1/p'; }
  : >"$scores"
  while read -r id topic; do
    path=$(awk -v id="$id" '$1 == id { print $2; exit }' "$dir/paths.txt")
    [ -n "$path" ] || { failures=$((failures + 1)); continue; }
    code=0
    "$bin/dateline-search" --db "$db" --format json --snippets 0 --limit 10 --like "$path" >"$dir/out.json" \
      2>>"$work/commands.log" || code=$?
    [ "$code" -le 1 ] || failures=$((failures + 1))
    { grep -o '"path": *"[^"]*"' "$dir/out.json" || true; } | newids >"$dir/like.ids"
    # The headline as a query: letters and digits only, so no word is read as an operator.
    title=$(sed -n 's/^Title: //p;/^$/q' "$path" | head -n 1 | tr -c 'A-Za-z0-9\n' ' ' | tr 'A-Z' 'a-z')
    : >"$dir/title.ids"
    if [ -n "${title// /}" ]; then
      code=0
      "$bin/dateline-search" --db "$db" --format json --snippets 0 --limit 11 -- "$title" >"$dir/out.json" \
        2>>"$work/commands.log" || code=$?
      [ "$code" -le 1 ] || failures=$((failures + 1))
      { grep -o '"path": *"[^"]*"' "$dir/out.json" || true; } | newids | awk -v id="$id" '$1 != id' | head -n 10 \
        >"$dir/title.ids"
    fi
    awk -v id="$id" -v topic="$topic" '
      FILENAME == ARGV[1] { if ($2 == topic) has[$1] = 1; total++; if (!seen[$1]++) stories++; if ($2 == topic) with++; next }
      FILENAME == ARGV[2] { if ($1 in has) like++; if ($1 == id) self++; next }
      FILENAME == ARGV[3] { if ($1 in has) title++; next }
      END { printf "%s %s %.4f %.4f %.6f %d\n", id, topic, like / 10, title / 10, with / stories, self }
    ' "$dir/qrels.txt" "$dir/like.ids" "$dir/title.ids" >>"$scores"
  done <"$sample"
  echo "$failures"
}

# like_section DB QRELS OUT_MD: runs both samples and writes the markdown section.
like_section() {
  local db=$1 qrels=$2 out=$3 sample_size=${LIKE_SAMPLE:-200}
  local dir=$work/like
  mkdir -p "$dir"
  # NEWID -> path of the label-free copy.
  find "$plain" -type f -name 'reuters-*.txt' |
    sed -n 's/^\(.*reuters-\([0-9][0-9]*\)\.txt\)$/\2 \1/p' | LC_ALL=C sort -k1,1 >"$dir/paths.txt"
  awk '!seen[$0]++' "$qrels" >"$dir/qrels.txt"
  # Stories with exactly one topic, by NEWID.
  awk '{ n[$1]++; t[$1] = $2 } END { for (id in n) if (n[id] == 1) print id, t[id] }' "$dir/qrels.txt" |
    sort -n -k1,1 >"$dir/single.txt"
  local singles
  singles=$(wc -l <"$dir/single.txt")
  [ "$singles" -gt 0 ] || die "no story with exactly one topic in $qrels"
  # Tuning sample: every k-th by NEWID.
  awk -v n="$singles" -v k="$sample_size" 'BEGIN { step = n / k; if (step < 1) step = 1; next_at = 0 }
       NR - 1 >= next_at { print; next_at += step }' "$dir/single.txt" | head -n "$sample_size" >"$dir/sample.txt"
  # Held-out sample: the other single-topic stories, the smallest by
  # md5("like-held-out NEWID"), then back in NEWID order.
  awk 'FNR == NR { taken[$1] = 1; next } !($1 in taken)' "$dir/sample.txt" "$dir/single.txt" |
    while read -r id topic; do
      printf '%s %s %s\n' "$(printf 'like-held-out %s' "$id" | md5sum | cut -c1-32)" "$id" "$topic"
    done | LC_ALL=C sort -k1,1 | awk -v k="$sample_size" 'NR <= k { print $2, $3 }' | sort -n -k1,1 \
    >"$dir/sample.held-out.txt"
  if [ -n "$(awk 'FNR == NR { a[$1] = 1; next } $1 in a' "$dir/sample.txt" "$dir/sample.held-out.txt")" ]; then
    die "the --like samples overlap"
  fi
  local failures failures_held_out
  failures=$(like_score "$dir/sample.txt" "$dir/scores.txt" "$db")
  if [ "${like_tuning_only:-0}" -eq 1 ]; then
    : >"$dir/scores.held-out.txt"  # not run: a tuning run never reads the held-out sample
    failures_held_out=0
  else
    failures_held_out=$(like_score "$dir/sample.held-out.txt" "$dir/scores.held-out.txt" "$db")
  fi
  local n n_held_out terms
  n=$(wc -l <"$dir/scores.txt")
  n_held_out=$(wc -l <"$dir/scores.held-out.txt")
  terms=$(sed -n 's/.*k_like_terms = \([0-9]*\);.*/\1/p' "$repo/searcher/like.hpp")
  # summary SCORES: "LIKE LIKE5 TITLE TITLE5 CHANCE N SELF"
  summary() {
    awk '{ l += $3; t += $4; c += $5; if ($3 >= 0.5) l5++; if ($4 >= 0.5) t5++; self += $6 }
         END { if (NR == 0) { print "0 0 0 0 0 0 0"; exit }
               printf "%.3f %d %.3f %d %.3f %d %d\n", l / NR, l5, t / NR, t5, c / NR, NR, self + 0 }' "$1"
  }
  local a b
  a=$(summary "$dir/scores.txt")
  b=$(summary "$dir/scores.held-out.txt")
  by_topic() {
    awk '{ n[$2]++; l[$2] += $3; t[$2] += $4 }
         END { for (x in n) if (n[x] >= 5) printf "%s %d %.3f %.3f\n", x, n[x], l[x] / n[x], t[x] / n[x] }' "$1" |
      sort -k2,2nr -k1,1 |
      awk 'NR <= 8 { printf "%s%s %d stories, like %.2f / headline %.2f", (NR > 1 ? "; " : ""), $1, $2, $3, $4 }'
  }
  {
    echo "_Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC'); Dateline commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)._"
    echo
    echo "Two disjoint samples of the $singles Reuters-21578 stories with exactly one topic label, over the same label-free index as the topic queries, both fixed (no seed): the **tuning** sample, $n stories (every $(awk -v a="$singles" -v b="$sample_size" 'BEGIN { s = a / b; printf (s < 1 ? 1 : "%.1f"), s }')th by NEWID), on which the number of expansion terms was chosen; and the **held-out** sample, $n_held_out of the other single-topic stories (the smallest by md5(\"like-held-out NEWID\")), never used to choose anything. Share of the top 10 labelled with the sample story's topic (fewer than 10 hits count as misses), and how many stories have at least 5 of 10:"
    echo
    echo "| method | tuning sample | held-out sample |"
    echo "|---|---:|---:|"
    local la l5a ta t5a ca na sa lb l5b tb t5b cb nb sb
    read -r la l5a ta t5a ca na sa <<<"$a"
    read -r lb l5b tb t5b cb nb sb <<<"$b"
    echo "| \`--like PATH\` ($terms expansion terms) | $la ($l5a of $na) | $lb ($l5b of $nb) |"
    echo "| the story's headline as a plain query (itself removed) | $ta ($t5a of $na) | $tb ($t5b of $nb) |"
    echo "| chance (share of stories with that topic) | $ca | $cb |"
    [ $((sa + sb)) -eq 0 ] || printf '\n**%d runs listed the given story itself.**\n' $((sa + sb))
    echo
    echo "Topics with at least 5 stories in the tuning sample (most frequent first): $(by_topic "$dir/scores.txt")."
    echo
    echo "The same in the held-out sample: $(by_topic "$dir/scores.held-out.txt")."
    [ $((failures + failures_held_out)) -eq 0 ] || echo "$((failures + failures_held_out)) runs failed (exit >= 2) and score 0."
  } >"$out"
}
