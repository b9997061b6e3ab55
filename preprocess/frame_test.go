package preprocess

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
)

// mixedDF is the table of testdata/gen_frame.py: a string column with a missing cell,
// an Int column, a Float column with missing cells and a Bool column.
func mixedDF() dataframe.DataFrame {
	nan := math.NaN()
	return dataframe.New(
		series.New([]string{"London", "Paris", "Berlin", "Paris", "NaN", "London", "Berlin", "Paris"}, series.String, "city"),
		series.New([]int{3, 1, 2, 3, 1, 2, 3, 1}, series.Int, "size"),
		series.New([]float64{1.5, nan, 2.25, 3.0, 4.5, nan, 1.0, 2.0}, series.Float, "price"),
		series.New([]bool{true, false, true, true, false, false, true, false}, series.Bool, "flag"),
	)
}

func mixedFrame(t *testing.T) *Frame {
	t.Helper()
	f, err := NewFrame(mixedDF())
	require.NoError(t, err)
	return f
}

// goldenMatrix reads a golden list of rows in which null means NaN.
func goldenMatrix(t *testing.T, g *testutil.Goldens, key string) *mat.Dense {
	t.Helper()
	var rows [][]*float64
	g.Decode(key, &rows)
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				m.Set(i, j, math.NaN())
			} else {
				m.Set(i, j, *v)
			}
		}
	}
	return m
}

func goldenStrings(t *testing.T, g *testutil.Goldens, key string) []string {
	t.Helper()
	var s []string
	g.Decode(key, &s)
	return s
}

// assertMatrixNear compares matrices element-wise (NaN equals NaN) with an absolute
// tolerance.
func assertMatrixNear(t *testing.T, want, got mat.Matrix, tol float64, msg string) {
	t.Helper()
	wr, wc := want.Dims()
	gr, gc := got.Dims()
	require.Equal(t, [2]int{wr, wc}, [2]int{gr, gc}, "%s: dims", msg)
	for i := range wr {
		for j := range wc {
			a, b := want.At(i, j), got.At(i, j)
			if math.IsNaN(a) && math.IsNaN(b) {
				continue
			}
			if !(math.Abs(a-b) <= tol) {
				t.Fatalf("%s: [%d,%d] = %v, want %v", msg, i, j, b, a)
			}
		}
	}
}

func TestNewFrame(t *testing.T) {
	f := mixedFrame(t)
	r, c := f.Dims()
	assert.Equal(t, [2]int{8, 4}, [2]int{r, c})
	assert.Equal(t, []string{"city", "size", "price", "flag"}, f.Names())
	assert.Equal(t, []series.Type{series.String, series.Int, series.Float, series.Bool},
		[]series.Type{f.Kind(0), f.Kind(1), f.Kind(2), f.Kind(3)})
	assert.Equal(t, []bool{false, true, true, true}, []bool{f.IsNumeric(0), f.IsNumeric(1), f.IsNumeric(2), f.IsNumeric(3)})
	assert.True(t, math.IsNaN(f.At(0, 0)), "string cells read as NaN")
	assert.Equal(t, 3.0, f.At(0, 1))
	assert.Equal(t, 1.5, f.At(0, 2))
	assert.True(t, math.IsNaN(f.At(1, 2)), "missing float cell reads as NaN")
	assert.Equal(t, 1.0, f.At(0, 3), "true reads as 1")
	assert.Equal(t, 0.0, f.At(1, 3), "false reads as 0")
	assert.Equal(t, "", f.Strings(0)[4], "a gota NA string is the empty string")
	assert.Equal(t, []string{"3", "1", "2", "3", "1", "2", "3", "1"}, f.Strings(1))
	assert.Equal(t, []string{"1.5", "", "2.25", "3.0", "4.5", "", "1.0", "2.0"}, f.Strings(2))
	assert.Equal(t, "True", f.Strings(3)[0])
	s, err := f.StringsByName("city")
	require.NoError(t, err)
	assert.Equal(t, "London", s[0])
	_, err = f.StringsByName("nope")
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Equal(t, 2, f.Col("price"))
	assert.Equal(t, -1, f.Col("nope"))
	assert.Nil(t, f.Float(0))
	assert.Panics(t, func() { f.At(8, 0) })
	assert.Panics(t, func() { f.At(0, -1) })
	tr := f.T()
	rr, cc := tr.Dims()
	assert.Equal(t, [2]int{4, 8}, [2]int{rr, cc})
	assert.Equal(t, 1.5, tr.At(2, 0))

	// The DataFrame is not modified and comes back.
	df := f.DataFrame()
	assert.Equal(t, mixedDF().Records(), df.Records())
}

func TestNewFrameErrors(t *testing.T) {
	bad := mixedDF().Select([]string{"no such column"})
	require.Error(t, bad.Err)
	_, err := NewFrame(bad)
	assert.ErrorIs(t, err, bad.Err, "df.Err must be wrapped")
	assert.ErrorIs(t, err, estimator.ErrInvalidData)

	_, err = NewFrame(dataframe.DataFrame{})
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "empty DataFrame")
	empty := mixedDF().Subset([]int{})
	_, err = NewFrame(empty)
	assert.Error(t, err, "no rows")
}

