package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/skgo/skgo/estimator"
	"gonum.org/v1/gonum/mat"
)

// IDX magic numbers (http://yann.lecun.com/exdb/mnist/): unsigned bytes, 3 dimensions
// for images and 1 for labels.
const (
	idxImagesMagic = 2051 // 0x00000803
	idxLabelsMagic = 2049 // 0x00000801
)

// Bounds on what ReadMNIST accepts from an IDX header, so that a hostile or corrupt
// file (a gzip bomb claiming billions of images) is refused before anything is read.
// MNIST-like data sets are far below them: MNIST has 60 000 images of 784 pixels,
// EMNIST ByClass 697 932.
const (
	maxIDXImages     = 1_000_000 // images (and labels) in one file
	maxIDXImageCells = 10_000    // rows×cols of one image
	maxIDXPixels     = 1 << 30   // images×rows×cols: 8 GiB as float64
)

// ReadMNIST reads a pair of IDX files in the MNIST format (also used by
// Fashion-MNIST and KMNIST): images (magic 2051, then the image count, rows and
// columns as big-endian uint32, then one unsigned byte per pixel, row-major) and labels
// (magic 2049, the count, one byte per label). Either stream may be gzip-compressed;
// that is detected from its 0x1f 0x8b header. Nothing in torchvision or scikit-learn
// has this exact signature; it is the reader behind torchvision.datasets.MNIST.
//
// X is n×(rows·cols) (n×784 for MNIST), each row one image flattened row-major, with
// the raw pixel values 0–255 as float64: scale them yourself (divide by 255, or use
// preprocess.MinMaxScaler). Y holds the labels (the digits 0–9 for MNIST), TargetNames
// "0", "1", … up to the largest label, FeatureNames "pixel_r_c" as Digits does.
//
// Bad magic numbers, zero dimensions, different counts in the two files, truncated or
// trailing data all return errors wrapping estimator.ErrInvalidData, and so do headers
// beyond ReadMNIST's bounds: more than 1 000 000 images, more than 10 000 pixels per
// image, or more than 2³⁰ pixels in all. Streams are read incrementally and never
// past what the header announces (plus one byte, to detect trailing data), so a gzip
// bomb fails as soon as it inflates past that; memory grows with the data actually
// read, up to what the header announces, never with a count alone.
func ReadMNIST(images, labels io.Reader) (*Dataset, error) {
	const where = "datasets.ReadMNIST"
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", where, fmt.Sprintf(format, args...), estimator.ErrInvalidData)
	}
	ir, err := maybeGunzip(images)
	if err != nil {
		return nil, fmt.Errorf("%s: images: %w", where, err)
	}
	lr, err := maybeGunzip(labels)
	if err != nil {
		return nil, fmt.Errorf("%s: labels: %w", where, err)
	}

	var lh [2]uint32
	if err := readHeader(lr, lh[:]); err != nil {
		return nil, bad("labels: %v", err)
	}
	if lh[0] != idxLabelsMagic {
		return nil, bad("labels: magic number %d, want %d (an IDX label file)%s", lh[0], idxLabelsMagic, magicHint(lh[0]))
	}
	var ih [4]uint32
	if err := readHeader(ir, ih[:]); err != nil {
		return nil, bad("images: %v", err)
	}
	if ih[0] != idxImagesMagic {
		return nil, bad("images: magic number %d, want %d (an IDX image file)%s", ih[0], idxImagesMagic, magicHint(ih[0]))
	}
	n, rows, cols := uint64(ih[1]), uint64(ih[2]), uint64(ih[3])
	if n != uint64(lh[1]) {
		return nil, bad("%d images but %d labels", n, lh[1])
	}
	if n == 0 {
		return nil, bad("no images")
	}
	if n > maxIDXImages {
		return nil, bad("%d images, more than the %d ReadMNIST accepts", n, maxIDXImages)
	}
	if rows == 0 || cols == 0 || rows*cols > maxIDXImageCells {
		return nil, bad("images: bad image size %d×%d (at most %d pixels per image)", rows, cols, maxIDXImageCells)
	}
	p := rows * cols
	if n*p > maxIDXPixels {
		return nil, bad("images: %d images of %d pixels, more than the %d pixels ReadMNIST accepts", n, p, maxIDXPixels)
	}

	lab, err := readExactly(lr, n)
	if err != nil {
		return nil, bad("labels: %v", err)
	}
	x, err := readPixels(ir, int(n*p))
	if err != nil {
		return nil, bad("images: %v", err)
	}
	y := make([]float64, n)
	maxLabel := 0
	for i, b := range lab {
		y[i] = float64(b)
		maxLabel = max(maxLabel, int(b))
	}
	names := make([]string, p)
	for j := range names {
		names[j] = fmt.Sprintf("pixel_%d_%d", uint64(j)/cols, uint64(j)%cols)
	}
	classes := make([]string, maxLabel+1)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	return &Dataset{X: mat.NewDense(int(n), int(p), x), Y: y, FeatureNames: names, TargetName: "label",
		TargetNames: classes, Description: fmt.Sprintf("IDX images %d×%d (MNIST format), pixels 0–255", rows, cols)}, nil
}

