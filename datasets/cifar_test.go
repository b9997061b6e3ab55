package datasets_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cifarRecords returns n synthetic CIFAR-10 records: record i has label
// (i+first)%10 and pixel j = (i·7 + j) mod 256.
func cifarRecords(n, first int) []byte {
	var b bytes.Buffer
	for i := range n {
		b.WriteByte(byte((i + first) % 10))
		for j := range 3072 {
			b.WriteByte(byte(i*7 + j))
		}
	}
	return b.Bytes()
}

// writeCIFAR writes the six batch files into dir, with per training files and
// nTest test records.
func writeCIFAR(t *testing.T, dir string, per, nTest int) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for k := 1; k <= 5; k++ {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "data_batch_"+string(rune('0'+k))+".bin"), cifarRecords(per, k), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "test_batch.bin"), cifarRecords(nTest, 0), 0o644))
}

func TestReadCIFAR10Batch(t *testing.T) {
	for name, in := range map[string][]byte{"plain": cifarRecords(3, 0), "gzip": gz(cifarRecords(3, 0))} {
		im, err := datasets.ReadCIFAR10Batch(bytes.NewReader(in))
		require.NoError(t, err, name)
		assert.Equal(t, 3, im.Len())
		assert.Equal(t, []int{3, 32, 32}, []int{im.C, im.H, im.W})
		assert.Equal(t, []uint8{0, 1, 2}, im.Labels)
		require.Len(t, im.Pix, 3*3072)
		// Image 2, green plane (offset 1024), row 1, column 3.
		assert.Equal(t, byte((2*7+1024+32+3)%256), im.Pix[2*3072+1024+32+3])
		assert.Equal(t, datasets.CIFAR10Classes, im.ClassNames)

		ds := im.Dataset()
		r, c := ds.X.Dims()
		assert.Equal(t, []int{3, 3072}, []int{r, c})
		assert.Equal(t, float64(byte((2*7+1024+32+3)%256)), ds.X.At(2, 1024+32+3))
		assert.Equal(t, []float64{0, 1, 2}, ds.Y)
		assert.Equal(t, "1_1_3", ds.FeatureNames[1024+32+3])
		assert.Equal(t, "airplane", ds.TargetNames[0])
	}
}

func TestReadCIFAR10BatchCorrupt(t *testing.T) {
	good := cifarRecords(2, 0)
	badLabel := cifarRecords(2, 0)
	badLabel[3073] = 10
	for name, in := range map[string][]byte{
		"empty":            nil,
		"truncated record": good[:len(good)-1],
		"one byte":         good[:1],
		"trailing byte":    append(append([]byte(nil), good...), 0),
		"label 10":         badLabel,
		"too many":         cifarRecords(10_001, 0),
		"bad gzip":         {0x1f, 0x8b, 0, 0},
	} {
		_, err := datasets.ReadCIFAR10Batch(bytes.NewReader(in))
		require.Error(t, err, name)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
	}
}

func TestReadCIFAR10(t *testing.T) {
	root := t.TempDir()
	writeCIFAR(t, filepath.Join(root, "cifar-10-batches-bin"), 2, 3)
	// The root is resolved to its cifar-10-batches-bin subdirectory.
	train, test, err := datasets.ReadCIFAR10(root)
	require.NoError(t, err)
	assert.Equal(t, 10, train.Len())
	assert.Equal(t, 3, test.Len())
	assert.Equal(t, []uint8{1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, train.Labels)
	assert.Equal(t, train.Len()*3072, len(train.Pix))
	assert.Contains(t, train.Description, "training set, 10 images")

	// The environment variable is used when dir is empty.
	t.Setenv(datasets.CIFAR10Env, filepath.Join(root, "cifar-10-batches-bin"))
	train2, _, err := datasets.ReadCIFAR10("")
	require.NoError(t, err)
	assert.Equal(t, train.Labels, train2.Labels)
}

func TestReadCIFAR10Missing(t *testing.T) {
	dir := t.TempDir()
	_, _, err := datasets.ReadCIFAR10(dir)
	require.Error(t, err)
	assert.True(t, errors.Is(err, fs.ErrNotExist))
	assert.Contains(t, err.Error(), "cifar-10-binary.tar.gz")
	assert.Contains(t, err.Error(), datasets.CIFAR10Env)

	// A corrupt file names the file.
	writeCIFAR(t, dir, 1, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "data_batch_3.bin"), cifarRecords(1, 0)[:100], 0o644))
	_, _, err = datasets.ReadCIFAR10(dir)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "data_batch_3.bin")
}
