# @file eval-time.awk
# @brief TIME.ALL (the 1963 TIME magazine test collection) -> one article file
#        per story, and one known-item query per story.
#
# Files, in order: TIME.STP (the collection's stop list), TIME.ALL. Pass
# -v dst=DIR. Writes DIR/time-NNN.txt, NNN = the story's ordinal in TIME.ALL
# (1..423, the number TIME's own judgments use), as "date 1963-MM-DD", a blank
# line, and the story's lines joined into one paragraph (TIME.ALL is double
# spaced; joined, no line becomes a headline). Prints "time-NNN<TAB>QUERY"
# lines: the known-item query for that story, paraphrased by a fixed rule:
#   1. split the story into sentences at " . ", " ? " and " ! ";
#   2. keep the sentences with at least 8 content words (lower-cased words of
#      letters only, 3 letters or more, not in TIME.STP);
#   3. take the middle one of those (index ceil(count / 2)), so neither the
#      opening words (the section label run into the text) nor the end;
#   4. the query is its 1st, 4th, 7th and 10th content words (4 words): a
#      shortened recollection of one sentence of the story, not a copy of it
#      (with every other word, up to 6, both tools found every story in the
#      top 10, which tells them apart no more).
# Stories without such a sentence get no query (none in TIME.ALL).
# -v rule=late (the time-late set, session 8): another sentence and other
# words of the same story: step 3 takes the eligible sentence three quarters
# of the way through (index ceil(3 * count / 4)), step 4 its 2nd, 5th, 8th
# and 11th content words (3 or 4 words). So the query differs from
# time-known's even when a story has one eligible sentence. Without -v dst (or with it
# empty) no file is written: the queries only.

function flush(    n, i, s, sentences, words, kept, nk, picked, count, q, j, text) {
  if (id == "") return
  text = body
  gsub(/ [?!] /, " . ", text)
  n = split(text, sentences, / \. /)
  count = 0
  for (i = 1; i <= n; i++) {
    nk = content(sentences[i], words)
    if (nk >= 8) eligible[++count] = sentences[i]
  }
  if (count > 0) {
    picked = eligible[rule == "late" ? int((3 * count + 3) / 4) : int((count + 1) / 2)]
    nk = content(picked, words)
    q = ""
    j = 0
    for (i = (rule == "late" ? 2 : 1); i <= nk && j < 4; i += 3) { q = q (q == "" ? "" : " ") words[i]; j++ }
    printf "%s\t%s\n", id, q
  }
  if (dst != "") {
    file = dst "/" id ".txt"
    printf "date %s\n\n%s\n", date, body > file
    close(file)
  }
  id = ""
}

# Content words of @p s into @p out[1..n]; returns n.
function content(s, out,    raw, m, i, w, n) {
  m = split(tolower(s), raw, /[^a-z]+/)
  n = 0
  for (i = 1; i <= m; i++) {
    w = raw[i]
    if (length(w) >= 3 && !(w in stop)) out[++n] = w
  }
  return n
}

FNR == 1 { file_no++ }

file_no == 1 { if (NF > 0) stop[tolower($1)] = 1; next }

/^\*STOP/ { flush(); next }

/^\*TEXT / {
  flush()
  ordinal++
  id = sprintf("time-%03d", ordinal)
  # "*TEXT 017 01/04/63 PAGE 020"; one header has "08/30 63".
  d = $3
  if ($4 ~ /^[0-9][0-9]$/ && d ~ /^[0-9][0-9]\/[0-9][0-9]$/) d = d "/" $4
  split(d, mdy, "/")
  date = sprintf("19%s-%s-%s", mdy[3], mdy[1], mdy[2])
  body = ""
  next
}

id != "" && NF > 0 { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t\r]+$/, "", line); body = body (body == "" ? "" : " ") line }

END { flush() }
