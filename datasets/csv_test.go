package datasets_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestReadCSV(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name     string
		in       string
		opt      datasets.CSVOptions
		x        [][]float64
		y        []float64
		features []string
		target   string
	}{
		{
			name: "header, last column is the target",
			in:   "a,b,c\n1,2,3\n4,5,6\n",
			x:    [][]float64{{1, 2}, {4, 5}}, y: []float64{3, 6},
			features: []string{"a", "b"}, target: "c",
		},
		{
			name: "target by name, spaces trimmed, CRLF, BOM",
			in:   "\uFEFF a , b ,c\r\n 1 , 2 ,3\r\n4,5,6\r\n",
			opt:  datasets.CSVOptions{Target: "a"},
			x:    [][]float64{{2, 3}, {5, 6}}, y: []float64{1, 4},
			features: []string{"b", "c"}, target: "a",
		},
		{
			name: "target by 1-based column",
			in:   "a,b,c\n1,2,3\n",
			opt:  datasets.CSVOptions{TargetCol: 2},
			x:    [][]float64{{1, 3}}, y: []float64{2},
			features: []string{"a", "c"}, target: "b",
		},
		{
			name: "target counted from the end",
			in:   "a,b,c\n1,2,3\n",
			opt:  datasets.CSVOptions{TargetCol: -3},
			x:    [][]float64{{2, 3}}, y: []float64{1},
			features: []string{"b", "c"}, target: "a",
		},
		{
			name: "no header, semicolons",
			in:   "1;2;3\n4;5;6\n",
			opt:  datasets.CSVOptions{NoHeader: true, Comma: ';'},
			x:    [][]float64{{1, 2}, {4, 5}}, y: []float64{3, 6},
			features: []string{"x0", "x1"}, target: "y",
		},
		{
			name:     "no target",
			in:       "a\tb\n1\t2\n",
			opt:      datasets.CSVOptions{NoTarget: true, Comma: '\t'},
			x:        [][]float64{{1, 2}},
			features: []string{"a", "b"},
		},
		{
			name: "default missing tokens",
			in:   "a,b,c,d,y\n,NA,NaN,?,1\n1e3,-2.5,+3,0x1p-1,2\n",
			x:    [][]float64{{nan, nan, nan, nan}, {1000, -2.5, 3, 0.5}}, y: []float64{1, 2},
			features: []string{"a", "b", "c", "d"}, target: "y",
		},
		{
			name: "custom missing tokens, quoted fields",
			in:   "\"a,1\",b,y\n-,\"7\",1\n",
			opt:  datasets.CSVOptions{Missing: []string{"-"}},
			x:    [][]float64{{nan, 7}}, y: []float64{1},
			features: []string{"a,1", "b"}, target: "y",
		},
		{
			name: "empty header names filled in, blank lines skipped",
			in:   ",b,\n\n1,2,3\n\n",
			x:    [][]float64{{1, 2}}, y: []float64{3},
			features: []string{"x0", "b"}, target: "x2",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := datasets.ReadCSV(strings.NewReader(tc.in), tc.opt)
			require.NoError(t, err)
			n, p := ds.X.Dims()
			require.Equal(t, len(tc.x), n)
			require.Equal(t, len(tc.x[0]), p)
			for i, row := range tc.x {
				for j, want := range row {
					got := ds.X.At(i, j)
					if math.IsNaN(want) {
						assert.True(t, math.IsNaN(got), "X[%d,%d] = %v, want NaN", i, j, got)
					} else {
						assert.Equal(t, want, got, "X[%d,%d]", i, j)
					}
				}
			}
			assert.Equal(t, tc.y, ds.Y)
			assert.Equal(t, tc.features, ds.FeatureNames)
			assert.Equal(t, tc.target, ds.TargetName)
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		opt     datasets.CSVOptions
		want    error
		message []string // substrings of the error
	}{
		{"empty input", "", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"empty input"}},
		{"only blank lines", "\n\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"empty input"}},
		{"header only", "a,b\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"no data rows"}},
		{"non-numeric cell", "a,b,y\n1,2,3\n4,red,6\n", datasets.CSVOptions{}, estimator.ErrInvalidData,
			[]string{"line 3", "column 2", `"b"`, `"red"`, "preprocess.NewFrame"}},
		{"non-numeric target", "a,y\n1,yes\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"line 2", "column 2"}},
		{"missing target", "a,y\n1,2\n3,NA\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"line 3", "missing target"}},
		{"NaN target without missing tokens", "a,y\n1,NaN\n", datasets.CSVOptions{Missing: []string{}}, estimator.ErrInvalidData,
			[]string{"missing target"}},
		{"NA not missing when tokens are empty", "a,y\nNA,1\n", datasets.CSVOptions{Missing: []string{}}, estimator.ErrInvalidData,
			[]string{"cannot parse"}},
		{"ragged row", "a,b,y\n1,2,3\n4,5\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"line 3 has 2 fields, want 3"}},
		{"long row", "a,y\n1,2\n4,5,6\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"line 3 has 3 fields, want 2"}},
		{"out of range", "a,y\n1e999,1\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"out of float64 range"}},
		{"bad quoting", "a,y\n\"1,2\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"line"}},
		{"duplicate names", "a,a,y\n1,2,3\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{`named "a"`}},
		{"single column with target", "y\n1\n", datasets.CSVOptions{}, estimator.ErrInvalidData, []string{"2 columns"}},
		{"unknown target", "a,b\n1,2\n", datasets.CSVOptions{Target: "c"}, estimator.ErrInvalidParam, []string{"Target"}},
		{"target column out of range", "a,b\n1,2\n", datasets.CSVOptions{TargetCol: 3}, estimator.ErrInvalidParam, []string{"TargetCol"}},
		{"target column out of range from the end", "a,b\n1,2\n", datasets.CSVOptions{TargetCol: -3}, estimator.ErrInvalidParam, nil},
		{"target name without header", "1,2\n", datasets.CSVOptions{NoHeader: true, Target: "a"}, estimator.ErrInvalidParam, nil},
		{"target and NoTarget", "a,b\n1,2\n", datasets.CSVOptions{NoTarget: true, TargetCol: 1}, estimator.ErrInvalidParam, nil},
		{"Target and TargetCol", "a,b\n1,2\n", datasets.CSVOptions{Target: "a", TargetCol: 1}, estimator.ErrInvalidParam, nil},
		{"bad comma", "a,b\n1,2\n", datasets.CSVOptions{Comma: '"'}, estimator.ErrInvalidParam, nil},
		{"missing token with delimiter", "a,b\n1,2\n", datasets.CSVOptions{Missing: []string{"a,b"}}, estimator.ErrInvalidParam, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := datasets.ReadCSV(strings.NewReader(tc.in), tc.opt)
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), "datasets.ReadCSV")
			for _, m := range tc.message {
				assert.Contains(t, err.Error(), m)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadCSVReaderError(t *testing.T) {
	_, err := datasets.ReadCSV(failingReader{}, datasets.CSVOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk on fire")
}

func TestReadCSVFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "d.csv")
	require.NoError(t, os.WriteFile(plain, []byte("a,y\n1,2\n3,4\n"), 0o644))
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte("a,y\n1,2\n3,4\n"))
	require.NoError(t, zw.Close())
	gz := filepath.Join(dir, "d.csv.gz")
	require.NoError(t, os.WriteFile(gz, buf.Bytes(), 0o644))

	for _, path := range []string{plain, gz} {
		ds, err := datasets.ReadCSVFile(path, datasets.CSVOptions{})
		require.NoError(t, err, path)
		assert.Equal(t, []float64{1, 3}, mat.Col(nil, 0, ds.X))
		assert.Equal(t, []float64{2, 4}, ds.Y)
		assert.Contains(t, ds.Description, path)
	}
	_, err := datasets.ReadCSVFile(filepath.Join(dir, "nope.csv"), datasets.CSVOptions{})
	assert.ErrorIs(t, err, os.ErrNotExist)

	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("a,y\nx,1\n"), 0o644))
	_, err = datasets.ReadCSVFile(bad, datasets.CSVOptions{})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), bad)
}

// TestReadCSVBostonRoundTrip reads the embedded Boston CSV body (header row onwards)
// with ReadCSV and compares with the Boston loader.
func TestReadCSVBostonRoundTrip(t *testing.T) {
	b, err := os.ReadFile("data/boston_house_prices.csv")
	require.NoError(t, err)
	_, body, _ := bytes.Cut(b, []byte("\n")) // drop scikit-learn's "n_samples,n_features" line
	ds, err := datasets.ReadCSV(bytes.NewReader(body), datasets.CSVOptions{Target: "MEDV"})
	require.NoError(t, err)
	want := datasets.Boston()
	assert.True(t, mat.Equal(want.X, ds.X))
	assert.Equal(t, want.Y, ds.Y)
	assert.Equal(t, want.FeatureNames, ds.FeatureNames)
}

// FuzzReadCSV checks that ReadCSV never panics and that what it returns is coherent.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,y\n1,2,3\n4,5,6\n",
		"a,y\nNA,1\n?,2\n,3\n",
		"1;2\n3;4\n",
		"\"q\"\"x\",y\n1,2\n",
		"a,y\n1\n",
		"",
		"\uFEFFa,b\r\n1e308,-0x1p-3\r\n",
	} {
		f.Add([]byte(s), false, int8(0), false)
	}
	f.Add([]byte("1;2\n3;4\n"), true, int8(1), false)
	f.Add([]byte("1,2\n3,4\n"), true, int8(0), true)
	f.Fuzz(func(t *testing.T, data []byte, noHeader bool, targetCol int8, noTarget bool) {
		opt := datasets.CSVOptions{NoHeader: noHeader, TargetCol: int(targetCol), NoTarget: noTarget}
		if noTarget {
			opt.TargetCol = 0
		}
		if len(data) > 0 && data[0] == ';' {
			opt.Comma = ';'
		}
		ds, err := datasets.ReadCSV(bytes.NewReader(data), opt)
		if err != nil {
			if ds != nil {
				t.Fatal("non-nil data set with an error")
			}
			return
		}
		n, p := ds.X.Dims()
		if n < 1 || len(ds.FeatureNames) != p {
			t.Fatalf("dims %d×%d with %d names", n, p, len(ds.FeatureNames))
		}
		if noTarget != (ds.Y == nil) || (ds.Y != nil && len(ds.Y) != n) {
			t.Fatalf("Y has %d values for %d rows (NoTarget %v)", len(ds.Y), n, noTarget)
		}
		for _, v := range ds.Y {
			if math.IsNaN(v) {
				t.Fatal("NaN target")
			}
		}
		if df := ds.Frame(); df.Err == nil {
			if r, c := df.Dims(); r != n || c != p+len(ds.Y)/max(n, 1) {
				t.Fatalf("frame %d×%d for %d×%d", r, c, n, p)
			}
		}
	})
}

// endless repeats pattern forever.
type endless struct {
	pattern []byte
	off     int
	read    int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], e.pattern[e.off:])
		e.off = (e.off + k) % len(e.pattern)
		n += k
	}
	e.read += int64(n)
	return n, nil
}

