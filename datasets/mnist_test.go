package datasets_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedMNIST is the real MNIST directory beside the repository (CI checks out
// shared/ next to it); tests that need it skip when it is absent.
const sharedMNIST = "../../shared/data/mnist"

func requireSharedMNIST(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedMNIST, "t10k-images-idx3-ubyte.gz")); err != nil {
		t.Skipf("real MNIST files not available at %s: %v", sharedMNIST, err)
	}
}

// idx builds an IDX file: the magic number, the dimensions and the data.
func idx(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, magic)
	_ = binary.Write(&b, binary.BigEndian, dims)
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// tiny is two 2×3 images and their labels.
var (
	tinyImages = idx(2051, []uint32{2, 2, 3}, []byte{0, 1, 2, 3, 4, 5, 255, 254, 253, 252, 251, 250})
	tinyLabels = idx(2049, []uint32{2}, []byte{7, 3})
)

func TestReadMNISTTiny(t *testing.T) {
	for name, in := range map[string][2][]byte{
		"plain":       {tinyImages, tinyLabels},
		"gzip":        {gz(tinyImages), gz(tinyLabels)},
		"images gzip": {gz(tinyImages), tinyLabels},
		"labels gzip": {tinyImages, gz(tinyLabels)},
	} {
		t.Run(name, func(t *testing.T) {
			ds, err := datasets.ReadMNIST(bytes.NewReader(in[0]), bytes.NewReader(in[1]))
			require.NoError(t, err)
			n, p := ds.X.Dims()
			assert.Equal(t, []int{2, 6}, []int{n, p})
			assert.Equal(t, []float64{0, 1, 2, 3, 4, 5}, ds.X.RawRowView(0))
			assert.Equal(t, []float64{255, 254, 253, 252, 251, 250}, ds.X.RawRowView(1))
			assert.Equal(t, []float64{7, 3}, ds.Y)
			assert.Equal(t, []string{"pixel_0_0", "pixel_0_1", "pixel_0_2", "pixel_1_0", "pixel_1_1", "pixel_1_2"}, ds.FeatureNames)
			assert.Len(t, ds.TargetNames, 8)
		})
	}
}

func TestReadMNISTErrors(t *testing.T) {
	img := func(dims []uint32, data []byte) []byte { return idx(2051, dims, data) }
	lab := func(n uint32, data []byte) []byte { return idx(2049, []uint32{n}, data) }
	for _, tc := range []struct {
		name           string
		images, labels []byte
		msg            string
	}{
		{"empty images", nil, tinyLabels, "images: truncated header"},
		{"empty labels", tinyImages, nil, "labels: truncated header"},
		{"short header", tinyImages[:10], tinyLabels, "truncated header"},
		{"image magic", idx(2050, []uint32{2, 2, 3}, tinyImages[16:]), tinyLabels, "magic number 2050, want 2051"},
		{"label magic", tinyImages, idx(1, []uint32{2}, []byte{1, 2}), "magic number 1, want 2049"},
		{"swapped", tinyLabels, tinyImages, "swapped"},
		{"count mismatch", tinyImages, lab(3, []byte{1, 2, 3}), "2 images but 3 labels"},
		{"no images", img([]uint32{0, 2, 3}, nil), lab(0, nil), "no images"},
		{"zero rows", img([]uint32{2, 0, 3}, nil), tinyLabels, "bad image size 0×3"},
		{"huge image", img([]uint32{2, 1 << 16, 1 << 16}, nil), tinyLabels, "bad image size"},
		{"truncated pixels", tinyImages[:len(tinyImages)-1], tinyLabels, "images: truncated data: 11 of 12 bytes"},
		{"truncated labels", tinyImages, tinyLabels[:len(tinyLabels)-1], "labels: truncated data: 1 of 2 bytes"},
		{"trailing pixels", append(append([]byte(nil), tinyImages...), 0), tinyLabels, "images: trailing data"},
		{"trailing labels", tinyImages, append(append([]byte(nil), tinyLabels...), 0), "labels: trailing data"},
		{"claims billions", img([]uint32{1 << 31, 28, 28}, make([]byte, 100)), idx(2049, []uint32{1 << 31}, make([]byte, 1000)),
			"2147483648 images, more than the 1000000"},
		{"claims a million", img([]uint32{1_000_000, 28, 28}, make([]byte, 100)), idx(2049, []uint32{1_000_000}, make([]byte, 1000)),
			"labels: truncated data"},
		{"too many pixels", img([]uint32{1_000_000, 100, 100}, nil), idx(2049, []uint32{1_000_000}, make([]byte, 1000)),
			"more than the 1073741824 pixels"},
		{"large image", img([]uint32{2, 101, 100}, nil), tinyLabels, "bad image size 101×100 (at most 10000 pixels"},
		{"bad gzip", []byte{0x1f, 0x8b, 1, 2, 3}, tinyLabels, "gzip"},
		{"truncated gzip", gz(tinyImages)[:20], tinyLabels, "images"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := datasets.ReadMNIST(bytes.NewReader(tc.images), bytes.NewReader(tc.labels))
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.Contains(t, err.Error(), "datasets.ReadMNIST")
			assert.Contains(t, err.Error(), tc.msg)
			assert.ErrorIs(t, err, estimator.ErrInvalidData)
		})
	}
}

