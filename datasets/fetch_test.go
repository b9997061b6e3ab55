package datasets_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skgo/skgo/datasets"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var mnistNames = []string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

var (
	mnistBytesOnce sync.Once
	mnistBytes     map[string][]byte
	mnistBytesErr  error
)

// realMNIST returns the contents of the four real files, read once.
func realMNIST(t *testing.T) map[string][]byte {
	t.Helper()
	requireSharedMNIST(t)
	mnistBytesOnce.Do(func() {
		m := make(map[string][]byte)
		for _, name := range mnistNames {
			b, err := os.ReadFile(filepath.Join(sharedMNIST, name))
			if err != nil {
				mnistBytesErr = err
				return
			}
			m[name] = b
		}
		mnistBytes = m
	})
	require.NoError(t, mnistBytesErr)
	return mnistBytes
}

// mirror is an httptest server serving the MNIST files under /mnist/, with hooks to
// break them.
type mirror struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int
	// handle, when set, serves the file instead of the default handler; returning
	// false falls back to the default.
	handle func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool
}

func newMirror(t *testing.T) *mirror {
	files := realMNIST(t)
	m := &mirror{requests: make(map[string]int)}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/mnist/")
		m.mu.Lock()
		m.requests[name]++
		handle := m.handle
		m.mu.Unlock()
		body, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if handle != nil && handle(w, r, name, body) {
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *mirror) count(name string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests[name]
}

func (m *mirror) total() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.requests {
		n += c
	}
	return n
}

// dirNames lists the file names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFetchMNIST(t *testing.T) {
	m := newMirror(t)
	dir := filepath.Join(t.TempDir(), "cache", "mnist")
	var progress bytes.Buffer
	opt := datasets.FetchOptions{Dir: dir, BaseURL: m.URL + "/mnist", Progress: &progress, Client: m.Client()}
	got, err := datasets.FetchMNIST(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, dir, got)
	assert.ElementsMatch(t, mnistNames, dirNames(t, dir), "only the four files, no temporary leftovers")
	for _, name := range mnistNames {
		assert.Equal(t, 1, m.count(name), name)
		assert.Contains(t, progress.String(), name+": ")
	}
	assert.Contains(t, progress.String(), "9.9 MB / 9.9 MB (100%)")
	assert.NotContains(t, progress.String(), "\r", "no redrawn frames off a terminal")

	ds, err := datasets.LoadMNIST(dir, false)
	require.NoError(t, err)
	assert.Equal(t, 10000, ds.Rows())

	// A second fetch verifies the files and downloads nothing.
	progress.Reset()
	_, err = datasets.FetchMNIST(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, 4, m.total())
	assert.Contains(t, progress.String(), "present, checksum OK")

	// A damaged file is downloaded again; the others are kept.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), []byte("junk"), 0o644))
	opt.Progress = nil
	_, err = datasets.FetchMNIST(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, 2, m.count("t10k-labels-idx1-ubyte.gz"))
	assert.Equal(t, 5, m.total())
	_, err = datasets.LoadMNIST(dir, false)
	require.NoError(t, err)
}

func TestFetchMNISTFailures(t *testing.T) {
	const victim = "t10k-images-idx3-ubyte.gz"
	for _, tc := range []struct {
		name   string
		base   string // path on the mirror
		handle func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool
		ctx    func() (context.Context, context.CancelFunc)
		check  func(t *testing.T, err error)
	}{
		{
			name: "checksum mismatch",
			handle: func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool {
				if name != victim {
					return false
				}
				bad := append([]byte(nil), body...)
				bad[len(bad)/2] ^= 0xff
				_, _ = w.Write(bad)
				return true
			},
			check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, datasets.ErrChecksum)
				assert.Contains(t, err.Error(), victim)
			},
		},
		{
			name: "HTTP 404",
			base: "/elsewhere",
			check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "404 Not Found")
			},
		},
		{
			name: "truncated body",
			handle: func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool {
				if name != victim {
					return false
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				_, _ = w.Write(body[:len(body)/3])
				return true // the server closes the connection short of Content-Length
			},
			check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), victim)
				assert.Contains(t, err.Error(), "unexpected EOF")
			},
		},
		{
			name: "announced body too long",
			handle: func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool {
				if name != victim {
					return false
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
				_, _ = w.Write(append(append([]byte(nil), body...), 0))
				return true
			},
			check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, datasets.ErrChecksum)
				assert.Contains(t, err.Error(), "the body is 1648878 bytes, the file is 1648877")
			},
		},
		{
			// No Content-Length and a body that never ends: the download stops one byte
			// past the known size instead of filling the disk.
			name: "endless body",
			handle: func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool {
				if name != victim {
					return false
				}
				_, _ = w.Write(body)
				chunk := make([]byte, 1<<16)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						break
					}
				}
				return true
			},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 20*time.Second)
			},
			check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, datasets.ErrChecksum)
				assert.Contains(t, err.Error(), "longer than the file's 1648877 bytes")
			},
		},
		{
			name: "cancelled before starting",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, context.Canceled)
			},
		},
		{
			name: "cancelled during a download",
			handle: func(w http.ResponseWriter, r *http.Request, name string, body []byte) bool {
				if name != victim {
					return false
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				_, _ = w.Write(body[:1000])
				w.(http.Flusher).Flush()
				<-r.Context().Done() // stall until the client gives up
				return true
			},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 300*time.Millisecond)
			},
			check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMirror(t)
			m.handle = tc.handle
			base := tc.base
			if base == "" {
				base = "/mnist/"
			}
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			dir := t.TempDir()
			got, err := datasets.FetchMNIST(ctx, datasets.FetchOptions{Dir: dir, BaseURL: m.URL + base, Client: m.Client()})
			require.Error(t, err)
			assert.Empty(t, got)
			assert.Contains(t, err.Error(), "datasets.FetchMNIST")
			tc.check(t, err)
			for _, name := range dirNames(t, dir) {
				assert.NotContains(t, name, ".part", "temporary file left behind")
				assert.NotEqual(t, victim, name, "a bad download must not be kept")
			}
		})
	}
}

func TestFetchMNISTDefaultDir(t *testing.T) {
	m := newMirror(t)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // os.UserCacheDir on Linux
	t.Setenv("HOME", cache)           // and on macOS
	dir, err := datasets.FetchMNIST(context.Background(), datasets.FetchOptions{BaseURL: m.URL + "/mnist/"})
	require.NoError(t, err)
	want, err := os.UserCacheDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(want, "skgo", "mnist"), dir)
	assert.ElementsMatch(t, mnistNames, dirNames(t, dir))
}
