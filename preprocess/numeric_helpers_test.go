package preprocess

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/testutil"
)

// Helpers for the numeric transformers' tests (prefix "num" to avoid collisions).

func numGolden(t *testing.T) *testutil.Goldens {
	t.Helper()
	return testutil.Golden(t, "testdata/numeric.json")
}

// numValue decodes a golden number that may be "nan", "inf" or "-inf".
func numValue(t *testing.T, raw json.RawMessage) float64 {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "nan":
			return math.NaN()
		case "inf":
			return math.Inf(1)
		case "-inf":
			return math.Inf(-1)
		}
		t.Fatalf("bad golden number %q", s)
	}
	var v float64
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

func numFloats(t *testing.T, g *testutil.Goldens, key string) []float64 {
	t.Helper()
	var raw []json.RawMessage
	g.Decode(key, &raw)
	out := make([]float64, len(raw))
	for i, r := range raw {
		out[i] = numValue(t, r)
	}
	return out
}

func numRows(t *testing.T, g *testutil.Goldens, key string) [][]float64 {
	t.Helper()
	var raw [][]json.RawMessage
	g.Decode(key, &raw)
	out := make([][]float64, len(raw))
	for i, row := range raw {
		out[i] = make([]float64, len(row))
		for j, r := range row {
			out[i][j] = numValue(t, r)
		}
	}
	return out
}

func numMatrix(t *testing.T, g *testutil.Goldens, key string) *mat.Dense {
	t.Helper()
	return testutil.FromRows(numRows(t, g, key))
}

// numClose checks got against want elementwise with a relative tolerance (absolute
// below 1), treating equal infinities and NaNs as equal.
func numClose(t *testing.T, want, got []float64, tol float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		a, b := want[i], got[i]
		if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
			continue
		}
		if math.Abs(a-b) > tol*math.Max(1, math.Abs(a)) {
			t.Fatalf("%s: element %d: got %v, want %v (tol %g)", msg, i, b, a, tol)
		}
	}
}

func numCloseMat(t *testing.T, want, got *mat.Dense, tol float64, msg string) {
	t.Helper()
	wr, wc := want.Dims()
	gr, gc := got.Dims()
	require.Equal(t, [2]int{wr, wc}, [2]int{gr, gc}, "%s: dims", msg)
	for i := 0; i < wr; i++ {
		numClose(t, want.RawRowView(i), got.RawRowView(i), tol, msg)
	}
}

// numRowsOf returns the first k rows of x as a new matrix.
func numRowsOf(x *mat.Dense, lo, hi int) *mat.Dense {
	_, c := x.Dims()
	return mat.DenseCopyOf(x.Slice(lo, hi, 0, c))
}
