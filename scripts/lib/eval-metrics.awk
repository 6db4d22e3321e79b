# @file eval-metrics.awk
# @brief P@10, AP@100, nDCG@10, success@10 and reciprocal rank of ranked runs
#        against binary judgments.
#
# Files, in order: the judgments ("DOCID QID" lines), the queries
# ("QID<TAB>QUERY"), then one run file per system ("QID RANK DOCID" lines,
# ranks from 1). Pass -v systems="name1 name2" naming the run files' systems in
# order. Output: "QID R SYSTEM P10 AP NDCG S10 RR" per query and system, then
# "MEAN - SYSTEM P10 MAP NDCG S10 MRR".
#
# P@10 = relevant in the top 10 / 10. AP@100 = sum of P@k at each relevant
# rank k <= 100, divided by min(R, 100), R = documents judged relevant
# (so a perfect top 100 scores 1 even for topics with thousands of stories).
# nDCG@10: binary gains, discount 1/log2(rank + 1), ideal = min(R, 10) hits.
# S10 (success@10) = 1 when a relevant document is in the top 10, else 0.
# RR = 1 / rank of the first relevant document in the top 100, else 0 (its
# mean is MRR). S10 and RR are the known-item measures.

function log2(x) { return log(x) / log(2) }

# Files are numbered by their place on the command line, not by counting
# first lines: an empty run file (no hits at all) has no first line.
BEGIN {
  nsys = split(systems, system_name, " ")
  for (i = 1; i < ARGC; i++) if (!(ARGV[i] in place)) place[ARGV[i]] = i
}

{ file = place[FILENAME] }

file == 1 { if (!(($2, $1) in rel)) { rel[$2, $1] = 1; R[$2]++ } next }

file == 2 { split($0, f, "\t"); topics[++ntopics] = f[1]; next }

{
  s = system_name[file - 2]
  if (($1, $3) in rel) hit[s, $1, $2 + 0] = 1
}

END {
  for (i = 1; i <= nsys; i++) {
    s = system_name[i]
    sum_p = sum_ap = sum_ndcg = sum_s = sum_rr = 0
    for (t = 1; t <= ntopics; t++) {
      topic = topics[t]
      found = ap = dcg = p10 = rr = 0
      for (k = 1; k <= 100; k++) {
        if ((s, topic, k) in hit) {
          found++
          ap += found / k
          if (rr == 0) rr = 1 / k
          if (k <= 10) { p10++; dcg += 1 / log2(k + 1) }
        }
      }
      ideal = 0
      for (k = 1; k <= (R[topic] < 10 ? R[topic] : 10); k++) ideal += 1 / log2(k + 1)
      denominator = R[topic] < 100 ? R[topic] : 100
      ap = denominator > 0 ? ap / denominator : 0
      ndcg = ideal > 0 ? dcg / ideal : 0
      success = p10 > 0 ? 1 : 0
      printf "%s %d %s %.4f %.4f %.4f %d %.4f\n", topic, R[topic], s, p10 / 10, ap, ndcg, success, rr
      sum_p += p10 / 10; sum_ap += ap; sum_ndcg += ndcg; sum_s += success; sum_rr += rr
    }
    if (ntopics > 0)
      printf "MEAN - %s %.4f %.4f %.4f %.4f %.4f\n", s, sum_p / ntopics, sum_ap / ntopics, sum_ndcg / ntopics,
             sum_s / ntopics, sum_rr / ntopics
  }
}