func TestLoadMNISTTinyDir(t *testing.T) {
	dir := t.TempDir()
	// Test set unzipped, training set gzipped.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), tinyImages, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), tinyLabels, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), gz(tinyImages), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte.gz"), gz(tinyLabels), 0o644))
	for _, train := range []bool{false, true} {
		ds, err := datasets.LoadMNIST(dir, train)
		require.NoError(t, err)
		assert.Equal(t, []float64{7, 3}, ds.Y)
		assert.Contains(t, ds.Description, "MNIST")
	}
	_, err := datasets.LoadMNIST(t.TempDir(), true)
	assert.ErrorIs(t, err, os.ErrNotExist)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), tinyImages, 0o644))
	_, err = datasets.LoadMNIST(dir, false)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "t10k-labels-idx1-ubyte")
}

func labelCounts(y []float64) []int {
	c := make([]int, 10)
	for _, v := range y {
		c[int(v)]++
	}
	return c
}

func TestLoadMNISTReal(t *testing.T) {
	requireSharedMNIST(t)
	for _, tc := range []struct {
		train  bool
		n      int
		first  float64
		counts []int
	}{
		{false, 10000, 7, []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}},
		{true, 60000, 5, []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}},
	} {
		if tc.train && testing.Short() {
			continue
		}
		ds, err := datasets.LoadMNIST(sharedMNIST, tc.train)
		require.NoError(t, err)
		n, p := ds.X.Dims()
		assert.Equal(t, []int{tc.n, 784}, []int{n, p})
		assert.Equal(t, tc.first, ds.Y[0])
		assert.Equal(t, tc.counts, labelCounts(ds.Y))
		lo, hi := 255.0, 0.0
		for _, v := range ds.X.RawMatrix().Data {
			lo, hi = min(lo, v), max(hi, v)
		}
		assert.Equal(t, []float64{0, 255}, []float64{lo, hi})
		assert.Equal(t, "pixel_27_27", ds.FeatureNames[783])
		assert.Equal(t, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, ds.TargetNames)
	}
}

