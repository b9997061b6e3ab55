package crossval

// argsortNumpy returns the permutation that sorts a ascending, exactly as numpy's
// default np.argsort (kind="quicksort", an introsort) does for an integer array in
// numpy 1.24. The algorithm is not stable, so ties come out in numpy's order; matching
// it makes GroupKFold assign tied groups to the same folds as scikit-learn.
//
// It is a port of numpy's aquicksort_ (npysort/quicksort.cpp): median-of-three
// partitioning down to runs of 16 elements, insertion sort below that, and heapsort
// when the recursion depth passes 2·⌊log₂ n⌋.
func argsortNumpy(a []int) []int {
	n := len(a)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n < 2 {
		return idx
	}
	const smallQuicksort = 15
	less := func(x, y int) bool { return a[x] < a[y] }

	type span struct{ lo, hi, depth int }
	var stack []span
	pl, pr := 0, n-1
	cdepth := msb(n) * 2
	for {
		if cdepth < 0 {
			aheapsort(a, idx[pl:pr+1])
		} else {
			for pr-pl > smallQuicksort {
				pm := pl + (pr-pl)>>1
				if less(idx[pm], idx[pl]) {
					idx[pm], idx[pl] = idx[pl], idx[pm]
				}
				if less(idx[pr], idx[pm]) {
					idx[pr], idx[pm] = idx[pm], idx[pr]
				}
				if less(idx[pm], idx[pl]) {
					idx[pm], idx[pl] = idx[pl], idx[pm]
				}
				vp := a[idx[pm]]
				pi, pj := pl, pr-1
				idx[pm], idx[pj] = idx[pj], idx[pm]
				for {
					pi++
					for a[idx[pi]] < vp {
						pi++
					}
					pj--
					for vp < a[idx[pj]] {
						pj--
					}
					if pi >= pj {
						break
					}
					idx[pi], idx[pj] = idx[pj], idx[pi]
				}
				pk := pr - 1
				idx[pi], idx[pk] = idx[pk], idx[pi]
				// Push the larger partition, iterate on the smaller one.
				cdepth--
				if pi-pl < pr-pi {
					stack = append(stack, span{pi + 1, pr, cdepth})
					pr = pi - 1
				} else {
					stack = append(stack, span{pl, pi - 1, cdepth})
					pl = pi + 1
				}
			}
			// Insertion sort.
			for pi := pl + 1; pi <= pr; pi++ {
				vi := idx[pi]
				vp := a[vi]
				pj := pi
				for pj > pl && vp < a[idx[pj-1]] {
					idx[pj] = idx[pj-1]
					pj--
				}
				idx[pj] = vi
			}
		}
		if len(stack) == 0 {
			break
		}
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pl, pr, cdepth = top.lo, top.hi, top.depth
	}
	return idx
}

// aheapsort is numpy's aheapsort_: it sorts the index slice tosort by a[tosort[i]].
func aheapsort(a []int, tosort []int) {
	n := len(tosort)
	// One-based indexing as in numpy: x[i] is tosort[i-1].
	get := func(i int) int { return tosort[i-1] }
	set := func(i, v int) { tosort[i-1] = v }
	for l := n >> 1; l > 0; l-- {
		tmp := get(l)
		i, j := l, l<<1
		for j <= n {
			if j < n && a[get(j)] < a[get(j+1)] {
				j++
			}
			if a[tmp] < a[get(j)] {
				set(i, get(j))
				i = j
				j += j
			} else {
				break
			}
		}
		set(i, tmp)
	}
	for n > 1 {
		tmp := get(n)
		set(n, get(1))
		n--
		i, j := 1, 2
		for j <= n {
			if j < n && a[get(j)] < a[get(j+1)] {
				j++
			}
			if a[tmp] < a[get(j)] {
				set(i, get(j))
				i = j
				j += j
			} else {
				break
			}
		}
		set(i, tmp)
	}
}

// msb returns ⌊log₂ n⌋ for n ≥ 1 (numpy's npy_get_msb).
func msb(n int) int {
	d := 0
	for n > 1 {
		n >>= 1
		d++
	}
	return d
}
