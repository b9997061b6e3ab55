package estimator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// Save writes hyperparameters and learned state; Load fills a skeleton built by the
// same code (architecture is code, state is data).
func ExampleSave() {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{1, 3, 5, 7}
	newModel := func() *pipeline.Pipeline {
		return pipeline.New(
			pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
		)
	}
	m := newModel()
	if err := estimator.SetParams(m, estimator.Params{"ridge.Alpha": 0.5}); err != nil {
		log.Fatal(err)
	}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	if err := estimator.Save(&file, m); err != nil {
		log.Fatal(err)
	}

	served := newModel() // the skeleton: types and step names only
	if err := estimator.Load(&file, served); err != nil {
		log.Fatal(err)
	}
	pred, err := served.Predict(mat.NewDense(1, 1, []float64{4}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("alpha %.1f, prediction %.3f\n", served.Step("ridge").(*linear.Ridge).Alpha, pred[0])
	// Output: alpha 0.5, prediction 8.444
}

// A model file is untrusted input: a damaged or forged file is an error wrapping
// ErrFormat, and the skeleton is left as it was.
func ExampleLoad_untrusted() {
	forged := []byte("skgo-model\n\x01\x00\x00\x00\xff\xff\xff\xff\xff\x00\x00\x00")
	r := &linear.Ridge{}
	err := estimator.Load(bytes.NewReader(forged), r)
	fmt.Println(errors.Is(err, estimator.ErrFormat))
	fmt.Println(err)
	// Output:
	// true
	// estimator.Load: payload of 1099511627775 bytes exceeds the cap of 268435456 bytes (raise it with estimator.MaxModelBytes for a trusted file): estimator: invalid model file
}

// SetParams addresses nested hyperparameters by dotted path, as scikit-learn's
// set_params does with "__".
func ExampleSetParams() {
	m := pipeline.New(
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
	err := estimator.SetParams(m, estimator.Params{"poly.Degree": 3, "ridge.Alpha": 10})
	fmt.Println(err)
	fmt.Println(m.Step("poly").(*preprocess.PolynomialFeatures).Degree, m.Step("ridge").(*linear.Ridge).Alpha)

	err = estimator.SetParams(m, estimator.Params{"ridge.Alpah": 1})
	var pe *estimator.ParamError
	fmt.Println(errors.As(err, &pe), pe.Param)
	// Output:
	// <nil>
	// 3 10
	// true ridge.Alpah
}

// Clone copies the configuration and none of the learned state (scikit-learn's clone).
func ExampleClone() {
	r := &linear.Ridge{Alpha: 2}
	if err := r.Fit(context.Background(), mat.NewDense(3, 1, []float64{1, 2, 3}), []float64{2, 4, 6}); err != nil {
		log.Fatal(err)
	}
	c := estimator.Clone(r)
	_, err := c.Predict(mat.NewDense(1, 1, []float64{4}))
	fmt.Println(c.Alpha, errors.Is(err, estimator.ErrNotFitted))
	// Output: 2 true
}

// MeanRegressor predicts the (trimmed) mean of the training targets: the smallest
// estimator that follows the whole contract. Hyperparameters are exported fields
// whose zero value is the default; learned state lives behind one unexported pointer;
// Validate bounds the settings; the state is versioned and checked on load.
type MeanRegressor struct {
	// Trim is the fraction of the smallest and of the largest targets left out of the
	// mean, in [0, 0.5). Zero means the plain mean.
	Trim float64

	fit *meanFit // nil until Fit succeeds
}

// meanFit is the learned state; its fields are exported so that gob encodes them.
type meanFit struct {
	Mean      float64
	NFeatures int
}

// Check validates decoded state (DecodeState requires it).
func (f *meanFit) Check() error {
	return estimator.FirstError(
		estimator.CheckFinite("Mean", f.Mean),
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
	)
}

const meanStateVersion = 1

var (
	_ estimator.Predictor      = (*MeanRegressor)(nil)
	_ estimator.Validator      = (*MeanRegressor)(nil)
	_ estimator.StateMarshaler = (*MeanRegressor)(nil)
)

func (m *MeanRegressor) Validate() error {
	if !(m.Trim >= 0 && m.Trim < 0.5) {
		return &estimator.ParamError{Param: "Trim", Value: m.Trim, Reason: "must be in [0, 0.5)"}
	}
	return nil
}

func (m *MeanRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("MeanRegressor: %w", err)
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("MeanRegressor: %w", err)
	}
	if y == nil {
		return fmt.Errorf("MeanRegressor: y is required: %w", estimator.ErrInvalidData)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sorted := append([]float64(nil), y...)
	for i := 1; i < len(sorted); i++ { // insertion sort keeps the example short
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	k := int(m.Trim * float64(len(sorted)))
	var sum float64
	for _, v := range sorted[k : len(sorted)-k] {
		sum += v / float64(len(sorted)-2*k) // divide first: no overflow near 1e308
	}
	_, p := x.Dims()
	m.fit = &meanFit{Mean: sum, NFeatures: p} // assigned only on success
	return nil
}

func (m *MeanRegressor) Predict(X mat.Matrix) ([]float64, error) {
	if m.fit == nil {
		return nil, fmt.Errorf("MeanRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, m.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("MeanRegressor: %w", err)
	}
	r, _ := x.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = m.fit.Mean
	}
	return out, nil
}

func (m *MeanRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(meanStateVersion, m.fit)
}

func (m *MeanRegressor) UnmarshalState(b []byte) error {
	return estimator.DecodeState(b, meanStateVersion, &m.fit)
}

func (m *MeanRegressor) String() string { return estimator.Format(m) }

// Writing your own estimator: the type above is all it takes to work with pipelines,
// cross-validation, search and Save/Load. Test it with estimatortest.Run.
func Example_writingAnEstimator() {
	m := &MeanRegressor{Trim: 0.25}
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	if err := m.Fit(context.Background(), X, []float64{1, 2, 3, 100}); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(1, 1, []float64{5}))
	fmt.Println(m, pred)

	err := (&MeanRegressor{Trim: 0.7}).Fit(context.Background(), X, []float64{1, 2, 3, 4})
	fmt.Println(err)
	// Output:
	// estimator_test.MeanRegressor{Trim: 0.25} [2.5]
	// MeanRegressor: estimator: invalid parameter "Trim" = 0.7: must be in [0, 0.5)
}
