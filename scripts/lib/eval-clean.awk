# @file eval-clean.awk
# @brief clean(TEXT): a Reuters label's description or code as query words,
#        the one rule of eval-queries.awk and eval-label-queries.awk (load it
#        first: awk -f eval-clean.awk -f eval-queries.awk ...): lower case,
#        dots dropped (U.S. -> us), other punctuation a space, one-letter
#        words dropped.

function clean(text,    n, i, parts, out) {
  text = tolower(text)
  gsub(/\./, "", text)
  gsub(/[^a-z0-9]+/, " ", text)
  n = split(text, parts, " ")
  out = ""
  for (i = 1; i <= n; i++) {
    if (length(parts[i]) >= 2) out = out (out == "" ? "" : " ") parts[i]
  }
  return out
}
