# @file eval-significance.awk
# @brief Paired two-sided randomisation (permutation) test between two systems'
#        per-query scores, for each measure of eval-metrics.awk.
#
# Files, in order: the queries to test ("QID<TAB>QUERY"; the part of a set
# being reported), then eval-metrics.awk's output holding both systems.
# Pass -v a=SYSTEM -v b=SYSTEM, -v permutations=N (default 10000) and
# -v seed=S (default 20261129: a fixed seed, so a report is reproducible).
# Output, one line per measure (P10 AP NDCG S10 RR):
#   "MEASURE N MEAN_A MEAN_B MEAN_A-MEAN_B P"
# The test: under the null hypothesis the two systems' scores on a query are
# exchangeable, so each per-query difference d_i keeps or flips its sign with
# probability 1/2. P = (1 + permutations whose |sum of signed d_i| >= the
# observed |sum d_i|) / (1 + permutations) (Smucker, Allan and Carterette,
# CIKM 2007). All measures share the same random sign flips. Queries that a
# system did not score count as 0 for it. Queries on which both systems score
# the same on every measure are left out of the flipping (they add nothing to
# any sum), which keeps 10,000 permutations of a 1,000-query set fast.

BEGIN {
  if (permutations == "") permutations = 10000
  if (seed == "") seed = 20261129
  nm = split("P10 AP NDCG S10 RR", measure, " ")
}

FNR == 1 && FILENAME != last_file { file++; last_file = FILENAME }

file == 1 { split($0, f, "\t"); if (!(f[1] in wanted)) { wanted[f[1]] = 1; order[++n] = f[1] } next }

$1 != "MEAN" && ($1 in wanted) && ($3 == a || $3 == b) {
  for (m = 1; m <= nm; m++) score[$1, $3, m] = $(m + 3)
}

END {
  # Queries where the systems score the same on every measure add 0 to every
  # signed sum, whatever their sign: only the others (k of them) are flipped.
  k = 0
  for (m = 1; m <= nm; m++) { sa[m] = sb[m] = observed[m] = 0; extreme[m] = 0 }
  for (i = 1; i <= n; i++) {
    q = order[i]
    same = 1
    for (m = 1; m <= nm; m++) {
      x = (q, a, m) in score ? score[q, a, m] + 0 : 0
      y = (q, b, m) in score ? score[q, b, m] + 0 : 0
      diff[m] = x - y
      sa[m] += x; sb[m] += y
      observed[m] += x - y
      if (x != y) same = 0
    }
    if (same) continue
    k++
    for (m = 1; m <= nm; m++) d[m, k] = diff[m]
  }
  for (m = 1; m <= nm; m++) observed[m] = observed[m] < 0 ? -observed[m] : observed[m]
  srand(seed)
  for (p = 1; p <= permutations; p++) {
    for (m = 1; m <= nm; m++) total[m] = 0
    for (i = 1; i <= k; i++) {
      sign = rand() < 0.5 ? -1 : 1
      for (m = 1; m <= nm; m++) total[m] += sign * d[m, i]
    }
    for (m = 1; m <= nm; m++) {
      t = total[m] < 0 ? -total[m] : total[m]
      # A tolerance for sums of rounded scores that are equal in exact arithmetic.
      if (t >= observed[m] - 1e-9) extreme[m]++
    }
  }
  for (m = 1; m <= nm; m++) {
    ma = n > 0 ? sa[m] / n : 0
    mb = n > 0 ? sb[m] / n : 0
    printf "%s %d %.4f %.4f %+.4f %.4f\n", measure[m], n, ma, mb, ma - mb, (1 + extreme[m]) / (1 + permutations)
  }
}
