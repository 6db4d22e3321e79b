# @file eval-losses.awk
# @brief Why Dateline loses a query to omindex + quest: the first cause, by a
#        fixed order, that brings it level (scripts/eval-losses).
#
# Input, one line per query that Dateline loses (its primary measure, or for a
# topic set its P@10, below quest's):
#   QID KIND dateline=P,M best=P,M quest=P,M b0.5=P,M awb0=P,M fb0=P,M tw0=P,M questlike=P,M
# KIND is topic or known; P is P@10 (success@10 for known items), M the
# primary measure (AP, or reciprocal rank for known items). dateline= is the
# default ranking, best= the same ranking with every group of equally scored
# hits ordered relevant first, quest= omindex + quest; the other pairs are the
# default ranking with one switch each (b0.5 = --bm25-b 0.5, awb0 =
# --all-words-boost 0, fb0 = --feedback 0, tw0 = --title-weight 0) and all of
# them at once with quest's BM25 (questlike = those four and --bm25-k1 1).
# A ranking is level with quest when neither its P nor its M is lower.
# Output "QID CLASS FIXES": CLASS is the first that holds of
#   ties       best= is level: equally scored hits in another order would do;
#   length     b0.5 is level (length normalisation);
#   all-words  awb0 is level (the all-words boost);
#   feedback   fb0 is level (pseudo-relevance feedback);
#   title      tw0 is level (the headline evidence of --title-weight);
#   several    only questlike is level (the features and BM25's k1 and b
#              together);
#   index      none is level: the indexes differ (what Dateline indexes from
#              the same file: a headline's words counted k_title_wdf times,
#              also a derived title's; stems; stop words);
# FIXES lists every single switch that is level (length, all-words, feedback,
# title), "-" when none.

function level(pair,    v) {
  split(pair, v, ",")
  return v[1] + 1e-9 >= quest[1] && v[2] + 1e-9 >= quest[2]
}

{
  delete value
  for (i = 3; i <= NF; i++) {
    eq = index($i, "=")
    value[substr($i, 1, eq - 1)] = substr($i, eq + 1)
  }
  split(value["quest"], quest, ",")
  fixes = ""
  n = split("b0.5 length awb0 all-words fb0 feedback tw0 title", names, " ")
  for (i = 1; i <= n; i += 2) if (level(value[names[i]])) fixes = fixes (fixes == "" ? "" : " ") names[i + 1]
  if (level(value["best"])) class = "ties"
  else if (fixes != "") { split(fixes, first, " "); class = first[1] }
  else if (level(value["questlike"])) class = "several"
  else class = "index"
  print $1, class, (fixes == "" ? "-" : fixes)
}
