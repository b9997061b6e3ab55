package crossval_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/tuning"
)

// Non-convergence is reported as scikit-learn's ConvergenceWarning: a column in the
// results and, with a Logger, one Warn record per fit.
func TestNonConvergenceIsReported(t *testing.T) {
	ctx := context.Background()
	ds := datasets.Iris()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	res, err := crossval.CrossValidate(ctx, &linear.Logistic{MaxIter: 2}, ds.X, ds.Y,
		&crossval.Options{CV: crossval.StratifiedKFold{K: 3}, Logger: logger})
	require.NoError(t, err)
	require.Equal(t, []bool{false, false, false}, res.Converged)
	require.Equal(t, 3, strings.Count(buf.String(), "did not converge"), buf.String())
	require.Contains(t, buf.String(), "fold=1")

	buf.Reset()
	res, err = crossval.CrossValidate(ctx, &linear.Logistic{MaxIter: 1000}, ds.X, ds.Y,
		&crossval.Options{CV: crossval.StratifiedKFold{K: 3}, Logger: logger})
	require.NoError(t, err)
	require.Equal(t, []bool{true, true, true}, res.Converged)
	require.Empty(t, buf.String())

	s := &tuning.Search{Estimator: &linear.Logistic{}, CV: crossval.StratifiedKFold{K: 3}, Logger: logger,
		Space: tuning.Grid{{Param: "MaxIter", Values: tuning.Values(2, 1000)}}}
	require.NoError(t, s.Fit(ctx, ds.X, ds.Y))
	require.Equal(t, 3, strings.Count(buf.String(), "did not converge"), buf.String())
	require.Contains(t, buf.String(), "MaxIter")
}
