/**
 * `sklearn.metrics.roc_auc_score` for binary labels: the area under the ROC curve by the
 * trapezoidal rule over distinct scores, so a tie between a positive and a negative counts one
 * half (the Mann–Whitney U / (P·N)). Counted in integers, so exact up to one final division.
 * Throws where scikit-learn raises: a class missing, or a NaN score.
 */
export function rocAuc(labels: ArrayLike<0 | 1>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) throw new RangeError('rocAuc: labels and scores differ in length');
  if (Array.prototype.some.call(scores, Number.isNaN)) throw new RangeError('rocAuc: a score is NaN');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  let negatives = 0;
  // Twice the area, in units of one (positive, negative) pair, so ties add whole numbers.
  let twiceArea = 0;
  for (let start = 0; start < order.length;) {
    let groupPos = 0;
    let groupNeg = 0;
    const score = scores[order[start] as number] as number;
    let end = start;
    for (; end < order.length && scores[order[end] as number] === score; end += 1) {
      if (labels[order[end] as number] === 1) groupPos += 1;
      else groupNeg += 1;
    }
    twiceArea += groupNeg * (2 * positives + groupPos);
    positives += groupPos;
    negatives += groupNeg;
    start = end;
  }
  if (positives === 0 || negatives === 0) throw new RangeError('rocAuc: needs both classes');
  return twiceArea / (2 * positives * negatives);
}
