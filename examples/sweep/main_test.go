package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), &out, &errOut))
	s := out.String()
	assert.Contains(t, s, "grid search: 26 candidates × 5 folds")
	assert.Contains(t, s, "random search: 26 candidates")
	assert.Contains(t, s, "successive halving:")
	assert.Equal(t, 3, strings.Count(s, "held-out test R²"))
	assert.Contains(t, errOut.String(), "130/130 fits")
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, run(ctx, &bytes.Buffer{}, &bytes.Buffer{}), context.Canceled)
}
