package calibration

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func TestConformance(t *testing.T) {
	for name, mk := range map[string]func() estimator.Estimator{
		"default": func() estimator.Estimator { return &CalibratedClassifierCV{} },
		"gnb-isotonic": func() estimator.Estimator {
			return &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, Method: MethodIsotonic}
		},
		"svc-noensemble": func() estimator.Estimator {
			return &CalibratedClassifierCV{Estimator: &svm.LinearSVC{}, NoEnsemble: true, CV: crossval.KFold{K: 3}}
		},
		"logistic-isotonic-2": func() estimator.Estimator {
			return &CalibratedClassifierCV{Estimator: logistic(), Method: MethodIsotonic, Workers: 2}
		},
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, mk) })
	}
}

// TestWorkersIdentical checks that the model does not depend on Workers.
func TestWorkersIdentical(t *testing.T) {
	X, y := standardBC(t)
	var ref *mat.Dense
	for _, w := range []int{1, 2, 5, 0} {
		m := &CalibratedClassifierCV{Estimator: &svm.LinearSVC{}, Method: MethodIsotonic, Workers: w}
		require.NoError(t, m.Fit(context.Background(), X, y))
		p, err := m.PredictProba(X)
		require.NoError(t, err)
		if ref == nil {
			ref = p
			continue
		}
		assert.True(t, mat.Equal(ref, p), "Workers %d", w)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	m := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}}
	_, err := m.PredictProba(iris.X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, m.Classes())
	assert.Nil(t, m.CalibratedClassifiers())

	// A base with neither a decision function nor PredictProba.
	knnLike := &CalibratedClassifierCV{Estimator: &noScores{}}
	err = knnLike.Fit(ctx, iris.X, iris.Y)
	var pe *estimator.ParamError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "Estimator", pe.Param)
	assert.ErrorContains(t, err, "neither a decision function")
	// A regressor is not a classifier.
	assert.ErrorIs(t, (&CalibratedClassifierCV{Estimator: &neighbors.KNeighborsRegressor{}}).Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidParam)
	for _, bad := range []*CalibratedClassifierCV{
		{Method: "platt"}, {Workers: -1}, {Prefit: true}, {CV: crossval.KFold{K: 1}},
		{Estimator: (*naivebayes.GaussianNB)(nil)}, {Estimator: &naivebayes.GaussianNB{VarSmoothing: -1}},
	} {
		err := bad.Fit(ctx, iris.X, iris.Y)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, "%v", bad)
	}
	// Nested hyperparameter errors name the path.
	err = (&CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{VarSmoothing: -1}}).Validate()
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "Estimator.VarSmoothing", pe.Param)

	// Data problems.
	nanX := mat.DenseCopyOf(iris.X)
	nanX.Set(3, 1, math.NaN())
	assert.ErrorIs(t, m.Fit(ctx, nanX, iris.Y), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.Fit(ctx, iris.X, make([]float64, 150)), estimator.ErrInvalidData, "single class")
	assert.ErrorIs(t, m.Fit(ctx, iris.X, iris.Y[:10]), estimator.ErrShape)
	assert.ErrorIs(t, m.Fit(ctx, iris.X, nil), estimator.ErrInvalidData)
	yNaN := append([]float64(nil), iris.Y...)
	yNaN[0] = math.Inf(1)
	assert.ErrorIs(t, m.Fit(ctx, iris.X, yNaN), estimator.ErrInvalidData)
	w := make([]float64, 150)
	w[0] = -1
	assert.ErrorIs(t, m.FitWeighted(ctx, iris.X, iris.Y, w), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.FitWeighted(ctx, iris.X, iris.Y, w[:3]), estimator.ErrShape)
	// Fewer rows of a class than folds, as scikit-learn checks.
	few := append([]float64(nil), iris.Y[:53]...)
	err = m.Fit(ctx, iris.X.Slice(0, 53, 0, 4), few)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorContains(t, err, "5-fold")
	// NoEnsemble needs a partition.
	ss := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, NoEnsemble: true, CV: crossval.ShuffleSplit{NSplits: 3, TestSize: 0.2}}
	assert.ErrorIs(t, ss.Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidParam)
	// Cancelled.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, m.Fit(cctx, iris.X, iris.Y), context.Canceled)
	assert.Nil(t, m.Classes(), "failed fits leave the model unfitted")

	// Prefit with an unfitted estimator, and labels it does not know.
	pre := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, Prefit: true}
	assert.ErrorIs(t, pre.Fit(ctx, iris.X, iris.Y), estimator.ErrNotFitted)
	base := &naivebayes.GaussianNB{}
	require.NoError(t, base.Fit(ctx, iris.X.Slice(0, 100, 0, 4), iris.Y[:100]))
	pre.Estimator = base
	assert.ErrorIs(t, pre.Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidData, "label 2 unknown to the base")

	// Predict on a wrong shape.
	require.NoError(t, m.Fit(ctx, iris.X, iris.Y))
	_, err = m.Predict(mat.NewDense(2, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, err = m.Predict(nanX)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

// noScores is a classifier with only Predict.
type noScores struct{ classes []float64 }

func (n *noScores) Fit(_ context.Context, _ mat.Matrix, y []float64) error {
	n.classes = estimator.ClassesOf(y)
	return nil
}
func (n *noScores) Predict(X mat.Matrix) ([]float64, error) {
	r, _ := X.Dims()
	return make([]float64, r), nil
}
func (n *noScores) Classes() []float64 { return n.classes }

// TestPrefitOwnsACopy checks that refitting the caller's estimator after a prefit
// calibration does not change the calibrated model.
func TestPrefitOwnsACopy(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	base := &naivebayes.GaussianNB{}
	require.NoError(t, base.Fit(ctx, iris.X, iris.Y))
	m := &CalibratedClassifierCV{Estimator: base, Prefit: true, Method: MethodIsotonic}
	require.NoError(t, m.Fit(ctx, iris.X, iris.Y))
	before, err := m.PredictProba(iris.X)
	require.NoError(t, err)
	require.NoError(t, base.Fit(ctx, iris.X.Slice(0, 100, 0, 4), iris.Y[:100]))
	after, err := m.PredictProba(iris.X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(before, after))
	// The prefit model saves and loads (the fitted base is saved as Estimator's state).
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	loaded := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}}
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), loaded))
	got, err := loaded.PredictProba(iris.X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(before, got))
}

