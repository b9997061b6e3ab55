package autograd

import (
	"sync"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/tensor"
)

// Implicit GEMM: the batch convolution multiplies by its columns matrix (im2col's
// CKK × N·OH·OW layout, or its transpose for the weight gradient) without storing
// it. The GEMM asks for one kc × nc block of the matrix at a time, already in its
// packed panel layout, and these packers gather that block straight from the input
// image. The block stays in cache between being gathered and being used, the
// columns matrix (C·KH·KW × N·OH·OW floats, the largest buffer of a convolutional
// network's step) is never allocated, and the values the kernel sees are exactly
// im2col's, so the products are bit for bit those of the explicit path.

// convGeom is the geometry of one convolution: input C×H×W per sample, kernel
// KH×KW, output OH×OW, stride, padding and dilation.
type convGeom struct {
	c, h, w, kh, kw, oh, ow int
	p                       ConvParams
	taps                    []tap // the KH·KW taps of channel 0 (see withTaps)
}

// withTaps returns g with its kernel taps computed once, for the packers' inner
// loops.
func (g convGeom) withTaps() convGeom {
	g.taps = make([]tap, g.kh*g.kw)
	for kk := range g.taps {
		dy, dx := (kk/g.kw)*g.p.Dilation-g.p.Pad, (kk%g.kw)*g.p.Dilation-g.p.Pad
		t := &g.taps[kk]
		t.off = dy*g.w + dx
		t.oyLo, t.oyHi = validRange(dy, g.p.Stride, g.h, g.oh)
		t.oxLo, t.oxHi = validRange(dx, g.p.Stride, g.w, g.ow)
	}
	return g
}

// posRun is a run of consecutive output positions of one sample and output row:
// the positions (s, oy, ox0 … ox0+n−1), at offset f of the block being packed.
// base is the input offset of (s, channel 0, row oy·stride, column 0), to which a
// tap's offset and ox·stride are added.
// A run of a "same" convolution (stride 1, OW = W) may span several whole rows of
// one sample (rows > 1, ox0 = 0, n = rows·OW): their inputs are then contiguous in
// x too, and gatherRows copies them at once.
type posRun struct{ f, s, oy, ox0, n, base, rows int }

// positionRuns appends to runs the runs that cover output positions [j0, j0+nb)
// (position j is (s, oy, ox) with j = s·OH·OW + oy·OW + ox) and returns them.
func (g *convGeom) positionRuns(runs []posRun, j0, nb int) []posRun {
	ohw := g.oh * g.ow
	s, pos := j0/ohw, j0%ohw
	for f := 0; f < nb; {
		oy, ox := pos/g.ow, pos%g.ow
		n := min(g.ow-ox, nb-f)
		runs = append(runs, posRun{f: f, s: s, oy: oy, ox0: ox, n: n, base: s*g.c*g.h*g.w + oy*g.p.Stride*g.w, rows: 1})
		f += n
		if pos += n; pos == ohw {
			pos = 0
			s++
		}
	}
	return runs
}

// mergeRows joins, for a convolution with stride 1 and OW = W, consecutive runs that
// are whole consecutive rows of one sample at consecutive offsets, and returns the
// shortened table.
func (g *convGeom) mergeRows(runs []posRun) []posRun {
	if g.p.Stride != 1 || g.ow != g.w || len(runs) < 2 {
		return runs
	}
	out := runs[:1]
	for _, q := range runs[1:] {
		r := &out[len(out)-1]
		if q.s == r.s && q.oy == r.oy+r.rows && r.ox0 == 0 && q.ox0 == 0 &&
			r.n == r.rows*g.ow && q.n == g.ow && q.f == r.f+r.n {
			r.rows++
			r.n += g.ow
			continue
		}
		out = append(out, q)
	}
	return out
}

