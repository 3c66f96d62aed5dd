/**
 * `numpy.argsort(values)` with numpy's default `kind='quicksort'` exactly, ties included: an
 * introsort (median-of-three quicksort, insertion sort below 16 elements, heapsort past a depth
 * of 2·floor(log2 n)) that is not stable. scikit-learn picks the `max_features` most frequent
 * n-grams with it, so which of several equally frequent n-grams survive the cut is this order.
 * Reproduces numpy's generic (non-SIMD) argsort, the one numpy 1.24 runs for int64 on any CPU.
 */
const SMALL = 15;

export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const order = new Int32Array(values.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  if (order.length < 2) return order;
  const less = (a: number, b: number) => (values[a] as number) < (values[b] as number);
  const swap = (i: number, j: number) => {
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  };
  // Pending [left, right, depth] ranges, the larger side of each partition.
  const stack: number[] = [];
  let left = 0;
  let right = order.length - 1;
  let depth = 2 * (31 - Math.clz32(order.length)); // numpy: 2·npy_get_msb(n)
  for (;;) {
    if (depth < 0) {
      heapArgsort(order, left, right - left + 1, less);
    } else {
      while (right - left > SMALL) {
        const pivotAt = partition(order, left, right, less, swap);
        depth -= 1;
        if (pivotAt - left < right - pivotAt) {
          stack.push(pivotAt + 1, right, depth);
          right = pivotAt - 1;
        } else {
          stack.push(left, pivotAt - 1, depth);
          left = pivotAt + 1;
        }
      }
      insertionArgsort(order, left, right, less);
    }
    if (stack.length === 0) return order;
    depth = stack.pop() as number;
    right = stack.pop() as number;
    left = stack.pop() as number;
  }
}

type Less = (a: number, b: number) => boolean;

/** Median-of-three pivot parked at right-1, then Hoare-style scans; returns the pivot's place. */
function partition(order: Int32Array, left: number, right: number, less: Less, swap: (i: number, j: number) => void): number {
  const at = (i: number) => order[i] as number;
  const mid = left + ((right - left) >> 1);
  if (less(at(mid), at(left))) swap(mid, left);
  if (less(at(right), at(mid))) swap(right, mid);
  if (less(at(mid), at(left))) swap(mid, left);
  const pivot = at(mid);
  let i = left;
  let j = right - 1;
  swap(mid, j);
  for (;;) {
    do i += 1;
    while (less(at(i), pivot));
    do j -= 1;
    while (less(pivot, at(j)));
    if (i >= j) break;
    swap(i, j);
  }
  swap(i, right - 1);
  return i;
}

function insertionArgsort(order: Int32Array, left: number, right: number, less: Less): void {
  for (let i = left + 1; i <= right; i += 1) {
    const item = order[i] as number;
    let j = i;
    while (j > left && less(item, order[j - 1] as number)) {
      order[j] = order[j - 1] as number;
      j -= 1;
    }
    order[j] = item;
  }
}

/** numpy's aheapsort on order[from .. from+n), with its 1-based heap indexing. */
function heapArgsort(order: Int32Array, from: number, n: number, less: Less): void {
  const get = (k: number) => order[from + k - 1] as number;
  const set = (k: number, v: number) => {
    order[from + k - 1] = v;
  };
  const siftDown = (top: number, item: number, size: number) => {
    let i = top;
    for (let j = top * 2; j <= size;) {
      if (j < size && less(get(j), get(j + 1))) j += 1;
      if (!less(item, get(j))) break;
      set(i, get(j));
      i = j;
      j += j;
    }
    set(i, item);
  };
  for (let l = n >> 1; l > 0; l -= 1) siftDown(l, get(l), n);
  for (let size = n; size > 1;) {
    const item = get(size);
    set(size, get(1));
    size -= 1;
    siftDown(1, item, size);
  }
}
