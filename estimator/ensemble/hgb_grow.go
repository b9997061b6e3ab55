package ensemble

import (
	"context"
	"math"
	"slices"

	"github.com/skgo/skgo/internal/parallel"
)

// The tree grower of histogram gradient boosting, after scikit-learn's
// _hist_gradient_boosting/grower.py, histogram.pyx and splitting.pyx: leaf-wise
// (best-first) growth on binned features, gradient/hessian histograms summed in
// float64 from float32 gradients, the histogram of the smaller child built from its
// rows and the larger child's obtained by subtraction from the parent's, rows
// partitioned in place, and missing values (the last bin) tried on both sides of
// every numeric split.

// hgbHistWidth is the length of one feature's histogram: every uint8 bin, so that
// indexing by a bin needs no bounds check.
const hgbHistWidth = 256

// hgbBin is one histogram bin: the sums of gradients and hessians and the row count
// of the rows whose value falls in it. With constant hessians H is left at zero and
// N stands in for it, as in scikit-learn.
type hgbBin struct{ G, H, N float64 }

// hgbMinHessianToSplit is scikit-learn's min_hessian_to_split default.
const hgbMinHessianToSplit = 1e-3

// hgbMinCatSupport is scikit-learn's MIN_CAT_SUPPORT for categorical splits.
const hgbMinCatSupport = 10.0

// hgbData is the binned training data shared by every tree of a fit.
type hgbData struct {
	bins       []uint8 // column-major n×p
	n, p       int
	nonMissing []int  // bins per feature without the missing bin
	hasMissing []bool // whether the training rows have the missing bin
	isCat      []bool
	missingBin int
	workers    int
}

// hgbGrowParams are the tree-shape hyperparameters of a grower.
type hgbGrowParams struct {
	maxLeaves      int // 0: unlimited
	maxDepth       int // 0: unlimited
	minSamplesLeaf int
	l2             float64
	shrinkage      float64
	monotonic      []int8  // nil: none
	interaction    [][]int // nil: none
}

// hgbSplit is the best split of a node found so far.
type hgbSplit struct {
	gain        float64
	feature     int
	bin         int // numeric: rows with bin ≤ bin go left
	missingLeft bool
	isCat       bool
	catBits     [4]uint64 // categorical: the bins that go left
	gL, hL      float64
	gR, hR      float64
	nL, nR      int
	valueL      float64
	valueR      float64
}

// hgbNode is a node of the tree being grown.
type hgbNode struct {
	start, stop  int // rows part[start:stop]
	depth        int
	sumG, sumH   float64
	value        float64
	lower, upper float64 // bounds of the children's values (monotonic constraints)
	hist         []hgbBin
	split        hgbSplit
	left, right  int
	leaf         bool
	allowed      []int // features allowed by interaction constraints; nil: all
	icIdx        []int
}

// hgbGrower grows one tree at a time; its buffers are reused across trees.
type hgbGrower struct {
	d       *hgbData
	par     *hgbGrowParams
	g, h    []float32 // h is nil with constant hessians
	part    []int32
	scratch []int32
	og, oh  []float32
	nodes   []hgbNode
	pool    [][]hgbBin
	open    []int // splittable nodes
	leaves  []int
	splits  [2][]hgbSplit // per-feature candidates of the two children
	all     []int         // 0..p-1
}

func newHgbGrower(d *hgbData, par *hgbGrowParams) *hgbGrower {
	gr := &hgbGrower{d: d, par: par,
		part: make([]int32, d.n), scratch: make([]int32, d.n),
		og: make([]float32, d.n), oh: make([]float32, d.n)}
	gr.splits[0] = make([]hgbSplit, d.p)
	gr.splits[1] = make([]hgbSplit, d.p)
	gr.all = make([]int, d.p)
	for f := range gr.all {
		gr.all[f] = f
	}
	return gr
}

func (gr *hgbGrower) getHist() []hgbBin {
	if k := len(gr.pool); k > 0 {
		h := gr.pool[k-1]
		gr.pool = gr.pool[:k-1]
		return h
	}
	return make([]hgbBin, gr.d.p*hgbHistWidth)
}

func (gr *hgbGrower) putHist(h []hgbBin) {
	if h != nil {
		gr.pool = append(gr.pool, h)
	}
}

