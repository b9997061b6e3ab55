package datasets

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// CIFAR-10's binary format (https://www.cs.toronto.edu/~kriz/cifar.html): each file
// is a sequence of records of one label byte (0–9) and 3072 pixel bytes, the 1024 red
// values of the 32×32 image row-major, then the 1024 green, then the 1024 blue.
const (
	cifarChannels = 3
	cifarSide     = 32
	cifarPixels   = cifarChannels * cifarSide * cifarSide // 3072
	cifarRecord   = 1 + cifarPixels                       // 3073
	// maxCIFARRecords bounds the records of one file: the canonical files hold
	// 10 000 each; a longer file is refused before it is held in memory.
	maxCIFARRecords = 10_000
)

// CIFAR10URL is where the binary version of CIFAR-10 is published (Krizhevsky,
// "Learning Multiple Layers of Features from Tiny Images", 2009): a gzipped tar of the
// directory cifar-10-batches-bin, 170 052 171 bytes.
const CIFAR10URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"

// CIFAR10Env is the environment variable [ReadCIFAR10] consults when its directory
// argument is empty.
const CIFAR10Env = "SKGO_CIFAR10"

// The archive FetchCIFAR10 downloads: its name, size and SHA-256 (the MD5 the
// authors publish is c32a1d4ab5d03f1284b67883e8d87530). Variables, not constants, so
// that the package's tests can serve a small synthetic archive.
var (
	cifarArchive       = "cifar-10-binary.tar.gz"
	cifarArchiveSize   = int64(170_052_171)
	cifarArchiveSHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"
)

// cifarSubdir is the directory the archive unpacks into.
const cifarSubdir = "cifar-10-batches-bin"

// CIFAR10Classes are the names of CIFAR-10's labels 0–9 (batches.meta.txt).
var CIFAR10Classes = []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}

// cifarTrainFiles and cifarTestFile are the canonical file names.
var (
	cifarTrainFiles = []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"}
	cifarTestFile   = "test_batch.bin"
)

// Images is a set of labelled images kept as bytes, the compact form of an image data
// set: CIFAR-10's 50 000 training images take 150 MiB here, against 1.2 GiB as
// float64 rows. Image i is Pix[i·C·H·W : (i+1)·C·H·W], channel-major (the C planes of
// H×W row-major values, PyTorch's C×H×W layout), with label Labels[i].
type Images struct {
	Pix         []uint8
	Labels      []uint8
	C, H, W     int
	ClassNames  []string // ClassNames[k] names label k
	Description string
}

// Len returns the number of images.
func (im *Images) Len() int { return len(im.Labels) }

// Size returns the values per image, C·H·W.
func (im *Images) Size() int { return im.C * im.H * im.W }

// Dataset returns the images as a *Dataset for the estimators: X is n×(C·H·W) with
// the raw values 0–255 as float64 (row i is image i flattened channel-major, which is
// what nn.NetClassifier{InputShape: []int{C, H, W}} expects), Y the labels, and
// FeatureNames "c_r_col". It copies; for CIFAR-10's training set X takes 1.2 GiB.
func (im *Images) Dataset() *Dataset {
	n, p := im.Len(), im.Size()
	x := make([]float64, n*p)
	for i, v := range im.Pix[:n*p] {
		x[i] = float64(v)
	}
	y := make([]float64, n)
	for i, l := range im.Labels {
		y[i] = float64(l)
	}
	names := make([]string, p)
	for j := range names {
		c, r := j/(im.H*im.W), j%(im.H*im.W)
		names[j] = fmt.Sprintf("%d_%d_%d", c, r/im.W, r%im.W)
	}
	return &Dataset{X: mat.NewDense(n, p, x), Y: y, FeatureNames: names, TargetName: "label",
		TargetNames: append([]string(nil), im.ClassNames...), Description: im.Description}
}