func TestFrameCheckXyRejectsStrings(t *testing.T) {
	f := mixedFrame(t)
	_, err := estimator.CheckXy(f, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "city") // estimator.CheckX currently quotes the name twice

	num, err := f.ColumnsByName([]string{"size", "flag"})
	require.NoError(t, err)
	x, err := estimator.CheckXy(num, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{3, 1}, x.RawRowView(0))

	withNaN, err := f.ColumnsByName([]string{"price"})
	require.NoError(t, err)
	_, err = estimator.CheckX(withNaN)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"price"`)
}

func TestFrameSelectRows(t *testing.T) {
	f := mixedFrame(t)
	sub := estimator.Rows(f, []int{4, 1, 7})
	sf, ok := sub.(*Frame)
	require.True(t, ok, "a CV fold of a Frame must stay a Frame, got %T", sub)
	r, c := sf.Dims()
	assert.Equal(t, [2]int{3, 4}, [2]int{r, c})
	assert.Equal(t, f.Names(), sf.Names())
	assert.Equal(t, series.String, sf.Kind(0))
	assert.Equal(t, []string{"", "Paris", "Paris"}, sf.Strings(0))
	assert.Equal(t, 4.5, sf.At(0, 2))
	assert.True(t, math.IsNaN(sf.At(1, 2)))
	// Selecting rows of a selection composes.
	ss := sf.SelectRows([]int{2, 0}).(*Frame)
	assert.Equal(t, []string{"Paris", ""}, ss.Strings(0))
	assert.Equal(t, []float64{2, 4.5}, ss.Float(2))
	// The original is untouched and DataFrame follows the selection.
	assert.Equal(t, "London", f.Strings(0)[0])
	df := ss.DataFrame()
	assert.Equal(t, [][]string{{"city", "size", "price", "flag"}, {"Paris", "1", "2.000000", "false"}, {"NaN", "1", "4.500000", "false"}}, df.Records())
	assert.Panics(t, func() { f.SelectRows([]int{8}) })

	cols, err := ss.ColumnsByName([]string{"flag", "city"})
	require.NoError(t, err)
	assert.Equal(t, []string{"flag", "city"}, cols.Names())
	assert.Equal(t, [][]string{{"flag", "city"}, {"false", "Paris"}, {"false", "NaN"}}, cols.DataFrame().Records())
	_, err = f.ColumnsByName([]string{"city", "zip"})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"zip"`)
}

func TestAsFrame(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	f := AsFrame(X)
	assert.Equal(t, []string{"x0", "x1"}, f.Names())
	assert.Equal(t, series.Float, f.Kind(1))
	assert.True(t, mat.Equal(X, f.Dense()))
	assert.Equal(t, [][]string{{"x0", "x1"}, {"1.000000", "2.000000"}, {"3.000000", "4.000000"}}, f.DataFrame().Records())
	assert.Same(t, f, AsFrame(f))
	assert.Nil(t, AsFrame(&mat.Dense{}))
	assert.Nil(t, AsFrame(nil))
}

func TestFrameReadTable(t *testing.T) {
	_, err := frameReadTable(mat.NewDense(1, 2, []float64{1, math.Inf(1)}), true)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = frameReadTable(mat.NewDense(1, 2, []float64{1, math.NaN()}), false)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	tb, err := frameReadTable(mat.NewDense(1, 2, []float64{1, math.NaN()}), true)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(tb.num[1][0]))
	_, err = frameReadTable(nil, true)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	var nilFrame *Frame
	_, err = frameReadTable(nilFrame, true)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = estimator.CheckX(nilFrame)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Error(t, (&OneHotEncoder{}).Fit(context.Background(), nilFrame, nil))
	assert.Error(t, (&ColumnTransformer{}).Fit(context.Background(), nilFrame, nil))
	_, err = frameTableFromStrings([][]string{{"a", "b"}, {"c"}})
	assert.True(t, errors.Is(err, estimator.ErrShape))
	_, err = frameTableFromStrings(nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

func TestPyFloat(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {1, "1.0"}, {-2.5, "-2.5"}, {0.1, "0.1"},
		{1e-5, "1e-05"}, {1e-4, "0.0001"}, {123456789, "123456789.0"}, {1e16, "1e+16"},
		{1.5e300, "1.5e+300"}, {math.NaN(), "nan"}, {math.Inf(-1), "-inf"}, {2.25, "2.25"},
	} {
		assert.Equal(t, tc.want, pyFloat(tc.v), "pyFloat(%v)", tc.v)
	}
	assert.Equal(t, "3", frameFormatValue(3, series.Int))
	assert.Equal(t, "True", frameFormatValue(1, series.Bool))
	assert.Equal(t, "3.0", frameFormatValue(3, series.Float))
}

// dataframeOf builds a DataFrame with a string column "city" ("NaN" is missing) and
// an Int column "size".
func dataframeOf(city []string, size []int) dataframe.DataFrame {
	return dataframe.New(
		series.New(city, series.String, "city"),
		series.New(size, series.Int, "size"),
	)
}
