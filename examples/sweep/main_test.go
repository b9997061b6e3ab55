package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/tuning"
)

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), &out, &errOut))
	s := out.String()
	assert.Contains(t, s, "grid search: 26 candidates × 5 folds")
	assert.Contains(t, s, "random search: 26 candidates")
	assert.Contains(t, s, "successive halving:")
	assert.Equal(t, 3, strings.Count(s, "held-out test R²"))
	assert.Empty(t, errOut.String(), "no progress bar off a terminal")
}

func TestDrawBar(t *testing.T) {
	var buf bytes.Buffer
	bar := drawBar(&buf, "grid")
	for done := 1; done <= 130; done++ {
		bar(tuning.ProgressEvent{Done: done, Total: 130})
	}
	assert.Contains(t, buf.String(), "130/130 fits")
	assert.Less(t, strings.Count(buf.String(), "\r"), 40, "redrawn only when the bar grows")
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, run(ctx, &bytes.Buffer{}, &bytes.Buffer{}), context.Canceled)
}