// ReadCIFAR10Batch reads one file of CIFAR-10's binary format (data_batch_1.bin …
// test_batch.bin): records of one label byte and 3072 pixel bytes (a 3×32×32 image,
// the red, green and blue planes in turn, each row-major). A gzipped stream is
// detected from its header and decompressed.
//
// An empty stream, a length that is not a whole number of records (a truncated
// file), a label above 9, or more than 10 000 records (the canonical files hold
// exactly 10 000) give an error wrapping estimator.ErrInvalidData. The stream is read
// record by record and never past 10 000 records plus one byte, so memory stays
// bounded by what a canonical file needs.
func ReadCIFAR10Batch(r io.Reader) (*Images, error) {
	const where = "datasets.ReadCIFAR10Batch"
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", where, fmt.Sprintf(format, args...), estimator.ErrInvalidData)
	}
	zr, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	im := &Images{C: cifarChannels, H: cifarSide, W: cifarSide, ClassNames: append([]string(nil), CIFAR10Classes...)}
	var rec [cifarRecord]byte
	for {
		k, err := io.ReadFull(br, rec[:])
		if err == io.EOF {
			break
		}
		n := len(im.Labels)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, bad("truncated record %d: %d of %d bytes (the file's length is not a multiple of %d)", n, k, cifarRecord, cifarRecord)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", where, n, err)
		}
		if n == maxCIFARRecords {
			return nil, bad("more than %d records", maxCIFARRecords)
		}
		if rec[0] > 9 {
			return nil, bad("record %d: label %d, want 0–9", n, rec[0])
		}
		if im.Pix == nil {
			im.Pix = make([]uint8, 0, 256*cifarPixels)
		}
		im.Labels = append(im.Labels, rec[0])
		im.Pix = append(im.Pix, rec[1:]...)
	}
	if len(im.Labels) == 0 {
		return nil, bad("no records")
	}
	im.Description = fmt.Sprintf("%d CIFAR-10 images, 3×32×32, values 0–255", len(im.Labels))
	return im, nil
}

// CIFAR10Dir resolves where CIFAR-10 is read from: dir when it is not empty, else
// $SKGO_CIFAR10 when set, else FetchCIFAR10's cache (os.UserCacheDir()/skgo/cifar10).
// When the chosen directory holds a cifar-10-batches-bin subdirectory (as the archive
// unpacks), that subdirectory is returned. It does not check that the files exist.
func CIFAR10Dir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv(CIFAR10Env)
	}
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("datasets.CIFAR10Dir: no directory given, $%s unset and no cache directory: %w", CIFAR10Env, err)
		}
		dir = filepath.Join(cache, "skgo", "cifar10")
	}
	if fi, err := os.Stat(filepath.Join(dir, cifarSubdir)); err == nil && fi.IsDir() {
		dir = filepath.Join(dir, cifarSubdir)
	}
	return dir, nil
}

// ReadCIFAR10 reads CIFAR-10's binary version from dir: the training set from
// data_batch_1.bin … data_batch_5.bin (50 000 images) and the test set from
// test_batch.bin (10 000), each file as [ReadCIFAR10Batch] reads it (so smaller files
// in the same format work too). It is the reader behind torchvision.datasets.CIFAR10,
// for the binary rather than the pickled files.
//
// dir is resolved by [CIFAR10Dir]: empty means $SKGO_CIFAR10, else FetchCIFAR10's
// cache, and a cifar-10-batches-bin subdirectory is entered. A missing file gives an
// error wrapping os.ErrNotExist that says where to get the data; corrupt files give
// errors wrapping estimator.ErrInvalidData that name the file.
func ReadCIFAR10(dir string) (train, test *Images, err error) {
	const where = "datasets.ReadCIFAR10"
	dir, err = CIFAR10Dir(dir)
	if err != nil {
		return nil, nil, err
	}
	read := func(name string) (*Images, error) {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no CIFAR-10 data in %s (%s is missing): download and unpack %s there, or point -data or $%s at its cifar-10-batches-bin directory: %w",
				where, dir, name, CIFAR10URL, CIFAR10Env, err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		defer f.Close()
		im, err := ReadCIFAR10Batch(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", where, path, err)
		}
		return im, nil
	}
	train = &Images{C: cifarChannels, H: cifarSide, W: cifarSide, ClassNames: append([]string(nil), CIFAR10Classes...)}
	for _, name := range cifarTrainFiles {
		im, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		if train.Pix == nil {
			train.Pix = make([]uint8, 0, len(cifarTrainFiles)*len(im.Pix))
			train.Labels = make([]uint8, 0, len(cifarTrainFiles)*len(im.Labels))
		}
		train.Pix = append(train.Pix, im.Pix...)
		train.Labels = append(train.Labels, im.Labels...)
	}
	if test, err = read(cifarTestFile); err != nil {
		return nil, nil, err
	}
	train.Description = fmt.Sprintf("CIFAR-10 (Krizhevsky 2009), training set, %d images 3×32×32, values 0–255, from %s", train.Len(), dir)
	test.Description = fmt.Sprintf("CIFAR-10 (Krizhevsky 2009), test set, %d images 3×32×32, values 0–255, from %s", test.Len(), dir)
	return train, test, nil
}

