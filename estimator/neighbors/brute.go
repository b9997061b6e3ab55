package neighbors

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/internal/parallel"
)

// The fused brute-force euclidean k-neighbours search. The training rows are
// packed once per search into gemm.Tile's panels of gemm.TileCols rows; each task
// takes a block of at most bruteQueryBlock queries, packs −2·x of each
// gemm.TileRows-query panel, and walks the training set in chunks of bruteTrainChunk
// rows: a panel × chunk tile of yy − 2x·y (the expanded squared distance less the
// query's own ‖x‖², which does not change the ranking) is formed in a small
// cache-resident buffer and scanned at once against each query's running threshold,
// so no block × training-set matrix is ever written. The threshold is the k-th
// smallest value kept so far plus the expansion's rounding bound (searcher.tol), so
// the kept candidates always include every row whose exact distance can rank among
// the k nearest; their exact distances are then computed and ranked as
// searcher.kneighbors does, which makes the result identical to it (and independent
// of the blocking).

const (
	// bruteQueryBlock is the most queries per task (a multiple of gemm.TileRows).
	bruteQueryBlock = 40 * gemm.TileRows
	// bruteChunkValues bounds a training chunk's packed values (chunk rows × p), so
	// that the chunk stays in the core's cache while every panel of the block
	// passes over it.
	bruteChunkValues = 1 << 14
)

// bruteCandidates bounds the candidates held by one task's queries together (16
// bytes each), beyond each query's first 2k + 64 (a variable for the tests).
var bruteCandidates = 1 << 20

// packedTrain is the training set in gemm.Tile's B panels: panel t holds rows
// t·TileCols … (t+1)·TileCols−1, step by step (pb[t·TileCols·p + s·TileCols + c] =
// X[t·TileCols+c][s]), zero-padded to whole panels; yy is padded with zeros too.
type packedTrain struct {
	pb []float64
	yy []float64
	n  int // rows padded to whole panels
}

func packTrain(t *trainData, yy []float64) *packedTrain {
	const nr = gemm.TileCols
	p := t.NFeatures
	n := (t.N + nr - 1) / nr * nr
	pt := &packedTrain{pb: make([]float64, n*p), yy: make([]float64, n), n: n}
	copy(pt.yy, yy)
	for j := 0; j < t.N; j++ {
		panel := pt.pb[j/nr*nr*p:]
		c := j % nr
		for s, v := range t.row(j) {
			panel[s*nr+c] = v
		}
	}
	return pt
}

// bruteQuery is one query's search state: the candidates kept so far (value of yy
// − 2x·y, training index), a max-heap of the k smallest values kept, the
// acceptance threshold (the heap's top plus tol once it holds k) and the candidate
// budget.
type bruteQuery struct {
	cands []cand
	heap  []float64
	thr   float64 // accept values <= thr
	tol   float64
	limit int  // compact when len(cands) reaches it
	exact bool // the expansion cannot be trusted or the budget ran out: exact scan
}

