package ensemble

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/skgo/skgo/internal/parallel"
)

// hgbAlmostInf caps numeric bin thresholds, as scikit-learn's ALMOST_INF.
const hgbAlmostInf = 1e300

// hgbBinSubsample is the number of rows the bin thresholds are computed from
// (scikit-learn's _BinMapper subsample=2e5).
const hgbBinSubsample = 200_000

// hgbBinMapper maps feature values to uint8 bins as scikit-learn's _BinMapper does.
// A numeric feature with at most maxBins distinct values gets the midpoints between
// consecutive distinct values as thresholds; otherwise the thresholds are the
// maxBins-quantiles of the values (numpy's percentile with method="midpoint").
// A value v goes to the number of thresholds strictly below it (v ≤ thresholds[b]
// means bin ≤ b). A categorical feature's thresholds are its sorted categories, and
// a category's bin is its rank. NaN goes to the missing bin, maxBins.
type hgbBinMapper struct {
	thresholds [][]float64
	isCat      []bool
	missingBin int
}

// nBinsNonMissing returns the number of non-missing bins of feature f.
func (m *hgbBinMapper) nBinsNonMissing(f int) int { return len(m.thresholds[f]) + hgbBool(!m.isCat[f]) }

func hgbBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hgbFitBins computes the thresholds of every feature of the rows rows of x (n×p
// row-major with stride), with categories given for categorical features.
// Features are processed in parallel on up to workers goroutines.
func hgbFitBins(x []float64, stride, p int, rows []int, maxBins int, isCat []bool, cats [][]float64, seed uint64, workers int) *hgbBinMapper {
	m := &hgbBinMapper{thresholds: make([][]float64, p), isCat: isCat, missingBin: maxBins}
	if len(rows) > hgbBinSubsample {
		rng := rand.New(rand.NewPCG(seed, 0x62696e73))
		perm := rng.Perm(len(rows))[:hgbBinSubsample]
		slices.Sort(perm)
		sub := make([]int, len(perm))
		for i, j := range perm {
			sub[i] = rows[j]
		}
		rows = sub
	}
	// one feature per task: each sorts its own copy of the column
	_ = parallel.Run(context.Background(), p, workers, func(_ context.Context, f int) error {
		if isCat[f] {
			m.thresholds[f] = cats[f]
			return nil
		}
		col := make([]float64, 0, len(rows))
		for _, r := range rows {
			if v := x[r*stride+f]; !math.IsNaN(v) {
				col = append(col, v)
			}
		}
		m.thresholds[f] = hgbThresholds(col, maxBins)
		return nil
	})
	return m
}

// hgbThresholds returns the numeric thresholds of the non-missing values col (which
// it sorts), as scikit-learn's _find_binning_thresholds.
func hgbThresholds(col []float64, maxBins int) []float64 {
	slices.Sort(col)
	distinct := 0
	for i := range col {
		if i == 0 || col[i] != col[i-1] {
			distinct++
		}
	}
	if distinct <= maxBins {
		var mids []float64
		for i := 1; i < len(col); i++ {
			if col[i] != col[i-1] {
				a, b := col[i-1], col[i]
				mid := (a + b) * 0.5
				if math.IsInf(mid, 0) {
					mid = a*0.5 + b*0.5
				}
				mids = append(mids, mid)
			}
		}
		return mids
	}
	n := len(col)
	mids := make([]float64, maxBins-1)
	step := 100 / float64(maxBins) // numpy linspace(0, 100, maxBins+1)
	for i := 1; i < maxBins; i++ {
		q := float64(i) * step / 100
		v := float64(n-1) * q
		lo := math.Floor(v)
		// method="midpoint": the virtual index is (floor+ceil)/2 of (n-1)q
		vi := 0.5 * (lo + math.Ceil(v))
		k := int(math.Floor(vi))
		var r float64
		if vi == math.Floor(vi) {
			r = col[k]
		} else {
			a, b := col[k], col[min(k+1, n-1)]
			r = b - (b-a)*0.5 // numpy's _lerp with t = 0.5
			if math.IsInf(b-a, 0) {
				r = a*0.5 + b*0.5
			}
		}
		mids[i-1] = min(r, hgbAlmostInf)
	}
	return mids
}

// bin returns the bin of value v of feature f.
func (m *hgbBinMapper) bin(f int, v float64) uint8 {
	if math.IsNaN(v) {
		return uint8(m.missingBin)
	}
	t := m.thresholds[f]
	lo, hi := 0, len(t)
	for lo < hi {
		mid := lo + (hi-lo-1)/2
		if v <= t[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if m.isCat[f] && (lo == len(t) || t[lo] != v) {
		// an unknown category (or a non-integer or negative value): scikit-learn's
		// binning of categories only meets known ones; treat it as missing
		return uint8(m.missingBin)
	}
	return uint8(lo)
}

// transform bins the rows of x into a column-major n×p array, one feature per task on
// up to workers goroutines.
func (m *hgbBinMapper) transform(x []float64, stride, p int, rows []int, workers int) []uint8 {
	n := len(rows)
	out := make([]uint8, n*p)
	_ = parallel.Run(context.Background(), p, workers, func(_ context.Context, f int) error {
		col := out[f*n : (f+1)*n]
		t := m.thresholds[f]
		if m.isCat[f] {
			for i, r := range rows {
				col[i] = m.bin(f, x[r*stride+f])
			}
			return nil
		}
		missing := uint8(m.missingBin)
		for i, r := range rows {
			v := x[r*stride+f]
			if v != v { // NaN
				col[i] = missing
				continue
			}
			col[i] = hgbSearch(t, v)
		}
		return nil
	})
	return out
}

// hgbSearch returns the number of thresholds strictly below v (t sorted, len(t) ≤ 255).
func hgbSearch(t []float64, v float64) uint8 {
	lo, hi := 0, len(t)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if v <= t[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return uint8(lo)
}