func (gr *hgbGrower) features(nd *hgbNode) []int {
	if nd.allowed != nil {
		return nd.allowed
	}
	return gr.all
}

// grow grows a tree on gradients g and hessians h (nil: constant hessians equal to
// one). The leaves are gr.leaves, their rows part[start:stop].
func (gr *hgbGrower) grow(ctx context.Context, g, h []float32) error {
	gr.g, gr.h = g, h
	for _, nd := range gr.nodes {
		gr.putHist(nd.hist)
	}
	gr.nodes = gr.nodes[:0]
	gr.open = gr.open[:0]
	gr.leaves = gr.leaves[:0]
	n := gr.d.n
	for i := range gr.part[:n] {
		gr.part[i] = int32(i)
	}
	sumG, sumH := 0.0, 0.0
	for _, v := range g[:n] {
		sumG += float64(v)
	}
	if h == nil {
		sumH = float64(n)
	} else {
		for _, v := range h[:n] {
			sumH += float64(v)
		}
	}
	gr.nodes = append(gr.nodes, hgbNode{start: 0, stop: n, sumG: sumG, sumH: sumH,
		lower: math.Inf(-1), upper: math.Inf(1), left: -1, right: -1})
	root := &gr.nodes[0]
	if n < 2*gr.par.minSamplesLeaf || sumH < hgbMinHessianToSplit {
		gr.finalize(0)
		return nil
	}
	if gr.par.interaction != nil {
		set := map[int]bool{}
		for i, c := range gr.par.interaction {
			root.icIdx = append(root.icIdx, i)
			for _, f := range c {
				set[f] = true
			}
		}
		root.allowed = hgbSortedKeys(set)
	}
	root.hist = gr.getHist()
	gr.gather(root)
	feats := gr.features(root)
	err := parallel.Run(ctx, len(feats), gr.d.workers, func(_ context.Context, i int) error {
		f := feats[i]
		gr.buildHist(root, f, root.hist[f*hgbHistWidth:(f+1)*hgbHistWidth])
		gr.findSplit(root, f, root.hist[f*hgbHistWidth:(f+1)*hgbHistWidth], &gr.splits[0][f])
		return nil
	})
	if err != nil {
		return err
	}
	gr.pushBest(0, gr.splits[0])
	for len(gr.open) > 0 {
		if err := gr.splitNext(ctx); err != nil {
			return err
		}
	}
	return nil
}