// add keeps candidate (v, j), which passed the threshold.
func (bq *bruteQuery) add(v float64, j, k, maxLimit int) {
	bq.cands = append(bq.cands, cand{v, j})
	h := bq.heap
	switch {
	case len(h) < k:
		h = append(h, v)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if h[p] >= h[i] {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		bq.heap = h
	case v < h[0]:
		h[0] = v
		for i := 0; ; {
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(h) && h[l] > h[m] {
				m = l
			}
			if r < len(h) && h[r] > h[m] {
				m = r
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	if len(h) == k {
		bq.thr = h[0] + bq.tol
	}
	if len(bq.cands) >= bq.limit {
		bq.compact(maxLimit)
	}
}

// fusedOK reports whether the fused search applies: euclidean brute force with
// finite squared norms.
func (s *searcher) fusedOK() bool {
	return s.tree == nil && s.yy != nil && !math.IsInf(s.maxYY, 0)
}

// eachKNeighborsFused is eachKNeighbors for fusedOK searchers.
func (s *searcher) eachKNeighborsFused(ctx context.Context, q *mat.Dense, k int, fn func(i int, dist []float64, idx []int) error) error {
	const mr, nr = gemm.TileRows, gemm.TileCols
	nq, _ := q.Dims()
	p := s.t.NFeatures
	pt := packTrain(s.t, s.yy)
	w := parallel.Workers(s.workers)
	// Blocks of whole panels, at least four per worker when there are enough queries.
	qb := min(bruteQueryBlock, (nq+4*w-1)/(4*w))
	qb = max(mr, (qb+mr-1)/mr*mr)
	tb := max(nr, min(1024, bruteChunkValues/p)/nr*nr)
	limit0 := 2*k + 64
	maxLimit := max(limit0, bruteCandidates/qb)
	nb := parallel.NumChunks(nq, qb)
	return parallel.Run(ctx, nb, s.workers, func(ctx context.Context, b int) error {
		lo := b * qb
		hi := min(lo+qb, nq)
		npan := (hi - lo + mr - 1) / mr
		pa := make([]float64, npan*mr*p)
		st := make([]bruteQuery, hi-lo)
		for i := lo; i < hi; i++ {
			x := q.RawRowView(i)
			xx := 0.0
			for _, v := range x {
				xx += v * v
			}
			panel := pa[(i-lo)/mr*mr*p:]
			r := (i - lo) % mr
			for f, v := range x {
				panel[f*mr+r] = -2 * v
			}
			// |yy − 2x·y| and every partial sum are at most (‖x‖ + ‖y‖)²: far from
			// overflow here, or the query takes the exact scan.
			bound := math.Sqrt(xx) + math.Sqrt(s.maxYY)
			bq := &st[i-lo]
			bq.tol = s.tol(xx)
			bq.exact = !(bound*bound < math.MaxFloat64/4) || math.IsInf(bq.tol, 0)
			bq.thr, bq.limit = math.Inf(1), limit0
			bq.cands, bq.heap = make([]cand, 0, limit0), make([]float64, 0, k)
			if bq.exact {
				bq.thr = math.Inf(-1)
			}
		}
		cbuf := make([]float64, mr*tb)
		for j0 := 0; j0 < pt.n; j0 += tb {
			if err := ctx.Err(); err != nil {
				return err
			}
			j1 := min(j0+tb, pt.n)
			width := j1 - j0
			valid := min(j1, s.t.N) - j0
			yy := pt.yy[j0:j1]
			for pn := 0; pn < npan; pn++ {
				a := pa[pn*mr*p : (pn+1)*mr*p]
				for r := 0; r < mr; r++ {
					copy(cbuf[r*tb:r*tb+width], yy)
				}
				for t := 0; t < width; t += nr {
					bp := pt.pb[(j0+t)*p : (j0+t+nr)*p]
					gemm.Tile(p, a, bp, cbuf[t:], tb)
				}
				for r := 0; r < mr && pn*mr+r < hi-lo; r++ {
					bq := &st[pn*mr+r]
					row := cbuf[r*tb : r*tb+valid]
					thr := bq.thr
					j := 0
					for ; j+4 <= len(row); j += 4 { // most values fail: test four at once
						r4 := (*[4]float64)(row[j : j+4])
						if r4[0] > thr && r4[1] > thr && r4[2] > thr && r4[3] > thr {
							continue
						}
						for m, v := range r4 {
							if v <= thr {
								bq.add(v, j0+j+m, k, maxLimit)
								thr = bq.thr
							}
						}
					}
					for ; j < len(row); j++ {
						if v := row[j]; v <= thr {
							bq.add(v, j0+j, k, maxLimit)
							thr = bq.thr
						}
					}
				}
			}
		}
		buf := &topK{}
		for i := lo; i < hi; i++ {
			bq := &st[i-lo]
			var d []float64
			var idx []int
			if bq.exact {
				d, idx = s.kneighbors(q.RawRowView(i), nil, k, buf)
			} else {
				d, idx = s.refine(q.RawRowView(i), bq, k, buf)
			}
			bq.cands = nil
			if err := fn(i, d, idx); err != nil {
				return err
			}
		}
		return nil
	})
}

// compact drops the candidates above the threshold (the k-th smallest value plus
// tol); when the survivors still fill half the budget (many values within tol of
// each other) the budget doubles, and past maxLimit the query falls back to the
// exact scan.
func (bq *bruteQuery) compact(maxLimit int) {
	keep := bq.cands[:0]
	for _, c := range bq.cands {
		if c.v <= bq.thr {
			keep = append(keep, c)
		}
	}
	bq.cands = keep
	if len(keep) > bq.limit/2 {
		bq.limit *= 2
		if bq.limit > maxLimit {
			bq.exact, bq.cands, bq.heap, bq.thr = true, nil, nil, math.Inf(-1)
		}
	}
}

// refine ranks a query's kept candidates by exact distance: those within tol of the
// k-th smallest expanded value (the final threshold), as searcher.kneighbors does
// with a full row.
func (s *searcher) refine(x []float64, bq *bruteQuery, k int, buf *topK) ([]float64, []int) {
	buf.h, buf.k = buf.h[:0], k
	for _, c := range bq.cands {
		if c.v <= bq.thr {
			buf.push(cand{s.m.rdist(x, s.t.row(c.i)), c.i})
		}
	}
	slices.SortFunc(buf.h, cmpCand)
	dist := make([]float64, len(buf.h))
	idx := make([]int, len(buf.h))
	for i, c := range buf.h {
		dist[i], idx[i] = s.m.dist(c.v), c.i
	}
	return dist, idx
}