// gatherRows writes the values of tap t at the positions of the multi-row run r
// (stride 1, OW = W) into seg (len r.n): the valid rows' inputs are one contiguous
// stretch of x, copied at once; the columns whose input falls left or right of the
// image (which the stretch fills from the neighbouring rows) and the rows outside
// it are then zeroed.
func (g *convGeom) gatherRows(seg, x []float32, t *tap, r *posRun) {
	w := g.w
	a, b := max(r.oy, t.oyLo), min(r.oy+r.rows, t.oyHi)
	if a >= b || t.oxLo >= t.oxHi {
		clear(seg)
		return
	}
	clear(seg[:(a-r.oy)*w])
	clear(seg[(b-r.oy)*w:])
	d := seg[(a-r.oy)*w : (b-r.oy)*w]
	src := r.base + (a-r.oy)*w + t.off // input of (row a, ox 0)
	lead, trail := t.oxLo, w-t.oxHi
	copy(d[lead:len(d)-trail], x[src+lead:src+len(d)-trail])
	if lead == 0 && trail == 0 {
		return
	}
	for row := 0; row < len(d); row += w {
		clear(d[row : row+lead])
		clear(d[row+w-trail : row+w])
	}
}

// tap is one row (ci, ki, kj) of the columns matrix: the input offset of the tap
// (ci·H·W + dy·W + dx) and the output rows and columns whose input falls inside
// the image.
type tap struct {
	off                    int
	oyLo, oyHi, oxLo, oxHi int
}

// tap returns row r = (ci, ki, kj) of the columns matrix (g has its taps).
func (g *convGeom) tap(r int) tap {
	khw := len(g.taps)
	t := g.taps[r%khw]
	t.off += (r / khw) * g.h * g.w
	return t
}

// interior reports whether tap t reads inside the image at every output position.
func (g *convGeom) interior(t *tap) bool {
	return t.oyLo == 0 && t.oyHi == g.oh && t.oxLo == 0 && t.oxHi == g.ow
}

// inside returns the part [lo, hi) of run r whose input lies in the image for tap t
// (lo == hi when none does).
func (t *tap) inside(r *posRun) (lo, hi int) {
	if r.oy < t.oyLo || r.oy >= t.oyHi {
		return r.ox0, r.ox0
	}
	lo = max(r.ox0, t.oxLo)
	return lo, max(lo, min(r.ox0+r.n, t.oxHi))
}

// runPool holds the position-run tables of the packers (one per concurrent call).
var runPool = sync.Pool{New: func() any { return new([]posRun) }}

// colsPacker returns a BPacker of the columns matrix of x: row (ci, ki, kj),
// column (s, oy, ox) holds x[s, ci, oy·stride − pad + ki·dil, ox·stride − pad +
// kj·dil], or 0 outside the image (the matrix im2col writes).
func colsPacker(x []float32, g convGeom) tensor.BPacker {
	g = g.withTaps()
	return func(p0, j0, kb, nb, nr int, dst []float32) {
		rp := runPool.Get().(*[]posRun)
		defer runPool.Put(rp)
		// Runs split at panel boundaries, each with f set to its offset in dst of
		// packed row 0 (panel start + column within the panel).
		runs := (*rp)[:0]
		for jr := 0; jr < nb; jr += nr {
			at := len(runs)
			runs = g.positionRuns(runs, j0+jr, min(nr, nb-jr))
			for i := at; i < len(runs); i++ {
				runs[i].f += jr * kb
			}
		}
		runs = g.mergeRows(runs)
		*rp = runs
		if rem := nb % nr; rem != 0 { // the last panel's padding columns
			last := dst[(nb-rem)*kb:]
			for pp := 0; pp < kb; pp++ {
				clear(last[pp*nr+rem : pp*nr+nr])
			}
		}
		st := g.p.Stride
		for pp := 0; pp < kb; pp++ {
			t := g.tap(p0 + pp)
			if st == 1 && g.interior(&t) { // no run needs clipping
				for i := range runs {
					r := &runs[i]
					b := r.base + t.off + r.ox0
					copyShort(dst[r.f+pp*nr:r.f+pp*nr+r.n], x[b:b+r.n])
				}
				continue
			}
			for i := range runs {
				r := &runs[i]
				g.gatherRun(dst[r.f+pp*nr:r.f+pp*nr+r.n], x, &t, r)
			}
		}
	}
}

