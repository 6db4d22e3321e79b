# @file eval-queries.awk
# @brief Relevance queries from Reuters-21578's topic descriptions.
#
# Input: cat-descriptions_120396.txt (its "Subject Codes" part, up to the line of
# underscores that starts the organisation codes) and, first, a file of
# "TOPIC COUNT" lines (stories labelled with each topic). Output:
# "TOPIC<TAB>QUERY" for each topic with at least -v min=N stories, in the order
# of the description file. The query is the topic's description, e.g.
# "Crude Oil (CRUDE)" -> "crude oil", or the code itself when the list gives
# none, e.g. "COCOA" -> "cocoa", "IRON-STEEL" -> "iron steel": lower-cased,
# dots dropped (U.S. -> us), other punctuation made a space, one-letter words
# dropped. Two codes are clipped words that no story contains, so they are
# spelt out: ALUM -> aluminium, VEG-OIL -> vegetable oil. Plain words only:
# never the topic: field.
# -v source=code: the query is the category's name (its code) instead, cleaned
# the same way and without the two spelt-out words ("MONEY-FX" -> "money fx",
# "ALUM" -> "alum"): the "category names" description source of issue #13.
# clean() is eval-clean.awk's: load it first (awk -f eval-clean.awk -f this).

FNR == NR { count[$1] = $2; next }

/^\*+Subject Codes/ { inside = 1; next }
/^____/ { inside = 0 }
!inside { next }

{
  line = $0
  sub(/[ \t\r]+$/, "", line)
  code = ""; description = ""
  if (match(line, /\([A-Z][A-Z-]*\)$/)) {
    code = substr(line, RSTART + 1, RLENGTH - 2)
    description = substr(line, 1, RSTART - 1)
  } else if (line ~ /^[A-Z][A-Z-]*$/) {
    code = line
  }
  if (code == "") next
  topic = tolower(code)
  if (!(topic in count) || count[topic] < min || (topic in done)) next
  done[topic] = 1
  if (source == "code") description = ""
  else if (topic == "alum") description = "aluminium"
  else if (topic == "veg-oil") description = "vegetable oil"
  query = clean(description != "" ? description : code)
  if (query != "") printf "%s\t%s\n", topic, query
}