// TestReadCSVBounds: an endless line or an endless file fails with little memory
// instead of being buffered (ReadCSVFile decompresses gzip, so a small file can
// inflate to gigabytes).
func TestReadCSVBounds(t *testing.T) {
	for name, tc := range map[string]struct {
		r    io.Reader
		opt  datasets.CSVOptions
		msg  string
		most int64 // bytes the reader may be asked for
	}{
		"endless line":        {&endless{pattern: []byte("1234567890123456789,")}, datasets.CSVOptions{NoHeader: true}, "a line is longer than 4194304 bytes", 5 << 20},
		"endless header":      {&endless{pattern: []byte("a_long_column_name_x,")}, datasets.CSVOptions{}, "a line is longer than", 5 << 20},
		"endless quoted cell": {io.MultiReader(strings.NewReader(`"`), &endless{pattern: []byte(strings.Repeat("x", 4096))}), datasets.CSVOptions{}, "a line is longer than", 5 << 20},
		"long line mid-chunk": {io.MultiReader(strings.NewReader("a,b\n1,2\n"), strings.NewReader(strings.Repeat("3", 5<<20)+"\n1,2\n")),
			datasets.CSVOptions{}, "a line is longer than", 20 << 20},
		"endless rows": {&endless{pattern: []byte("1,2,3\n")}, datasets.CSVOptions{NoHeader: true, MaxCells: 3000}, "more than 3000 cells", 1 << 20},
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			ds, err := datasets.ReadCSV(tc.r, tc.opt)
			runtime.ReadMemStats(&after)
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.ErrorIs(t, err, estimator.ErrInvalidData)
			assert.Contains(t, err.Error(), tc.msg)
			if e, ok := tc.r.(*endless); ok {
				assert.LessOrEqual(t, e.read, tc.most)
			}
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(400<<20))
		})
	}
	// Exactly at the cell limit is fine.
	ds, err := datasets.ReadCSV(strings.NewReader("1,2\n3,4\n"), datasets.CSVOptions{NoHeader: true, MaxCells: 4})
	require.NoError(t, err)
	assert.Equal(t, []float64{2, 4}, ds.Y)
	_, err = datasets.ReadCSV(strings.NewReader("1,2\n3,4\n"), datasets.CSVOptions{NoHeader: true, MaxCells: -1})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
}
