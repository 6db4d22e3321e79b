# @file eval-headline-queries.awk
# @brief Topic queries made of the words of the topic's own stories' headlines.
#
# Files, in order: a stop list (one word a line, any case), every story's
# headline ("DOCID<TAB>HEADLINE"), the judgments ("DOCID TOPIC"), and the
# topics to make queries for ("TOPIC<TAB>..." lines; their order is kept).
# Output "TOPIC<TAB>QUERY": the 3 headline words that best characterise the
# topic's stories, by n_t(w) * log(N / df(w)): n_t(w) = the topic's stories
# whose headline has w, df(w) = all stories whose headline has w, N = stories.
# Words: lower-cased runs of letters, 3 letters or more, not in the stop list;
# ties go to the word first in byte order. This is the "words of the stories'
# own headlines" description source of issue #13.
# -v queries=Q -v per_query=W (default 1 and 3): Q queries per topic, the topic's
# words in rank order cut into consecutive groups of W (words 1..W, W+1..2W,
# ...), one "TOPIC<TAB>QUERY" line each, fewer when the words run out. Any
# "DOCID<TAB>TEXT" file can stand in for the headlines (bbc-section also uses
# the lead paragraphs).

BEGIN { if (queries == "") queries = 1; if (per_query == "") per_query = 3 }

FNR == 1 { file++ }

file == 1 { if (NF > 0) stop[tolower($1)] = 1; next }

file == 2 {
  tab = index($0, "\t")
  doc = substr($0, 1, tab - 1)
  m = split(tolower(substr($0, tab + 1)), raw, /[^a-z]+/)
  N++
  for (i = 1; i <= m; i++) {
    w = raw[i]
    if (length(w) < 3 || (w in stop) || ((doc, w) in has)) continue
    has[doc, w] = 1
    df[w]++
    words[doc] = words[doc] " " w
  }
  next
}

file == 3 {
  if (($1, $2) in seen) next
  seen[$1, $2] = 1
  k = split(words[$1], ws, " ")
  for (i = 1; i <= k; i++) { n[$2, ws[i]]++; if (!(($2, ws[i]) in listed)) { listed[$2, ws[i]] = 1; cand[$2] = cand[$2] " " ws[i] } }
  next
}

{
  split($0, f, "\t")
  t = f[1]
  k = split(cand[t], ws, " ")
  for (query = 1; query <= queries; query++) {
    q = ""
    for (pick = 1; pick <= per_query; pick++) {
      best = ""; best_score = -1
      for (i = 1; i <= k; i++) {
        w = ws[i]
        if ((t, w) in used) continue
        s = n[t, w] * log(N / df[w])
        if (s > best_score + 1e-12 || (s > best_score - 1e-12 && w < best)) { best = w; best_score = s }
      }
      if (best == "") break
      used[t, best] = 1
      q = q (q == "" ? "" : " ") best
    }
    if (q == "") break
    printf "%s\t%s\n", t, q
  }
}
