package datasets

import (
	"fmt"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Frame returns the data set as a gota DataFrame: one series.Float column per feature,
// named by FeatureNames (or "x0", "x1", … where a name is missing), followed by the
// target as a series.Float column named TargetName (or "target" when TargetName is
// empty). Class codes stay float64 codes; TargetNames maps them to names. When Y is nil
// (an unsupervised CSV) there is no target column. The frame holds copies, so changing
// it does not change d. Errors (a target name equal to a feature name, duplicate
// feature names, Y's length differing from X's rows) are reported through the frame's
// Err field, gota's convention. This mirrors scikit-learn's as_frame=True.
//
// To feed the frame to an estimator, go through preprocess.NewFrame, for example
// preprocess.NewFrame(ds.Frame().Drop(ds.TargetName)).
func (d *Dataset) Frame() dataframe.DataFrame {
	if d == nil || d.X == nil {
		return dataframe.DataFrame{Err: fmt.Errorf("datasets.Dataset.Frame: no data")}
	}
	n, p := d.X.Dims()
	if d.Y != nil && len(d.Y) != n {
		return dataframe.DataFrame{Err: fmt.Errorf("datasets.Dataset.Frame: Y has %d values, X has %d rows", len(d.Y), n)}
	}
	seen := make(map[string]bool, p+1)
	cols := make([]series.Series, 0, p+1)
	col := make([]float64, n)
	for j := 0; j < p; j++ {
		name := "x" + strconv.Itoa(j)
		if j < len(d.FeatureNames) && d.FeatureNames[j] != "" {
			name = d.FeatureNames[j]
		}
		if seen[name] {
			return dataframe.DataFrame{Err: fmt.Errorf("datasets.Dataset.Frame: duplicate column name %q", name)}
		}
		seen[name] = true
		mat64Col(col, d, j)
		cols = append(cols, series.New(col, series.Float, name))
	}
	if d.Y != nil {
		name := d.TargetName
		if name == "" {
			name = "target"
		}
		if seen[name] {
			return dataframe.DataFrame{Err: fmt.Errorf("datasets.Dataset.Frame: target name %q is also a feature name", name)}
		}
		cols = append(cols, series.New(d.Y, series.Float, name))
	}
	return dataframe.New(cols...)
}

// mat64Col copies column j of d.X into dst.
func mat64Col(dst []float64, d *Dataset, j int) {
	for i := range dst {
		dst[i] = d.X.At(i, j)
	}
}