// FuzzReadMNIST checks that ReadMNIST never panics and returns coherent shapes.
func FuzzReadMNIST(f *testing.F) {
	f.Add(tinyImages, tinyLabels)
	f.Add(gz(tinyImages), gz(tinyLabels))
	f.Add(tinyImages[:13], tinyLabels)
	f.Add(idx(2051, []uint32{1, 1, 1}, []byte{9}), idx(2049, []uint32{1}, []byte{200}))
	f.Add(idx(2051, []uint32{1 << 30, 28, 28}, nil), idx(2049, []uint32{1 << 30}, nil))
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		ds, err := datasets.ReadMNIST(bytes.NewReader(images), bytes.NewReader(labels))
		if err != nil {
			if ds != nil {
				t.Fatal("data set returned with an error")
			}
			return
		}
		n, p := ds.X.Dims()
		if n < 1 || p < 1 || len(ds.Y) != n || len(ds.FeatureNames) != p {
			t.Fatalf("incoherent data set: %d×%d, %d labels, %d names", n, p, len(ds.Y), len(ds.FeatureNames))
		}
		for _, v := range ds.Y {
			if v < 0 || v > 255 || int(v) >= len(ds.TargetNames) {
				t.Fatalf("label %v with %d target names", v, len(ds.TargetNames))
			}
		}
	})
}

// bomb returns a gzip stream that inflates to head followed by (at least) size zero
// bytes: one member of head and 1 MiB of zeros, then copies of a member of 1 MiB of
// zeros (gzip readers read concatenated members as one stream). A GiB costs about a
// MiB of gzip and a few milliseconds to build.
func bomb(t testing.TB, head []byte, size int64) []byte {
	t.Helper()
	const block = 1 << 20
	member := func(prefix []byte) []byte {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		require.NoError(t, err)
		_, _ = zw.Write(prefix)
		_, err = io.CopyN(zw, zeroReader{}, block)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	out := member(head)
	zeros := member(nil)
	for n := int64(block); n < size; n += block {
		out = append(out, zeros...)
	}
	return out
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestReadMNISTGzipBomb: a small gzip that inflates to gigabytes fails fast, with
// little memory, whatever its header claims.
func TestReadMNISTGzipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 MiB gzip bomb")
	}
	const inflated = 2 << 30 // 2 GiB of zeros
	labels := idx(2049, []uint32{1000}, make([]byte, 1000))
	for name, tc := range map[string]struct {
		images, labels []byte
		msg            string
	}{
		// An honest small header followed by gigabytes: reading stops one byte past
		// what the header announced.
		"trailing images": {bomb(t, idx(2051, []uint32{1000, 28, 28}, nil), inflated), labels, "images: trailing data"},
		"trailing labels": {gz(idx(2051, []uint32{1000, 28, 28}, make([]byte, 784_000))),
			bomb(t, idx(2049, []uint32{1000}, nil), inflated), "labels: trailing data"},
		// A header that claims what the bomb delivers is refused before reading.
		"claims the bomb": {bomb(t, idx(2051, []uint32{1_000_000, 80, 80}, nil), inflated),
			bomb(t, idx(2049, []uint32{1_000_000}, nil), 1<<20), "more than the 1073741824 pixels"},
	} {
		t.Run(name, func(t *testing.T) {
			require.Less(t, len(tc.images)+len(tc.labels), 8<<20, "the bomb is small")
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			ds, err := datasets.ReadMNIST(bytes.NewReader(tc.images), bytes.NewReader(tc.labels))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.Contains(t, err.Error(), tc.msg)
			assert.ErrorIs(t, err, estimator.ErrInvalidData)
			allocated := after.TotalAlloc - before.TotalAlloc
			assert.Less(t, allocated, uint64(64<<20), "ReadMNIST allocated %d bytes for a bomb", allocated)
			assert.Less(t, elapsed, 10*time.Second)
		})
	}
}

// TestReadMNISTLargeHonestHeader: a header announcing many images, with a stream that
// ends early, costs memory in proportion to what the stream delivered, not to the
// header's count.
func TestReadMNISTLargeHonestHeader(t *testing.T) {
	images := idx(2051, []uint32{1_000_000, 28, 28}, make([]byte, 2_000_000)) // 784 000 000 announced
	labels := idx(2049, []uint32{1_000_000}, make([]byte, 1_000_000))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := datasets.ReadMNIST(bytes.NewReader(images), bytes.NewReader(labels))
	runtime.ReadMemStats(&after)
	require.ErrorContains(t, err, "images: truncated data: 2000000 of 784000000 bytes")
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(80<<20), "allocated %d bytes for 2 MB of pixels", allocated)
}
