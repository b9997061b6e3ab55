package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/skgo/skgo/internal/termio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// MNISTBaseURL is the default mirror FetchMNIST downloads from: the copy of the four
// original gzipped IDX files kept by the CVDF in Google Cloud Storage (the one
// TensorFlow's datasets use), since yann.lecun.com no longer serves them reliably.
const MNISTBaseURL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

// mnistSHA256 are the SHA-256 digests of the canonical gzipped MNIST files.
var mnistSHA256 = map[string]string{
	"train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	"train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	"t10k-images-idx3-ubyte.gz":  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	"t10k-labels-idx1-ubyte.gz":  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

// mnistSize are the sizes in bytes of the canonical gzipped MNIST files. A download
// stops at this size: a larger body is refused before or while it is read, so a
// hostile or broken mirror cannot fill the disk.
var mnistSize = map[string]int64{
	"train-images-idx3-ubyte.gz": 9_912_422,
	"train-labels-idx1-ubyte.gz": 28_881,
	"t10k-images-idx3-ubyte.gz":  1_648_877,
	"t10k-labels-idx1-ubyte.gz":  4_542,
}

// mnistFiles lists the files in download order.
var mnistFiles = []string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

// ErrChecksum reports a downloaded file whose SHA-256 digest or size is not the
// expected one. FetchMNIST deletes such a file; errors.Is(err, ErrChecksum) identifies
// the case.
var ErrChecksum = errors.New("datasets: checksum mismatch")

// FetchOptions configures FetchMNIST. The zero value downloads from MNISTBaseURL into
// the user cache directory, silently, with http.DefaultClient.
type FetchOptions struct {
	// Dir is where the files are kept; empty means os.UserCacheDir()/skgo/mnist
	// (for example ~/.cache/skgo/mnist on Linux). It is created if needed.
	Dir string
	// BaseURL is the URL prefix the file names are appended to (a "/" is added when
	// missing); empty means MNISTBaseURL.
	BaseURL string
	// Progress, when not nil, receives one line per file
	// ("train-images-idx3-ubyte.gz: 9.9 MB / 9.9 MB (100%)"); on a terminal the line
	// is redrawn with '\r' as the download proceeds. Nil means silent.
	Progress io.Writer
	// Client makes the requests; nil means http.DefaultClient. Set one with a Timeout
	// or a proxy as needed; ctx cancels the downloads either way.
	Client *http.Client
}

// FetchMNIST makes sure the four gzipped MNIST files are in opt.Dir, downloading the
// missing ones from opt.BaseURL, and returns the directory, ready for LoadMNIST (the
// counterpart of scikit-learn's fetch_openml("mnist_784") and torchvision's
// MNIST(download=True)).
//
// Each file is checked against its known size and SHA-256 digest. A file already
// present and intact is not downloaded again; a damaged one is replaced. A download
// never writes more than the file's known size: a response that announces a larger
// body is refused before reading, and one that sends more is cut off one byte past
// the size and deleted. A download is written to
// a temporary file in the directory and renamed into place only once verified, so an
// interrupted or concurrent fetch never leaves a partial file under a canonical name;
// on a digest mismatch the download is deleted and the error wraps ErrChecksum. HTTP
// errors (such as 404), truncated bodies and ctx's cancellation (errors.Is(err,
// context.Canceled)) are returned as errors.
//
//	dir, err := datasets.FetchMNIST(ctx, datasets.FetchOptions{Progress: os.Stderr})
//	if err != nil { ... }
//	train, err := datasets.LoadMNIST(dir, true)
func FetchMNIST(ctx context.Context, opt FetchOptions) (string, error) {
	const where = "datasets.FetchMNIST"
	dir := opt.Dir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("%s: no cache directory (set FetchOptions.Dir): %w", where, err)
		}
		dir = filepath.Join(cache, "skgo", "mnist")
	}
	base := opt.BaseURL
	if base == "" {
		base = MNISTBaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	client := opt.Client
	if client == nil {
		client = http.DefaultClient
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	for _, name := range mnistFiles {
		if err := ctx.Err(); err != nil {
			return "", fmt.Errorf("%s: %w", where, err)
		}
		path := filepath.Join(dir, name)
		want := mnistSHA256[name]
		if fi, err := os.Stat(path); err == nil && fi.Size() != mnistSize[name] {
			// The wrong size: damaged, so not worth hashing; downloaded again below.
		} else if got, err := fileSHA256(path); err == nil && got == want {
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "%s: present, checksum OK\n", name)
			}
			continue
		}
		if err := download(ctx, client, base+name, path, want, mnistSize[name], opt.Progress); err != nil {
			return "", fmt.Errorf("%s: %s: %w", where, name, err)
		}
	}
	return dir, nil
}

// download fetches url into path via a temporary file and verifies its size (at most
// size bytes are written) and SHA-256.
func download(ctx context.Context, client *http.Client, url, path, want string, size int64, progress io.Writer) (err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if resp.ContentLength > size {
		return fmt.Errorf("GET %s: the body is %d bytes, the file is %d: %w", url, resp.ContentLength, size, ErrChecksum)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer func() {
		if tmp != nil {
			tmp.Close()
		}
		if err != nil {
			os.Remove(tmpName)
		}
	}()
	h := sha256.New()
	pw := &progressWriter{w: progress, tty: termio.IsTerminal(progress), name: filepath.Base(path), total: resp.ContentLength}
	// Read one byte more than the file's size, to tell a too-long body from an exact one.
	n, err := io.Copy(io.MultiWriter(tmp, h, pw), io.LimitReader(resp.Body, size+1))
	pw.finish()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("GET %s: after %d bytes: %w", url, n, err)
	}
	if n > size {
		return fmt.Errorf("GET %s: the body is longer than the file's %d bytes (download deleted): %w", url, size, ErrChecksum)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("GET %s: truncated body, %d of %d bytes", url, n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("GET %s: SHA-256 %s, want %s (download deleted): %w", url, got, want, ErrChecksum)
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	tmp = nil
	return os.Rename(tmpName, path)
}

// fileSHA256 returns the hex SHA-256 digest of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// progressWriter draws "name: done / total (pct%)" on w, at most every 100 ms.
type progressWriter struct {
	w     io.Writer
	tty   bool // redraw with '\r' while downloading
	name  string
	total int64 // -1 when unknown
	done  int64
	last  time.Time
	drawn bool
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if p.w != nil && p.tty && time.Since(p.last) >= 100*time.Millisecond {
		p.draw()
	}
	return len(b), nil
}

func (p *progressWriter) draw() {
	p.last = time.Now()
	p.drawn = true
	cr := ""
	if p.tty {
		cr = "\r"
	}
	if p.total > 0 {
		fmt.Fprintf(p.w, "%s%s: %s / %s (%d%%)", cr, p.name, byteSize(p.done), byteSize(p.total), p.done*100/p.total)
	} else {
		fmt.Fprintf(p.w, "%s%s: %s", cr, p.name, byteSize(p.done))
	}
}

// finish draws the final state and ends the line.
func (p *progressWriter) finish() {
	if p.w == nil {
		return
	}
	p.draw()
	fmt.Fprintln(p.w)
}

// byteSize formats n bytes as "512 B", "28.9 kB" or "9.9 MB" (SI units).
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}
