package ensemble

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHgbScanConstMatchesGeneralLoop checks that the fast split scan for constant
// hessians finds exactly the split of findSplit's general loop, on random histograms
// with empty bins, small nodes and several minimum leaf sizes.
func TestHgbScanConstMatchesGeneralLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	defer func() { hgbFastScan = true }()
	found := 0
	for trial := 0; trial < 3000; trial++ {
		nb := 2 + rng.IntN(254)
		hist := make([]hgbBin, hgbHistWidth)
		var n, g float64
		for b := 0; b < nb; b++ {
			if rng.IntN(3) == 0 {
				continue // empty bin
			}
			c := float64(1 + rng.IntN(20))
			hist[b] = hgbBin{G: rng.NormFloat64() * c, N: c}
			n += c
			g += hist[b].G
		}
		d := &hgbData{nonMissing: []int{nb}, hasMissing: []bool{false}, isCat: []bool{false}, missingBin: 255}
		gr := &hgbGrower{d: d, par: &hgbGrowParams{minSamplesLeaf: 1 + rng.IntN(30), l2: []float64{0, 0.5}[rng.IntN(2)]}}
		nd := &hgbNode{start: 0, stop: int(n), sumG: g, sumH: n, value: -g / (n + gr.par.l2 + 1e-15),
			lower: math.Inf(-1), upper: math.Inf(1)}
		var fast, slow hgbSplit
		hgbFastScan = true
		gr.findSplit(nd, 0, hist, &fast)
		hgbFastScan = false
		gr.findSplit(nd, 0, hist, &slow)
		require.Equal(t, slow, fast, "trial %d", trial)
		if fast.gain > 0 {
			found++
		}
	}
	require.Greater(t, found, 2000, "most random histograms have a valid split")
}

// BenchmarkHGBRegressorFit fits scikit-learn's default HistGradientBoostingRegressor
// (100 iterations, 31 leaves, 255 bins, early stopping off) on 20 000 × 20 rows with
// one worker.
func BenchmarkHGBRegressorFit(b *testing.B) {
	X, y := forestBenchData(20000, 20)
	b.ResetTimer()
	for range b.N {
		m := &HistGradientBoostingRegressor{EarlyStopping: EarlyStoppingOff, Workers: 1}
		if err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHGBPredict predicts 10 000 rows with 100 trees of 31 leaves on one worker;
// ns/tree/row is the time per tree and row.
func BenchmarkHGBPredict(b *testing.B) {
	X, y := forestBenchData(20000, 20)
	m := &HistGradientBoostingRegressor{EarlyStopping: EarlyStoppingOff, Workers: 1}
	if err := m.Fit(context.Background(), X, y); err != nil {
		b.Fatal(err)
	}
	Q, _ := forestBenchData(10000, 20)
	b.ResetTimer()
	for range b.N {
		if _, err := m.Predict(Q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100/10000, "ns/tree/row")
}
