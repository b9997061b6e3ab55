package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSynthetic writes a small CIFAR-10 binary data set into a new directory:
// perFile training images in each of data_batch_1.bin … data_batch_5.bin and nTest
// in test_batch.bin. Label 0 is horizontal stripes, label 1 vertical stripes (period
// 8 pixels, a random phase and colour per image, plus noise), so random crops and
// horizontal flips keep the classes apart.
func writeSynthetic(t *testing.T, perFile, nTest int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	write := func(name string, n int) {
		var buf bytes.Buffer
		for i := 0; i < n; i++ {
			label := byte(rng.IntN(2))
			buf.WriteByte(label)
			phase := rng.IntN(8)
			for ch := 0; ch < 3; ch++ {
				lo, hi := 20+rng.IntN(60), 160+rng.IntN(80)
				for r := 0; r < 32; r++ {
					for c := 0; c < 32; c++ {
						pos := c
						if label == 0 {
							pos = r
						}
						v := lo
						if (pos+phase)%8 < 4 {
							v = hi
						}
						buf.WriteByte(byte(v + rng.IntN(16)))
					}
				}
			}
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644))
	}
	for i := 1; i <= 5; i++ {
		write("data_batch_"+string(rune('0'+i))+".bin", perFile)
	}
	write("test_batch.bin", nTest)
	return dir
}

// cancelOn is an io.Writer that cancels a context once a written line contains
// marker.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.marker) {
		w.cancel()
	}
	return len(p), nil
}

var epochLine = regexp.MustCompile(`(?m)^epoch +(\d+)/(\d+) +[0-9.]+s  (train loss [0-9.]+  train accuracy +[0-9.]+%  test accuracy +([0-9.]+)%)  \(eval [0-9.]+s, total \d+s\)$`)

// TestRunSyntheticAndResume trains a width-4 FastResNet for 2 epochs on 320 of the
// 400 synthetic training images, checks the report, then interrupts a checkpointed
// run after its first epoch, resumes it, and checks that the resumed epoch 2 is
// the uninterrupted run's epoch 2 exactly (same loss and accuracies).
func TestRunSyntheticAndResume(t *testing.T) {
	dir := writeSynthetic(t, 80, 100)
	args := []string{"-data", dir, "-model", "fast", "-width", "4", "-epochs", "2", "-batch", "32", "-limit", "320", "-lr", "0.2", "-workers", "2"}

	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), args, &out, &errOut), errOut.String())
	t.Log("\n" + out.String())
	report := out.String()
	assert.Contains(t, report, "CIFAR-10: training on 320 of 400 images, testing on 100 of 100")
	assert.Contains(t, report, "FastResNet(width 4)")
	assert.Contains(t, report, "onecycle schedule, label smoothing 0.2, batch 32×1, 2 threads")
	full := epochLine.FindAllStringSubmatch(report, -1)
	require.Len(t, full, 2, report)
	assert.Equal(t, "1", full[0][1])
	assert.Equal(t, "2", full[1][1])
	assert.Equal(t, "2", full[1][2])
	assert.Equal(t, "100.00", full[1][4], "two stripe orientations are easy")
	assert.Regexp(t, `(?m)^fast: test accuracy 100\.00% after 2 epochs$`, report)

	if testing.Short() {
		t.Skip("the resume part trains 2 more epochs")
	}
	ckpt := filepath.Join(t.TempDir(), "run.ckpt")
	withCkpt := append(args[:len(args):len(args)], "-checkpoint", ckpt)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelOn{marker: "epoch  1/2", cancel: cancel}
	err := run(ctx, withCkpt, w, &errOut)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "rerun the same command to resume from "+ckpt)
	assert.FileExists(t, ckpt)
	first := epochLine.FindAllStringSubmatch(w.buf.String(), -1)
	require.Len(t, first, 1, w.buf.String())
	assert.Equal(t, full[0][3], first[0][3], "a checkpointed run trains as the plain one does")

	out.Reset()
	require.NoError(t, run(context.Background(), withCkpt, &out, &errOut), errOut.String())
	t.Log("\n" + out.String())
	assert.Contains(t, out.String(), "resuming from "+ckpt+" after epoch 1 of 2")
	resumed := epochLine.FindAllStringSubmatch(out.String(), -1)
	require.Len(t, resumed, 1, out.String())
	assert.Equal(t, "2", resumed[0][1])
	assert.Equal(t, full[1][3], resumed[0][3], "the resumed epoch 2 equals the uninterrupted run's")

	// The checkpoint is complete now: a rerun only reports.
	out.Reset()
	require.NoError(t, run(context.Background(), withCkpt, &out, &errOut))
	assert.Contains(t, out.String(), "resuming from "+ckpt+" after epoch 2 of 2")
	assert.Empty(t, epochLine.FindAllString(out.String(), -1))
	assert.Regexp(t, `(?m)^fast: test accuracy 100\.00% after 2 epochs$`, out.String())

	// Other settings do not resume from it.
	err = run(context.Background(), append(withCkpt, "-epochs", "3"), &out, &errOut)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot resume from "+ckpt)
}

func TestRunMissingData(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-data", dir}, &out, &errOut)
	require.Error(t, err)
	msg := err.Error()
	assert.NotContains(t, msg, "\n")
	assert.Contains(t, msg, "no CIFAR-10 data in "+dir)
	assert.Contains(t, msg, "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
	assert.Contains(t, msg, "-data DIR")
	assert.Contains(t, msg, "$SKGO_CIFAR10")
}

func TestRunBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-model", "alexnet"},
		{"-schedule", "step"},
		{"-epochs", "-1"},
		{"-epochs", "100000"},
		{"-width", "0"},
		{"-width", "100000"},
		{"-batch", "0"},
		{"-accum", "0"},
		{"-lr", "-0.1"},
		{"-lr", "NaN"},
		{"-smoothing", "1"},
		{"-limit", "-5"},
		{"-nosuchflag"},
		{"stray"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"-data", dir}, args...), &out, &errOut)
		assert.Error(t, err, "%v", args)
		assert.NotContains(t, err.Error(), "no CIFAR-10 data", "%v is refused before the data are read", args)
	}
}
