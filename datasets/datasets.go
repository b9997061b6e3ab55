package datasets

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

//go:embed data/*.csv data/*.csv.gz
var files embed.FS

// Dataset is a table of features and a target, scikit-learn's Bunch(data, target,
// feature_names, target_names, DESCR) for the loaders and (X, y) for the generators.
// Each call of a loader or generator returns fresh copies, so a caller may modify them.
type Dataset struct {
	// X holds the features, one row per sample (n×p).
	X *mat.Dense
	// Y holds the n targets: class codes 0, 1, … for classification sets, values for
	// regression sets; nil for a CSV read with NoTarget.
	Y []float64
	// FeatureNames names the p columns of X.
	FeatureNames []string
	// TargetName names Y (the target column of Frame).
	TargetName string
	// TargetNames names the classes of a classification set (Y == i is TargetNames[i]);
	// nil for regression sets.
	TargetNames []string
	// Description says where the data comes from.
	Description string
}

// Rows returns the number of samples.
func (d *Dataset) Rows() int {
	if d.X == nil {
		return 0
	}
	r, _ := d.X.Dims()
	return r
}

// Clone returns a deep copy of d.
func (d *Dataset) Clone() *Dataset {
	c := *d
	if d.X != nil {
		c.X = mat.DenseCopyOf(d.X)
	}
	c.Y = append([]float64(nil), d.Y...)
	c.FeatureNames = append([]string(nil), d.FeatureNames...)
	c.TargetNames = append([]string(nil), d.TargetNames...)
	return &c
}

// loadOnce parses an embedded data set once and hands out clones.
func loadOnce(f func() (*Dataset, error)) func() *Dataset {
	get := sync.OnceValues(f)
	return func() *Dataset {
		d, err := get()
		if err != nil {
			// The files are embedded at build time; a parse error is a build defect.
			panic("datasets: embedded data is corrupt: " + err.Error())
		}
		return d.Clone()
	}
}

func readEmbedded(name string) ([]byte, error) {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return b, nil
}

// parseSklearnCSV reads scikit-learn's bundled format: the first line is
// "n_samples,n_features,class names...", then (optionally) a header row, then rows of
// p features followed by the target.
func parseSklearnCSV(name string, header bool) (X *mat.Dense, y []float64, classes, head []string, err error) {
	b, err := readEmbedded(name)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if len(recs) < 2 {
		return nil, nil, nil, nil, fmt.Errorf("%s: too few lines", name)
	}
	n, err1 := strconv.Atoi(recs[0][0])
	p, err2 := strconv.Atoi(recs[0][1])
	if err1 != nil || err2 != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s: bad first line %q", name, recs[0])
	}
	for _, c := range recs[0][2:] {
		if c != "" {
			classes = append(classes, c)
		}
	}
	recs = recs[1:]
	if header {
		head, recs = recs[0], recs[1:]
	}
	if len(recs) != n {
		return nil, nil, nil, nil, fmt.Errorf("%s: %d rows, header says %d", name, len(recs), n)
	}
	X = mat.NewDense(n, p, nil)
	y = make([]float64, n)
	for i, rec := range recs {
		if len(rec) != p+1 {
			return nil, nil, nil, nil, fmt.Errorf("%s: line %d has %d fields, want %d", name, i+2, len(rec), p+1)
		}
		row := X.RawRowView(i)
		for j := 0; j <= p; j++ {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[j]), 64)
			if err != nil {
				return nil, nil, nil, nil, fmt.Errorf("%s: line %d: %v", name, i+2, err)
			}
			if j < p {
				row[j] = v
			} else {
				y[i] = v
			}
		}
	}
	return X, y, classes, head, nil
}

// Boston returns the Boston Housing data: 506 census tracts × 13 features (CRIM, ZN,
// INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT) and the target MEDV, the
// median home value in $1000s (Harrison & Rubinfeld, 1978).
//
// scikit-learn removed load_boston in version 1.2 because the B feature was built on
// the assumption that racial self-segregation affects house prices, and the data set
// is a poor benchmark for that reason. skgo keeps it for the classic regression
// examples that the toolkit's users know (cross-validating a linear model on Boston,
// the Knet housing MLP); prefer Diabetes or your own data for new work.
func Boston() *Dataset { return bostonData() }

var bostonData = loadOnce(func() (*Dataset, error) {
	X, y, _, head, err := parseSklearnCSV("boston_house_prices.csv", true)
	if err != nil {
		return nil, err
	}
	return &Dataset{X: X, Y: y, FeatureNames: head[:13], TargetName: head[13],
		Description: "Boston Housing (Harrison & Rubinfeld 1978), as bundled with scikit-learn < 1.2"}, nil
})

// Iris returns Fisher's iris data: 150 flowers × 4 measurements (cm) and the species
// code 0 setosa, 1 versicolor, 2 virginica (scikit-learn load_iris).
func Iris() *Dataset { return irisData() }

var irisData = loadOnce(func() (*Dataset, error) {
	X, y, classes, _, err := parseSklearnCSV("iris.csv", false)
	if err != nil {
		return nil, err
	}
	return &Dataset{X: X, Y: y, TargetNames: classes, TargetName: "species",
		FeatureNames: []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"},
		Description:  "Fisher's iris data (UCI), as bundled with scikit-learn"}, nil
})

// Wine returns the UCI wine recognition data: 178 wines × 13 chemical measurements
// and the cultivar code 0–2 (scikit-learn load_wine).
func Wine() *Dataset { return wineData() }

