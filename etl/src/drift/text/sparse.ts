/** Compressed sparse rows (as scipy's csr_matrix): row i is indices/data[indptr[i] .. indptr[i+1]). */
export interface CsrMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** One row's entries, with its column indices ascending. */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export function csrFromRows(rows: readonly SparseRow[], nCols: number): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => {
    indptr[i + 1] = (indptr[i] as number) + row.indices.length;
  });
  const nnz = indptr[rows.length] as number;
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  rows.forEach((row, i) => {
    indices.set(row.indices, indptr[i]);
    data.set(row.values, indptr[i]);
  });
  return { nRows: rows.length, nCols, indptr, indices, data };
}

export function csrRow(m: CsrMatrix, i: number): SparseRow {
  const from = m.indptr[i] as number;
  const to = m.indptr[i + 1] as number;
  return { indices: m.indices.subarray(from, to), values: m.data.subarray(from, to) };
}

/** out = m·v + shift (row by row). */
export function csrTimesVector(m: CsrMatrix, v: ArrayLike<number>, shift: number, out: Float64Array): void {
  // Hoisted typed arrays: V8 does not hoist the property loads itself, and this loop is the cost.
  const { indptr, indices, data } = m;
  for (let i = 0; i < m.nRows; i += 1) {
    let s = shift;
    const end = indptr[i + 1] as number;
    for (let k = indptr[i] as number; k < end; k += 1) s += (data[k] as number) * (v[indices[k] as number] as number);
    out[i] = s;
  }
}

/** out += mᵀ·r. */
export function csrTransposeTimesAdd(m: CsrMatrix, r: ArrayLike<number>, out: Float64Array): void {
  const { indptr, indices, data } = m;
  for (let i = 0; i < m.nRows; i += 1) {
    const ri = r[i] as number;
    if (ri === 0) continue;
    const end = indptr[i + 1] as number;
    for (let k = indptr[i] as number; k < end; k += 1) {
      const j = indices[k] as number;
      out[j] = (out[j] as number) + ri * (data[k] as number);
    }
  }
}
