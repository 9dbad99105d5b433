/** One cell of a confusion matrix: how many faces of the row's true class were predicted as the column's, and their share of the row. */
export interface ConfusionCell {
  count: number;
  share: number;
}

/** A confusion matrix (rows: truth) with each cell's share of its row, so each row reads as that class's recall and errors. */
export function rowShares(confusion: readonly (readonly number[])[]): ConfusionCell[][] {
  return confusion.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count) => ({ count, share: total > 0 ? count / total : 0 }));
  });
}