// FetchCIFAR10 makes sure CIFAR-10's binary files are in opt.Dir (empty means
// os.UserCacheDir()/skgo/cifar10, where [ReadCIFAR10] looks by default), downloading
// the archive from opt.BaseURL (empty means the authors' site, the directory of
// [CIFAR10URL]) when they are missing, and returns the directory of the six .bin
// files, ready for ReadCIFAR10.
//
// The archive is downloaded as FetchMNIST downloads its files: at most its known
// size (170 052 171 bytes) is written, its SHA-256 is checked (errors.Is(err,
// ErrChecksum) otherwise), and it is renamed into place only once verified. Only the
// six expected regular files of cifar-10-batches-bin are then unpacked (each at most
// one canonical file's size, through a temporary file and a rename); every other
// entry of the archive is skipped, so no path from the archive is ever created.
// Unpacked files that are already present are kept; the archive is deleted once they
// are all in place.
func FetchCIFAR10(ctx context.Context, opt FetchOptions) (string, error) {
	const where = "datasets.FetchCIFAR10"
	root := opt.Dir
	if root == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("%s: no cache directory (set FetchOptions.Dir): %w", where, err)
		}
		root = filepath.Join(cache, "skgo", "cifar10")
	}
	out := filepath.Join(root, cifarSubdir)
	names := append(append([]string(nil), cifarTrainFiles...), cifarTestFile)
	complete := func() bool {
		for _, name := range names {
			fi, err := os.Stat(filepath.Join(out, name))
			if err != nil || fi.Size() == 0 || fi.Size()%cifarRecord != 0 || fi.Size() > maxCIFARRecords*cifarRecord {
				return false
			}
		}
		return true
	}
	if complete() {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%s: present\n", out)
		}
		return out, nil
	}
	base := opt.BaseURL
	if base == "" {
		base = CIFAR10URL[:strings.LastIndex(CIFAR10URL, "/")+1]
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	client := opt.Client
	if client == nil {
		client = http.DefaultClient
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	archive := filepath.Join(root, cifarArchive)
	if fi, err := os.Stat(archive); err == nil && fi.Size() == cifarArchiveSize {
		if got, err := fileSHA256(archive); err != nil || got != cifarArchiveSHA256 {
			os.Remove(archive)
		}
	}
	if _, err := os.Stat(archive); err != nil {
		if err := download(ctx, client, base+cifarArchive, archive, cifarArchiveSHA256, cifarArchiveSize, opt.Progress); err != nil {
			return "", fmt.Errorf("%s: %s: %w", where, cifarArchive, err)
		}
	}
	if err := unpackCIFAR(ctx, archive, out, names); err != nil {
		return "", fmt.Errorf("%s: %s: %w", where, archive, err)
	}
	if !complete() {
		return "", fmt.Errorf("%s: %s does not hold the six CIFAR-10 batch files: %w", where, archive, estimator.ErrInvalidData)
	}
	os.Remove(archive)
	return out, nil
}

// unpackCIFAR extracts the regular files cifar-10-batches-bin/NAME for NAME in names
// from the gzipped tar at archive into out, each bounded to one canonical file's
// size, through temporary files renamed into place.
func unpackCIFAR(ctx context.Context, archive, out string, names []string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("gzip: %w: %w", err, estimator.ErrInvalidData)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[cifarSubdir+"/"+n] = true
	}
	tr := tar.NewReader(zr)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("tar: %w: %w", err, estimator.ErrInvalidData)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if !want[name] || h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size <= 0 || h.Size > maxCIFARRecords*cifarRecord || h.Size%cifarRecord != 0 {
			return fmt.Errorf("%s has %d bytes, not a whole number of records up to %d: %w", name, h.Size, maxCIFARRecords*cifarRecord, estimator.ErrInvalidData)
		}
		if err := writeBounded(tr, filepath.Join(out, filepath.Base(name)), h.Size); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
}

// writeBounded copies exactly size bytes from r to path via a temporary file.
func writeBounded(r io.Reader, path string, size int64) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if tmp != nil {
			tmp.Close()
		}
		if err != nil {
			os.Remove(name)
		}
	}()
	n, err := io.Copy(tmp, io.LimitReader(r, size))
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("truncated: %d of %d bytes: %w", n, size, estimator.ErrInvalidData)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	tmp = nil
	return os.Rename(name, path)
}
