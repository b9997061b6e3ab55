package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example end to end and checks the figures that do not depend on
// the shuffle: the classic folds' mean R² (scikit-learn's cross_validate of
// LinearRegression with KFold(10) gives 0.2025) and the OLS coefficients.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	s := out.String()
	assert.Contains(t, s, "mean ± std               0.203 ± 0.595")
	assert.Contains(t, s, "NOX          -17.76661")
	assert.Contains(t, s, "(intercept)  +36.45949")
	assert.Contains(t, s, "gain over linear.Regression on the same folds: R² +")
	// scikit-learn's reproducible table comes first, and the shuffled one says why it
	// differs from numpy's
	classic, shuffled := strings.Index(s, "classic unshuffled folds"), strings.Index(s, "shuffled (Seed 1)")
	require.True(t, classic >= 0 && shuffled > classic, "unshuffled table first")
	assert.Contains(t, s, "cannot equal numpy's")
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, run(ctx, &bytes.Buffer{}), context.Canceled)
}