// colsTPacker returns a BPacker of the transposed columns matrix of x: row
// (s, oy, ox), column (ci, ki, kj), the B of the weight gradient gT·colsᵀ. Each
// panel row holds nr taps of one position, so the packer gathers up to eight taps'
// values for a run of positions into contiguous rows of a buffer (gatherRun, as
// colsPacker does) and transposes them into the panel eight positions at a time
// (kernels.Transpose8): contiguous stores instead of one store per value at the
// panel's stride.
func colsTPacker(x []float32, g convGeom) tensor.BPacker {
	g = g.withTaps()
	return func(p0, j0, kb, nb, nr int, dst []float32) {
		rp := runPool.Get().(*[]posRun)
		defer runPool.Put(rp)
		runs := g.mergeRows(g.positionRuns((*rp)[:0], p0, kb))
		*rp = runs
		bp := getConvBuf(8 * kb)
		defer convBufs.Put(bp)
		buf := *bp
		var ts [8]tap
		var offs [8]int
		for jr := 0; jr < nb; jr += nr {
			panel := dst[jr*kb : jr*kb+kb*nr]
			cols := min(nr, nb-jr)
			if cols < nr {
				clear(panel)
			}
			for j8 := 0; j8 < cols; j8 += 8 {
				cnt := min(8, cols-j8)
				interior := g.p.Stride == 1
				for i := range cnt {
					ts[i] = g.tap(j0 + jr + j8 + i)
					interior = interior && g.interior(&ts[i])
				}
				for ri := range runs {
					r := &runs[ri]
					if interior { // transpose straight from x
						for i := range cnt {
							offs[i] = r.base + ts[i].off + r.ox0
						}
						kernels.TransposeAt(panel[r.f*nr+j8:], nr, x, offs[:cnt], r.n)
						continue
					}
					seg := buf[:cnt*r.n]
					for i := range cnt {
						g.gatherRun(seg[i*r.n:(i+1)*r.n], x, &ts[i], r)
					}
					kernels.Transpose8(panel[r.f*nr+j8:], nr, seg, r.n, cnt, r.n)
				}
			}
		}
	}
}

// gatherRun writes into seg (len r.n) the values of tap t at the positions of run
// r: its row of the columns matrix there, zero outside the image.
func (g *convGeom) gatherRun(seg, x []float32, t *tap, r *posRun) {
	st := g.p.Stride
	if st == 1 && g.interior(t) {
		b := r.base + t.off + r.ox0
		copyShort(seg, x[b:b+len(seg)])
		return
	}
	if r.rows > 1 {
		g.gatherRows(seg, x, t, r)
		return
	}
	lo, hi := t.inside(r)
	if lo == hi {
		clear(seg)
		return
	}
	clear(seg[:lo-r.ox0])
	clear(seg[hi-r.ox0:])
	out := seg[lo-r.ox0 : hi-r.ox0]
	b := r.base + t.off
	if st != 1 {
		for i := range out {
			out[i] = x[b+(lo+i)*st]
		}
		return
	}
	copyShort(out, x[b+lo:b+hi])
}

// copyShort is copy(dst, src) with short slices copied inline: a call to memmove
// costs more than the copy below 16 values (runs of 8 and 16, the rows of small
// feature maps, as array assignments).
func copyShort(dst, src []float32) {
	switch n := len(dst); {
	case n > 16:
		copy(dst, src)
	case n == 16:
		*(*[16]float32)(dst) = *(*[16]float32)(src)
	case n == 8:
		*(*[8]float32)(dst) = *(*[8]float32)(src)
	default:
		src = src[:n]
		for i, v := range src {
			dst[i] = v
		}
	}
}