func TestSaveLoad(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	for _, m := range []*CalibratedClassifierCV{
		{Estimator: &naivebayes.GaussianNB{}, Method: MethodIsotonic},
		{Estimator: &ensemble.RandomForestClassifier{NEstimators: 5, Seed: 3}, NoEnsemble: true},
		{Estimator: &svm.LinearSVC{C: 0.5}, CV: crossval.StratifiedKFold{K: 3, Shuffle: true, Seed: 4}},
	} {
		require.NoError(t, m.Fit(ctx, iris.X, iris.Y))
		want, err := m.PredictProba(iris.X)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, estimator.Save(&buf, m))
		loaded := estimator.Clone(m)
		loaded.Method = MethodDefault // restored from the file
		require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), loaded))
		assert.Equal(t, m.Method, loaded.Method)
		got, err := loaded.PredictProba(iris.X)
		require.NoError(t, err)
		assert.True(t, mat.Equal(want, got), "%v", m)
		assert.Len(t, loaded.CalibratedClassifiers(), len(m.CalibratedClassifiers()))
	}
}

func TestForgedState(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	m := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}}
	require.NoError(t, m.Fit(ctx, iris.X, iris.Y))
	good, err := m.MarshalState()
	require.NoError(t, err)
	decode := func() *calFit {
		var f *calFit
		require.NoError(t, estimator.DecodeState(good, calStateVersion, &f))
		return f
	}
	for name, mutate := range map[string]func(f *calFit){
		"method":       func(f *calFit) { f.Method = "magic" },
		"pred":         func(f *calFit) { f.Pred = "predict" },
		"no members":   func(f *calFit) { f.Members = nil },
		"cols range":   func(f *calFit) { f.Members[0].Cols[0] = 7 },
		"cols order":   func(f *calFit) { f.Members[0].Cols[0], f.Members[0].Cols[1] = 1, 0 },
		"A length":     func(f *calFit) { f.Members[0].A = f.Members[0].A[:1] },
		"B NaN":        func(f *calFit) { f.Members[0].B[0] = math.NaN() },
		"empty base":   func(f *calFit) { f.Members[0].Base = nil },
		"corrupt base": func(f *calFit) { f.Members[0].Base = []byte("skgo junk") },
		"classes":      func(f *calFit) { f.Classes = []float64{0, 1, 7} },
		"iso on sigm":  func(f *calFit) { f.Members[0].Iso = [][]byte{{1}} },
	} {
		f := decode()
		mutate(f)
		b, err := estimator.EncodeState(calStateVersion, f)
		require.NoError(t, err)
		dst := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}}
		assert.ErrorIs(t, dst.UnmarshalState(b), estimator.ErrState, name)
		assert.Nil(t, dst.fit, name)
	}
}