// readHeader reads len(dst) big-endian uint32s.
func readHeader(r io.Reader, dst []uint32) error {
	if err := binary.Read(r, binary.BigEndian, dst); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("truncated header (want %d bytes)", 4*len(dst))
		}
		return err
	}
	return nil
}

// readExactly reads n bytes and checks that nothing follows. The buffer grows with the
// data read, so a header claiming billions of items cannot exhaust memory by itself.
func readExactly(r io.Reader, n uint64) ([]byte, error) {
	var buf bytes.Buffer
	const prealloc = 1 << 20
	buf.Grow(int(min(n, prealloc)))
	got, err := io.Copy(&buf, io.LimitReader(r, int64(min(n, 1<<62))))
	if err != nil {
		return nil, err
	}
	if uint64(got) < n {
		return nil, fmt.Errorf("truncated data: %d of %d bytes", got, n)
	}
	if err := checkEnd(r, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readPixels reads n bytes in chunks, converting them to float64 as they come, and
// checks that nothing follows. The result grows with the data read (at most doubling,
// and never beyond n values), so memory is bounded by both the header's count and
// what the stream delivers, and no byte copy of the data is kept.
func readPixels(r io.Reader, n int) ([]float64, error) {
	const chunk = 1 << 16
	buf := make([]byte, min(n, chunk))
	x := make([]float64, 0, min(n, 1<<20))
	for len(x) < n {
		k, err := io.ReadFull(r, buf[:min(n-len(x), len(buf))])
		if len(x)+k > cap(x) {
			grown := make([]float64, len(x), min(n, max(2*cap(x), len(x)+k)))
			copy(grown, x)
			x = grown
		}
		m := len(x)
		x = x[:m+k]
		for i, b := range buf[:k] {
			x[m+i] = float64(b)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated data: %d of %d bytes", len(x), n)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := checkEnd(r, uint64(n)); err != nil {
		return nil, err
	}
	return x, nil
}

// checkEnd reports data after the n bytes already read from r.
func checkEnd(r io.Reader, n uint64) error {
	var one [1]byte
	if k, err := io.ReadFull(r, one[:]); k > 0 {
		return fmt.Errorf("trailing data after %d bytes", n)
	} else if err != nil && err != io.EOF {
		return err
	}
	return nil
}

// magicHint explains a magic number that belongs to the other kind of IDX file.
func magicHint(m uint32) string {
	switch m {
	case idxImagesMagic:
		return "; this is an image file: are images and labels swapped?"
	case idxLabelsMagic:
		return "; this is a label file: are images and labels swapped?"
	}
	return ""
}

// maybeGunzip returns a reader that decompresses r when it starts with the gzip header
// 0x1f 0x8b, and r's bytes unchanged otherwise.
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w: %w", err, estimator.ErrInvalidData)
		}
		return zr, nil
	}
	return br, nil
}

// mnistFile returns the canonical file name of an MNIST part: "train" or "t10k",
// "images" or "labels".
func mnistFile(train, images bool) string {
	prefix := "t10k"
	if train {
		prefix = "train"
	}
	if images {
		return prefix + "-images-idx3-ubyte"
	}
	return prefix + "-labels-idx1-ubyte"
}

// LoadMNIST reads the MNIST training set (60 000 images, train true) or test set
// (10 000, train false) from dir, which holds the canonical files
// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte, each gzipped (with ".gz", as downloaded, and as FetchMNIST
// leaves them) or not. See ReadMNIST for the layout of the returned data set.
func LoadMNIST(dir string, train bool) (*Dataset, error) {
	open := func(images bool) (*os.File, error) {
		base := filepath.Join(dir, mnistFile(train, images))
		f, err := os.Open(base + ".gz")
		if errors.Is(err, os.ErrNotExist) {
			f, err = os.Open(base)
		}
		if err != nil {
			return nil, fmt.Errorf("datasets.LoadMNIST: %w", err)
		}
		return f, nil
	}
	img, err := open(true)
	if err != nil {
		return nil, err
	}
	defer img.Close()
	lab, err := open(false)
	if err != nil {
		return nil, err
	}
	defer lab.Close()
	ds, err := ReadMNIST(img, lab)
	if err != nil {
		return nil, fmt.Errorf("%s, %s: %w", img.Name(), lab.Name(), err)
	}
	part := "test"
	if train {
		part = "training"
	}
	ds.Description = "MNIST handwritten digits (LeCun, Cortes & Burges; CC BY-SA 3.0), " + part +
		" set, 28×28 pixels 0–255, from " + dir
	return ds, nil
}
