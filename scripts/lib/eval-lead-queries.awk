# @file eval-lead-queries.awk
# @brief Known-item queries from each BBC story's lead paragraph (bbc-lead).
#
# Files, in order: a stop list (one word a line, any case), "DOCID MD5" lines
# (the stories' checksums, in file-name order), "DOCID<TAB>LEAD" lines (each
# story's lead paragraph: its first non-empty line after the headline).
# Output "DOCID<TAB>QUERY", one per distinct text (the first file of each
# group of byte-identical files; scripts/eval judges every file of the group
# the known item): TIME's paraphrase rule (eval-time.awk) applied to the lead
# paragraph: its content words (lower-cased runs of letters, 3 letters or
# more, not in the stop list), when it has at least 8, and the query is the
# 1st, 4th, 7th and 10th of them (3 or 4 words). A lead with fewer content
# words gives no query. The headline, which bbc-known uses, plays no part.

FNR == 1 { file++ }

file == 1 { if (NF > 0) stop[tolower($1)] = 1; next }

file == 2 { group[$1] = $2; if (!($2 in first)) first[$2] = $1; next }

{
  tab = index($0, "\t")
  id = substr($0, 1, tab - 1)
  if (first[group[id]] != id) next
  m = split(tolower(substr($0, tab + 1)), raw, /[^a-z]+/)
  n = 0
  for (i = 1; i <= m; i++) if (length(raw[i]) >= 3 && !(raw[i] in stop)) words[++n] = raw[i]
  if (n < 8) next
  q = ""
  for (i = 1; i <= n && i <= 10; i += 3) q = q (q == "" ? "" : " ") words[i]
  printf "%s\t%s\n", id, q
}