func hgbSortedKeys(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

func (gr *hgbGrower) finalize(i int) {
	nd := &gr.nodes[i]
	nd.leaf = true
	gr.putHist(nd.hist)
	nd.hist = nil
	gr.leaves = append(gr.leaves, i)
}

// pushBest picks node i's best split among the per-feature candidates (the first
// feature with the largest gain) and makes the node splittable, or a leaf when no
// split has a positive gain.
func (gr *hgbGrower) pushBest(i int, cand []hgbSplit) {
	nd := &gr.nodes[i]
	best := -1
	for _, f := range gr.features(nd) {
		if best < 0 || cand[f].gain > cand[best].gain {
			best = f
		}
	}
	if best < 0 || cand[best].gain <= 0 {
		gr.finalize(i)
		return
	}
	s := cand[best]
	s.valueL = gr.nodeValue(s.gL, s.hL, nd.lower, nd.upper)
	s.valueR = gr.nodeValue(s.gR, s.hR, nd.lower, nd.upper)
	nd.split = s
	gr.open = append(gr.open, i)
}

func (gr *hgbGrower) nodeValue(g, h, lower, upper float64) float64 {
	v := -g / (h + gr.par.l2 + 1e-15)
	return min(max(v, lower), upper)
}

// gather copies the gradients (and hessians) of a node's rows into og (oh) in
// partition order.
func (gr *hgbGrower) gather(nd *hgbNode) {
	idx := gr.part[nd.start:nd.stop]
	og := gr.og[nd.start:nd.stop]
	g := gr.g
	for i, r := range idx {
		og[i] = g[r]
	}
	if gr.h != nil {
		oh := gr.oh[nd.start:nd.stop]
		h := gr.h
		for i, r := range idx {
			oh[i] = h[r]
		}
	}
}

// buildHist sums the gathered gradients of node nd's rows into hist by bin of
// feature f.
func (gr *hgbGrower) buildHist(nd *hgbNode, f int, hist []hgbBin) {
	hs := (*[hgbHistWidth]hgbBin)(hist)
	*hs = [hgbHistWidth]hgbBin{}
	n := gr.d.n
	col := gr.d.bins[f*n : (f+1)*n]
	idx := gr.part[nd.start:nd.stop]
	og := gr.og[nd.start:nd.stop]
	if nd.start == 0 && nd.stop == n && nd.depth == 0 { // the root: rows in order
		if gr.h == nil {
			hgbHistRootG(hs, col, og)
		} else {
			hgbHistRootGH(hs, col, og, gr.oh[:n])
		}
		return
	}
	if gr.h == nil {
		hgbHistG(hs, col, idx, og)
	} else {
		hgbHistGH(hs, col, idx, og, gr.oh[nd.start:nd.stop])
	}
}

func hgbHistRootG(hs *[hgbHistWidth]hgbBin, col []uint8, g []float32) {
	col = col[:len(g)]
	i := 0
	for ; i+4 <= len(g); i += 4 {
		b0, b1, b2, b3 := col[i], col[i+1], col[i+2], col[i+3]
		hs[b0].G += float64(g[i])
		hs[b0].N++
		hs[b1].G += float64(g[i+1])
		hs[b1].N++
		hs[b2].G += float64(g[i+2])
		hs[b2].N++
		hs[b3].G += float64(g[i+3])
		hs[b3].N++
	}
	for ; i < len(g); i++ {
		b := col[i]
		hs[b].G += float64(g[i])
		hs[b].N++
	}
}

func hgbHistRootGH(hs *[hgbHistWidth]hgbBin, col []uint8, g, h []float32) {
	col = col[:len(g)]
	h = h[:len(g)]
	for i := range g {
		b := &hs[col[i]]
		b.G += float64(g[i])
		b.H += float64(h[i])
		b.N++
	}
}

func hgbHistG(hs *[hgbHistWidth]hgbBin, col []uint8, idx []int32, g []float32) {
	g = g[:len(idx)]
	i := 0
	for ; i+4 <= len(idx); i += 4 {
		b0, b1, b2, b3 := col[idx[i]], col[idx[i+1]], col[idx[i+2]], col[idx[i+3]]
		hs[b0].G += float64(g[i])
		hs[b0].N++
		hs[b1].G += float64(g[i+1])
		hs[b1].N++
		hs[b2].G += float64(g[i+2])
		hs[b2].N++
		hs[b3].G += float64(g[i+3])
		hs[b3].N++
	}
	for ; i < len(idx); i++ {
		b := col[idx[i]]
		hs[b].G += float64(g[i])
		hs[b].N++
	}
}

func hgbHistGH(hs *[hgbHistWidth]hgbBin, col []uint8, idx []int32, g, h []float32) {
	g = g[:len(idx)]
	h = h[:len(idx)]
	for i, r := range idx {
		b := &hs[col[r]]
		b.G += float64(g[i])
		b.H += float64(h[i])
		b.N++
	}
}

// findSplit finds the best split of node nd on feature f from its histogram, as
// scikit-learn's Splitter.find_node_split does for one feature.
func (gr *hgbGrower) findSplit(nd *hgbNode, f int, hist []hgbBin, out *hgbSplit) {
	*out = hgbSplit{gain: -1, feature: f}
	if gr.d.isCat[f] {
		gr.findSplitCat(nd, f, hist, out)
		return
	}
	var mono int8
	if gr.par.monotonic != nil {
		mono = gr.par.monotonic[f]
	}
	constH := gr.h == nil
	nTot := float64(nd.stop - nd.start)
	msl := float64(gr.par.minSamplesLeaf)
	lossCur := nd.sumG * nd.value
	hasMissing := gr.d.hasMissing[f]
	end := gr.d.nonMissing[f] - 1 + hgbBool(hasMissing)
	// Without monotonic constraints the node values are unbounded (lower and upper
	// are ±Inf), so the clamp in nodeValue is the identity and the gain is computed
	// inline with exactly the same operations.
	plain := mono == 0 && math.IsInf(nd.lower, -1) && math.IsInf(nd.upper, 1)
	l2 := gr.par.l2
	hist = hist[:hgbHistWidth]
	if plain && constH && !hasMissing && hgbFastScan {
		hgbScanConst(hist[:end], nTot, nd.sumG, msl, lossCur, l2, f, out)
		return
	}
	// left to right: missing values go right
	var nL, gL, hL float64
	for b := 0; b < end; b++ {
		if hist[b].N == 0 {
			// an empty bin repeats the previous candidate's statistics, whose gain
			// cannot be strictly larger (and a leading empty bin leaves nL = 0 <
			// minSamplesLeaf): skipping it changes nothing but the time
			continue
		}
		nL += hist[b].N
		if constH {
			hL += hist[b].N
		} else {
			hL += hist[b].H
		}
		gL += hist[b].G
		nR, hR, gR := nTot-nL, nd.sumH-hL, nd.sumG-gL
		if nL < msl {
			continue
		}
		if nR < msl {
			break
		}
		if hL < hgbMinHessianToSplit {
			continue
		}
		if hR < hgbMinHessianToSplit {
			break
		}
		var gain float64
		if plain { // splitGain without constraints, inlined: the same arithmetic
			gain = lossCur - gL*(-gL/(hL+l2+1e-15)) - gR*(-gR/(hR+l2+1e-15))
		} else {
			gain = gr.splitGain(gL, hL, gR, hR, lossCur, mono, nd.lower, nd.upper)
		}
		if gain > out.gain && gain > 0 {
			*out = hgbSplit{gain: gain, feature: f, bin: b, gL: gL, hL: hL, gR: gR, hR: hR,
				nL: int(nL), nR: int(nR)}
		}
	}
	if !hasMissing {
		return
	}
	// right to left: missing values go left
	var nR, gR, hR float64
	for b := gr.d.nonMissing[f] - 2; b >= 0; b-- {
		if hist[b+1].N == 0 {
			continue // as above: the same partition as the previous candidate
		}
		nR += hist[b+1].N
		if constH {
			hR += hist[b+1].N
		} else {
			hR += hist[b+1].H
		}
		gR += hist[b+1].G
		nL, hL, gL := nTot-nR, nd.sumH-hR, nd.sumG-gR
		if nR < msl {
			continue
		}
		if nL < msl {
			break
		}
		if hR < hgbMinHessianToSplit {
			continue
		}
		if hL < hgbMinHessianToSplit {
			break
		}
		var gain float64
		if plain {
			gain = lossCur - gL*(-gL/(hL+l2+1e-15)) - gR*(-gR/(hR+l2+1e-15))
		} else {
			gain = gr.splitGain(gL, hL, gR, hR, lossCur, mono, nd.lower, nd.upper)
		}
		if gain > out.gain && gain > 0 {
			*out = hgbSplit{gain: gain, feature: f, bin: b, missingLeft: true, gL: gL, hL: hL, gR: gR, hR: hR,
				nL: int(nL), nR: int(nR)}
		}
	}
}

// hgbFastScan enables hgbScanConst (tests turn it off to compare with the general
// loop).
var hgbFastScan = true

// hgbScanConst is findSplit's left-to-right scan for the common case: constant
// hessians (the hessian of a side is its row count, so hL < 1e-3 only when nL = 0),
// no monotonic constraint and no missing values. It evaluates the same candidates
// with the same arithmetic as the general loop, so it finds the same split; only the
// bins that can form a valid candidate are visited (nL ≥ minSamplesLeaf and
// nR ≥ minSamplesLeaf), and the gain loop has no other branch.
func hgbScanConst(hist []hgbBin, nTot, sumG, msl, lossCur, l2 float64, f int, out *hgbSplit) {
	var nL, gL float64
	b := 0
	for ; b < len(hist); b++ { // the bins before the first valid candidate
		nL += hist[b].N
		gL += hist[b].G
		if nL >= msl && hist[b].N != 0 {
			break
		}
	}
	if b == len(hist) || nTot-nL < msl {
		return
	}
	best, bestB := out.gain, -1
	var bestNL, bestGL float64
	for {
		gR, nR := sumG-gL, nTot-nL
		gain := lossCur - gL*(-gL/(nL+l2+1e-15)) - gR*(-gR/(nR+l2+1e-15))
		if gain > best && gain > 0 {
			best, bestB, bestNL, bestGL = gain, b, nL, gL
		}
		for b++; b < len(hist) && hist[b].N == 0; b++ { // empty bins repeat the candidate
		}
		if b == len(hist) {
			break
		}
		nL += hist[b].N
		gL += hist[b].G
		if nTot-nL < msl {
			break
		}
	}
	if bestB >= 0 {
		gR, nR := sumG-bestGL, nTot-bestNL
		*out = hgbSplit{gain: best, feature: f, bin: bestB, gL: bestGL, hL: bestNL, gR: gR, hR: nR,
			nL: int(bestNL), nR: int(nR)}
	}
}

func (gr *hgbGrower) splitGain(gL, hL, gR, hR, lossCur float64, mono int8, lower, upper float64) float64 {
	vL := gr.nodeValue(gL, hL, lower, upper)
	vR := gr.nodeValue(gR, hR, lower, upper)
	if (mono == 1 && vL > vR) || (mono == -1 && vL < vR) {
		return -1
	}
	return lossCur - gL*vL - gR*vR
}

type hgbCatInfo struct {
	bin   int
	value float64
}

// findSplitCat is scikit-learn's _find_best_bin_to_split_category: categories with
// enough support are sorted by gradient/hessian ratio and scanned from both ends up
// to the middle; the bins on the scanned side go left.
func (gr *hgbGrower) findSplitCat(nd *hgbNode, f int, hist []hgbBin, out *hgbSplit) {
	constH := gr.h == nil
	nTot := float64(nd.stop - nd.start)
	support := nTot / nd.sumH
	hb := func(b int) float64 {
		if constH {
			return hist[b].N
		}
		return hist[b].H
	}
	var infos []hgbCatInfo
	add := func(b int) {
		if hb(b)*support >= hgbMinCatSupport {
			infos = append(infos, hgbCatInfo{b, hist[b].G / (hb(b) + hgbMinCatSupport)})
		}
	}
	for b := 0; b < gr.d.nonMissing[f]; b++ {
		add(b)
	}
	if gr.d.hasMissing[f] {
		add(gr.d.missingBin)
	}
	m := len(infos)
	if m <= 1 {
		return
	}
	slices.SortStableFunc(infos, func(a, b hgbCatInfo) int {
		switch {
		case a.value < b.value:
			return -1
		case a.value > b.value:
			return 1
		}
		return 0
	})
	msl := float64(gr.par.minSamplesLeaf)
	lossCur := nd.sumG * nd.value
	bestIdx, bestDir := 0, 0
	for _, dir := range [2]int{1, -1} {
		middle := (m + 1) / 2
		if dir == -1 {
			middle = (m+1)/2 - 1
		}
		var nL, gL, hL float64
		for i := 0; i < middle; i++ {
			si := i
			if dir == -1 {
				si = m - 1 - i
			}
			b := infos[si].bin
			nL += hist[b].N
			hL += hb(b)
			gL += hist[b].G
			nR, hR, gR := nTot-nL, nd.sumH-hL, nd.sumG-gL
			if nL < msl || hL < hgbMinHessianToSplit {
				continue
			}
			if nR < msl || hR < hgbMinHessianToSplit {
				break
			}
			gain := gr.splitGain(gL, hL, gR, hR, lossCur, 0, nd.lower, nd.upper)
			if gain > out.gain && gain > 0 {
				*out = hgbSplit{gain: gain, feature: f, isCat: true, gL: gL, hL: hL, gR: gR, hR: hR,
					nL: int(nL), nR: int(nR)}
				bestIdx, bestDir = si, dir
			}
		}
	}
	if bestDir == 0 {
		return
	}
	set := func(b int) { out.catBits[b>>6] |= 1 << (b & 63) }
	if bestDir == 1 {
		for si := 0; si <= bestIdx; si++ {
			set(infos[si].bin)
		}
	} else {
		for si := m - 1; si >= bestIdx; si-- {
			set(infos[si].bin)
		}
	}
	mb := gr.d.missingBin
	out.missingLeft = gr.d.hasMissing[f] && out.catBits[mb>>6]&(1<<(mb&63)) != 0
}

// hgbParRows is the node size from which the row partition and the gradient gather
// run on several workers; below it one goroutine is faster than the hand-off.
const hgbParRows = 1 << 14

// partition is hgbPartition on the grower's workers for large nodes: each chunk of
// idx is partitioned in place, then the chunks' left rows (in chunk order) and right
// rows are moved into place through the scratch buffer, which keeps the result
// identical to the serial partition. The tasks are short and always run to the end
// (no ctx): a half-done partition must never be observed.
func (gr *hgbGrower) partition(idx []int32, col []uint8, table *[hgbHistWidth]bool) int {
	w := gr.d.workers
	if w == 1 || len(idx) < hgbParRows {
		return hgbPartition(idx, gr.scratch[:len(idx)], col, table)
	}
	nc := min(w, len(idx)/(hgbParRows/2))
	bounds := make([]int, nc+1)
	for c := range bounds {
		bounds[c] = c * len(idx) / nc
	}
	nls := make([]int, nc)
	sc := gr.scratch[:len(idx)]
	_ = parallel.Run(context.Background(), nc, w, func(_ context.Context, c int) error {
		lo, hi := bounds[c], bounds[c+1]
		nls[c] = hgbPartition(idx[lo:hi], sc[lo:hi], col, table)
		return nil
	})
	nl := 0
	for _, k := range nls {
		nl += k
	}
	_ = parallel.Run(context.Background(), nc, w, func(_ context.Context, c int) error {
		lOff, rOff := 0, nl
		for d := 0; d < c; d++ {
			lOff += nls[d]
			rOff += bounds[d+1] - bounds[d] - nls[d]
		}
		lo, hi := bounds[c], bounds[c+1]
		copy(sc[lOff:], idx[lo:lo+nls[c]])
		copy(sc[rOff:], idx[lo+nls[c]:hi])
		return nil
	})
	copy(idx, sc)
	return nl
}

// gatherPar is gather on the grower's workers for large nodes.
func (gr *hgbGrower) gatherPar(nd *hgbNode) {
	n := nd.stop - nd.start
	w := gr.d.workers
	if w == 1 || n < hgbParRows {
		gr.gather(nd)
		return
	}
	nc := min(w, n/(hgbParRows/2))
	_ = parallel.Run(context.Background(), nc, w, func(_ context.Context, c int) error {
		lo, hi := nd.start+c*n/nc, nd.start+(c+1)*n/nc
		gr.gather(&hgbNode{start: lo, stop: hi})
		return nil
	})
}

// hgbPartition moves the rows of idx whose bin in col goes left (by table) to the
// front of idx, stably, using sc as scratch, and returns their number. The writes
// are branch-free: each row is written to both sides and only the chosen side's
// cursor advances, so the unpredictable direction costs no mispredicted branch.
func hgbPartition(idx, sc []int32, col []uint8, table *[hgbHistWidth]bool) int {
	var lt [hgbHistWidth]int
	for b, l := range table {
		if l {
			lt[b] = 1
		}
	}
	nl, nr := 0, 0
	for _, r := range idx {
		l := lt[col[r]]
		idx[nl] = r // nl ≤ the current position: never overwrites an unread row
		sc[nr] = r
		nl += l
		nr += 1 - l
	}
	copy(idx[nl:], sc[:nr])
	return nl
}

// goLeft returns, for every bin, whether rows with it go to the left child.
func (gr *hgbGrower) goLeft(s *hgbSplit) (t [hgbHistWidth]bool) {
	if s.isCat {
		for b := range t {
			t[b] = s.catBits[b>>6]&(1<<(b&63)) != 0
		}
		return t
	}
	for b := 0; b <= s.bin; b++ {
		t[b] = true
	}
	t[gr.d.missingBin] = s.missingLeft
	return t
}

// splitNext splits the splittable node with the largest gain (the first one
// created among equals), as scikit-learn's TreeGrower.split_next.
func (gr *hgbGrower) splitNext(ctx context.Context) error {
	bi := 0
	for j := 1; j < len(gr.open); j++ {
		if gr.nodes[gr.open[j]].split.gain > gr.nodes[gr.open[bi]].split.gain {
			bi = j
		}
	}
	ni := gr.open[bi]
	gr.open = slices.Delete(gr.open, bi, bi+1)
	nd := &gr.nodes[ni]
	s := &nd.split

	// partition the rows in place, stably
	table := gr.goLeft(s)
	n := gr.d.n
	col := gr.d.bins[s.feature*n : (s.feature+1)*n]
	idx := gr.part[nd.start:nd.stop]
	nl := gr.partition(idx, col, &table)
	nr := len(idx) - nl

	depth := nd.depth + 1
	nLeaves := len(gr.leaves) + len(gr.open) + 2
	mid := nd.start + nl
	left := hgbNode{start: nd.start, stop: mid, depth: depth, sumG: s.gL, sumH: s.hL, value: s.valueL,
		lower: nd.lower, upper: nd.upper, left: -1, right: -1}
	right := hgbNode{start: mid, stop: nd.stop, depth: depth, sumG: s.gR, sumH: s.hR, value: s.valueR,
		lower: nd.lower, upper: nd.upper, left: -1, right: -1}
	if gr.par.interaction != nil {
		set := map[int]bool{}
		var ic []int
		for _, i := range nd.icIdx {
			if slices.Contains(gr.par.interaction[i], s.feature) {
				ic = append(ic, i)
				for _, f := range gr.par.interaction[i] {
					set[f] = true
				}
			}
		}
		left.allowed, left.icIdx = hgbSortedKeys(set), ic
		right.allowed, right.icIdx = left.allowed, ic
	}
	if !gr.d.hasMissing[s.feature] && !s.isCat {
		s.missingLeft = nl > nr
	}
	li, ri := len(gr.nodes), len(gr.nodes)+1
	nd.left, nd.right = li, ri
	parentHist := nd.hist
	nd.hist = nil
	gr.nodes = append(gr.nodes, left, right)
	nd = &gr.nodes[ni] // the append may have moved the nodes
	s = &nd.split

	if gr.par.maxLeaves > 0 && nLeaves == gr.par.maxLeaves {
		gr.putHist(parentHist)
		gr.finalize(li)
		gr.finalize(ri)
		for _, o := range gr.open {
			gr.finalize(o)
		}
		gr.open = gr.open[:0]
		return nil
	}
	if gr.par.maxDepth > 0 && depth == gr.par.maxDepth {
		gr.putHist(parentHist)
		gr.finalize(li)
		gr.finalize(ri)
		return nil
	}
	L, R := &gr.nodes[li], &gr.nodes[ri]
	if L.stop-L.start < 2*gr.par.minSamplesLeaf {
		gr.finalize(li)
	}
	if R.stop-R.start < 2*gr.par.minSamplesLeaf {
		gr.finalize(ri)
	}
	if gr.par.monotonic != nil {
		c := gr.par.monotonic[s.feature]
		if c != 0 {
			m := (L.value + R.value) / 2
			if c == 1 {
				L.upper, R.lower = m, m
			} else {
				L.lower, R.upper = m, m
			}
		}
	}
	splitL, splitR := !L.leaf, !R.leaf
	if !splitL && !splitR {
		gr.putHist(parentHist)
		return nil
	}
	small, large := L, R
	si, li2 := 0, 1
	if L.stop-L.start >= R.stop-R.start {
		small, large = R, L
		si, li2 = 1, 0
	}
	small.hist = gr.getHist()
	large.hist = parentHist // the subtraction happens in place
	gr.gatherPar(small)
	feats := gr.features(small)
	err := parallel.Run(ctx, len(feats), gr.d.workers, func(_ context.Context, i int) error {
		f := feats[i]
		hs := small.hist[f*hgbHistWidth : (f+1)*hgbHistWidth]
		hl := large.hist[f*hgbHistWidth : (f+1)*hgbHistWidth]
		gr.buildHist(small, f, hs)
		for b := range hl {
			hl[b].G -= hs[b].G
			hl[b].H -= hs[b].H
			hl[b].N -= hs[b].N
		}
		if !small.leaf {
			gr.findSplit(small, f, hs, &gr.splits[si][f])
		}
		if !large.leaf {
			gr.findSplit(large, f, hl, &gr.splits[li2][f])
		}
		return nil
	})
	if err != nil {
		return err
	}
	if splitL {
		gr.pushBest(li, gr.splits[0])
	}
	if splitR {
		gr.pushBest(ri, gr.splits[1])
	}
	for _, i := range []int{li, ri} {
		if c := &gr.nodes[i]; c.leaf && c.hist != nil {
			gr.putHist(c.hist)
			c.hist = nil
		}
	}
	return nil
}
