package linear_test

import (
	"context"
	"testing"

	"github.com/sajari/regression"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
)

// TestRegressionMatchesSajari uses github.com/sajari/regression (QR of [1 X] without
// centring) as an independent second opinion on Boston.
func TestRegressionMatchesSajari(t *testing.T) {
	d := datasets.Boston()
	n, p := d.X.Dims()
	var ref regression.Regression
	for i := range n {
		ref.Train(regression.DataPoint(d.Y[i], d.X.RawRowView(i)))
	}
	require.NoError(t, ref.Run())
	want := ref.GetCoeffs() // intercept first
	require.Len(t, want, p+1)

	var r linear.Regression
	require.NoError(t, r.Fit(context.Background(), d.X, d.Y))
	assert.InEpsilon(t, want[0], r.Intercept(), 1e-9)
	assert.LessOrEqual(t, testutil.RelDiff(r.Coef(), want[1:], 1e-12), 1e-9)
}