// TestComposes cross-validates a calibrated classifier inside a pipeline and
// grid-searches the calibrated estimator's own parameter through the nested path.
func TestComposes(t *testing.T) {
	ctx := context.Background()
	ds := datasets.BreastCancer()
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "cal", Est: &CalibratedClassifierCV{Estimator: &svm.LinearSVC{}, CV: crossval.StratifiedKFold{K: 3}}},
	)
	scores, err := crossval.Score(ctx, pipe, ds.X, ds.Y, crossval.StratifiedKFold{K: 3}, metrics.NegLogLoss)
	require.NoError(t, err)
	for _, s := range scores {
		assert.Greater(t, s, -0.2)
	}
	search := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Grid{
			{Param: "cal.Estimator.C", Values: tuning.Values(0.001, 1.0)},
			{Param: "cal.Method", Values: tuning.Values(MethodSigmoid, MethodIsotonic)},
		},
		CV:      crossval.StratifiedKFold{K: 3},
		Scoring: metrics.NegLogLoss,
		Workers: 1,
	}
	require.NoError(t, search.Fit(ctx, ds.X, ds.Y))
	assert.Len(t, search.Results(), 4)
	best := search.BestEstimator().(*pipeline.Pipeline).Step("cal").(*CalibratedClassifierCV)
	assert.Len(t, best.CalibratedClassifiers(), 3)
	p := estimator.GetParams(pipe)
	assert.Contains(t, p, "cal.Estimator.C")
}

// TestMissingClassInFold: a fold whose training rows lack a class gives that class
// probability 0 from its calibrated classifier (scikit-learn's pos_class_indices).
func TestMissingClassInFold(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	// Unshuffled KFold on the sorted iris: fold 0's training rows miss nothing, but
	// with K = 3 each test fold is one class, so training rows have two classes.
	m := &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, CV: crossval.KFold{K: 3}}
	require.NoError(t, m.Fit(ctx, iris.X, iris.Y))
	ccs := m.CalibratedClassifiers()
	require.Len(t, ccs, 3)
	assert.Equal(t, []float64{1, 2}, ccs[0].Classes)
	p, err := m.PredictProba(iris.X)
	require.NoError(t, err)
	for i := range 150 {
		assert.InDelta(t, 1, mat.Sum(p.RowView(i)), 1e-12)
	}
	// A decision-function base that sees two of three classes cannot be calibrated.
	svc := &CalibratedClassifierCV{Estimator: &svm.LinearSVC{}, CV: crossval.KFold{K: 3}}
	assert.ErrorIs(t, svc.Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidData)
}
