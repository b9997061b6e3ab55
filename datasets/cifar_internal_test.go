package datasets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cifarTarGz builds a gzipped tar holding the six batch files (one record each) plus
// entries FetchCIFAR10 must skip.
func cifarTarGz(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	add := func(name string, typ byte, body []byte) {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Typeflag: typ, Size: int64(len(body)), Mode: 0o644}))
		_, err := tw.Write(body)
		require.NoError(t, err)
	}
	rec := make([]byte, cifarRecord)
	rec[0] = 4
	add("cifar-10-batches-bin/", tar.TypeDir, nil)
	add("cifar-10-batches-bin/batches.meta.txt", tar.TypeReg, []byte("airplane\n"))
	add("../evil.bin", tar.TypeReg, rec)
	for _, n := range append(append([]string(nil), cifarTrainFiles...), cifarTestFile) {
		add("cifar-10-batches-bin/"+n, tar.TypeReg, rec)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestFetchCIFAR10(t *testing.T) {
	body := cifarTarGz(t)
	sum := sha256.Sum256(body)
	oldSize, oldSum := cifarArchiveSize, cifarArchiveSHA256
	cifarArchiveSize, cifarArchiveSHA256 = int64(len(body)), hex.EncodeToString(sum[:])
	t.Cleanup(func() { cifarArchiveSize, cifarArchiveSHA256 = oldSize, oldSum })

	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		if r.URL.Path != "/kriz/"+cifarArchive {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()

	root := t.TempDir()
	dir, err := FetchCIFAR10(context.Background(), FetchOptions{Dir: root, BaseURL: srv.URL + "/kriz"})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, cifarSubdir), dir)
	train, test, err := ReadCIFAR10(root)
	require.NoError(t, err)
	assert.Equal(t, 5, train.Len())
	assert.Equal(t, []uint8{4}, test.Labels)
	_, err = os.Stat(filepath.Join(root, "..", "evil.bin"))
	assert.True(t, os.IsNotExist(err))
	_, err = os.Stat(filepath.Join(root, cifarArchive))
	assert.True(t, os.IsNotExist(err), "the archive is deleted once unpacked")

	// Present: no second download.
	_, err = FetchCIFAR10(context.Background(), FetchOptions{Dir: root, BaseURL: srv.URL + "/kriz"})
	require.NoError(t, err)
	assert.Equal(t, 1, requests)

	// A damaged archive fails its checksum.
	cifarArchiveSHA256 = hex.EncodeToString(make([]byte, 32))
	_, err = FetchCIFAR10(context.Background(), FetchOptions{Dir: t.TempDir(), BaseURL: srv.URL + "/kriz"})
	assert.ErrorIs(t, err, ErrChecksum)
}
