package datasets

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
)

// scikit-learn's Boston CSV has a line of counts above its header: SkipRows reads it
// as pandas' skiprows=1 does.
func TestReadCSVSkipRows(t *testing.T) {
	in := "3,2\na,b,y\n1,2,3\n4,5,6\n7,8,9\n"
	_, err := ReadCSV(strings.NewReader(in), CSVOptions{})
	require.Error(t, err, "without SkipRows the count line is the header and 'a' is not a number")
	d, err := ReadCSV(strings.NewReader(in), CSVOptions{SkipRows: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, d.FeatureNames)
	require.Equal(t, []float64{3, 6, 9}, d.Y)

	_, err = ReadCSV(strings.NewReader(in), CSVOptions{SkipRows: 9})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = ReadCSV(strings.NewReader(in), CSVOptions{SkipRows: -1})
	var pe *estimator.ParamError
	require.True(t, errors.As(err, &pe))

	if f, err := os.Open("../../shared/data/tabular/boston_house_prices.csv"); err == nil {
		defer f.Close()
		d, err := ReadCSV(f, CSVOptions{SkipRows: 1, Target: "MEDV"})
		require.NoError(t, err)
		r, c := d.X.Dims()
		require.Equal(t, [2]int{506, 13}, [2]int{r, c})
	}
}
