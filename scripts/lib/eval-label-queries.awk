# @file eval-label-queries.awk
# @brief Topic queries for Reuters-21578's PLACES, ORGS, EXCHANGES and PEOPLE
#        labels, from the label's name or description.
#
# Files, in order: "KIND LABEL COUNT" lines (indexed stories with each label,
# KIND as eval-reuters-labels.awk writes it), then cat-descriptions_120396.txt.
# Pass -v min=N (labels with at least N stories) and -v kinds="places" or
# "orgs exchanges people". Output: "KIND.LABEL<TAB>QUERY", in the order of the
# description file (the section of each kind: "Organization Codes", "Exchange
# Codes", "Country Codes", "People Codes"), each label once.
# The query is the label's description where the file gives one, e.g.
# "New York Stock Exchange (NYSE)" -> "new york stock exchange", "Treasury
# Secretary James Baker (JAMES-BAKER)" -> "treasury secretary james baker";
# a country (the file lists codes only) is its code's words, "WEST-GERMANY" ->
# "west germany", with the four abbreviations spelt out: USA -> united states,
# UK -> united kingdom, USSR -> soviet union, UAE -> united arab emirates.
# Cleaned as eval-queries.awk cleans, by eval-clean.awk's clean() (load it
# first: awk -f eval-clean.awk -f this): lower case, dots dropped, other
# punctuation a space, one-letter words dropped.

BEGIN {
  n = split(kinds, k, " ")
  for (i = 1; i <= n; i++) wanted[k[i]] = 1
  spelt["usa"] = "united states"; spelt["uk"] = "united kingdom"
  spelt["ussr"] = "soviet union"; spelt["uae"] = "united arab emirates"
}

FNR == NR { count[$1, $2] = $3; next }

/^@heading\[/ {
  section = ""
  if ($0 ~ /Organi[sz]ation Codes/) section = "orgs"
  else if ($0 ~ /Exchange Codes/) section = "exchanges"
  else if ($0 ~ /Country Codes/) section = "places"
  else if ($0 ~ /People Codes/) section = "people"
  next
}
/^\*+Subject Codes/ || /^____/ { section = ""; next }
section == "" || !(section in wanted) { next }

{
  line = $0
  sub(/@\*/, "", line)
  gsub(/^[ \t]+|[ \t\r]+$/, "", line)
  code = ""; description = ""
  if (match(line, /\([A-Z][A-Z0-9-]*\)$/)) {
    code = substr(line, RSTART + 1, RLENGTH - 2)
    description = substr(line, 1, RSTART - 1)
  } else if (line ~ /^[A-Z][A-Z0-9-]*$/) {
    code = line
  }
  if (code == "") next
  label = tolower(code)
  if (!((section, label) in count) || count[section, label] < min || ((section, label) in done)) next
  done[section, label] = 1
  if (description == "" && (label in spelt)) description = spelt[label]
  query = clean(description != "" ? description : code)
  if (query != "") printf "%s.%s\t%s\n", section, label, query
}