var wineData = loadOnce(func() (*Dataset, error) {
	X, y, classes, _, err := parseSklearnCSV("wine_data.csv", false)
	if err != nil {
		return nil, err
	}
	return &Dataset{X: X, Y: y, TargetNames: classes, TargetName: "class",
		FeatureNames: []string{"alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
			"total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
			"color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"},
		Description: "UCI wine recognition data, as bundled with scikit-learn"}, nil
})

// BreastCancer returns the Wisconsin diagnostic breast cancer data: 569 samples × 30
// features and the diagnosis 0 malignant, 1 benign (scikit-learn load_breast_cancer).
func BreastCancer() *Dataset { return breastCancerData() }

var breastCancerData = loadOnce(func() (*Dataset, error) {
	X, y, classes, _, err := parseSklearnCSV("breast_cancer.csv", false)
	if err != nil {
		return nil, err
	}
	var names []string
	// scikit-learn's names: "mean radius", …, "radius error", …, "worst radius", ….
	for _, kind := range []string{"mean", "error", "worst"} {
		for _, f := range []string{"radius", "texture", "perimeter", "area", "smoothness",
			"compactness", "concavity", "concave points", "symmetry", "fractal dimension"} {
			if kind == "error" {
				names = append(names, f+" error")
			} else {
				names = append(names, kind+" "+f)
			}
		}
	}
	return &Dataset{X: X, Y: y, TargetNames: classes, TargetName: "diagnosis", FeatureNames: names,
		Description: "Wisconsin diagnostic breast cancer (UCI), as bundled with scikit-learn"}, nil
})

// Digits returns the UCI optical handwritten digits: 1797 images of 8×8 pixels with
// values 0–16, flattened row-major into 64 features, and the digit 0–9 (scikit-learn
// load_digits).
func Digits() *Dataset { return digitsData() }

var digitsData = loadOnce(func() (*Dataset, error) {
	b, err := readEmbedded("digits.csv.gz")
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	X := mat.NewDense(len(recs), 64, nil)
	y := make([]float64, len(recs))
	for i, rec := range recs {
		if len(rec) != 65 {
			return nil, fmt.Errorf("digits: line %d has %d fields", i+1, len(rec))
		}
		for j, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("digits: line %d: %v", i+1, err)
			}
			if j < 64 {
				X.Set(i, j, v)
			} else {
				y[i] = v
			}
		}
	}
	names := make([]string, 64)
	for j := range names {
		names[j] = fmt.Sprintf("pixel_%d_%d", j/8, j%8)
	}
	classes := make([]string, 10)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	return &Dataset{X: X, Y: y, FeatureNames: names, TargetName: "digit", TargetNames: classes,
		Description: "UCI optical recognition of handwritten digits (8×8), as bundled with scikit-learn"}, nil
})

// Diabetes returns the diabetes data of Efron et al. (2004): 442 patients × 10
// baseline variables (age, sex, bmi, bp, s1–s6) and a measure of disease progression
// one year later. As scikit-learn's load_diabetes (scaled=True), each feature is
// mean-centred and scaled to unit Euclidean norm (divided by std·√n); DiabetesRaw
// returns the original values.
func Diabetes() *Dataset { return diabetesData() }

var diabetesData = loadOnce(func() (*Dataset, error) {
	d, err := loadDiabetesRaw()
	if err != nil {
		return nil, err
	}
	n, p := d.X.Dims()
	for j := 0; j < p; j++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += d.X.At(i, j)
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			v := d.X.At(i, j) - mean
			ss += v * v
		}
		norm := math.Sqrt(ss)
		for i := 0; i < n; i++ {
			d.X.Set(i, j, (d.X.At(i, j)-mean)/norm)
		}
	}
	return d, nil
})

// DiabetesRaw returns the diabetes data with the original, unscaled feature values
// (scikit-learn load_diabetes(scaled=False)).
func DiabetesRaw() *Dataset { return diabetesRawData() }

var diabetesRawData = loadOnce(loadDiabetesRaw)

func loadDiabetesRaw() (*Dataset, error) {
	xb, err := readEmbedded("diabetes_data_raw.csv.gz")
	if err != nil {
		return nil, err
	}
	yb, err := readEmbedded("diabetes_target.csv.gz")
	if err != nil {
		return nil, err
	}
	xl := strings.Split(strings.TrimSpace(string(xb)), "\n")
	yl := strings.Split(strings.TrimSpace(string(yb)), "\n")
	if len(xl) != len(yl) {
		return nil, fmt.Errorf("diabetes: %d feature rows, %d targets", len(xl), len(yl))
	}
	X := mat.NewDense(len(xl), 10, nil)
	y := make([]float64, len(yl))
	for i, line := range xl {
		f := strings.Fields(line)
		if len(f) != 10 {
			return nil, fmt.Errorf("diabetes: line %d has %d fields", i+1, len(f))
		}
		for j, s := range f {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("diabetes: line %d: %v", i+1, err)
			}
			X.Set(i, j, v)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(yl[i]), 64)
		if err != nil {
			return nil, fmt.Errorf("diabetes target line %d: %v", i+1, err)
		}
		y[i] = v
	}
	return &Dataset{X: X, Y: y, TargetName: "progression",
		FeatureNames: []string{"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"},
		Description:  "Diabetes data of Efron, Hastie, Johnstone & Tibshirani (2004), as bundled with scikit-learn"}, nil
}
