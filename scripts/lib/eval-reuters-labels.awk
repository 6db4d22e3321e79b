# @file eval-reuters-labels.awk
# @brief Reuters-21578's PLACES, PEOPLE, ORGS and EXCHANGES labels, by story.
#
# Input: the collection's reut2-NNN.sgm files. Output: "reuters-NEWID KIND
# LABEL" for every label of every story, KIND one of places, people, orgs,
# exchanges (lower case), LABEL as the file writes it ("west-germany"). The
# DOCID is the one dateline-import-reuters gives the story's file
# (reuters-NEWID.txt). These labels never reach the indexed copy: the
# importer keeps only TOPICS (as a Topics: header, which scripts/eval
# removes), so they judge a ranking that cannot see them.

# One story's text from <REUTERS to </REUTERS>, joined, then its labels.
function flush(    kind, rest, seg, item, k) {
  if (id == "") return
  for (k = 1; k <= 4; k++) {
    kind = kinds[k]
    rest = record
    if (!match(rest, "<" toupper(kind) ">.*</" toupper(kind) ">")) continue
    seg = substr(rest, RSTART, RLENGTH)
    while (match(seg, /<D>[^<]*<\/D>/)) {
      item = substr(seg, RSTART + 3, RLENGTH - 7)
      seg = substr(seg, RSTART + RLENGTH)
      gsub(/^[ \t]+|[ \t]+$/, "", item)
      if (item != "") print "reuters-" id, kind, item
    }
  }
  id = ""
  record = ""
}

BEGIN { split("places people orgs exchanges", kinds, " ") }

/<REUTERS / {
  flush()
  if (match($0, /NEWID="[0-9]+"/)) id = substr($0, RSTART + 7, RLENGTH - 8)
}
id != "" { record = record " " $0 }
/<\/REUTERS>/ { flush() }
END { flush() }
