package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// TestRegistry: every name builds a valid zero-value estimator, is the lower-cased
// type name pipeline.Make gives the step, and is unique with its aliases.
func TestRegistry(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, e := range registry {
		for _, n := range append([]string{e.name}, e.aliases...) {
			assert.False(t, seen[n], "%s listed twice", n)
			seen[n] = true
		}
		est := e.new()
		if v, ok := est.(estimator.Validator); ok {
			assert.NoError(t, v.Validate(), e.name)
		}
		assert.Equal(t, e.name, pipeline.Make(est).Steps[0].Name)
		p, err := parseSpec(e.name)
		require.NoError(t, err, e.name)
		assert.IsType(t, est, p.Steps[0].Est)
	}
}

func TestParseSpec(t *testing.T) {
	t.Parallel()
	p, err := parseSpec(" StandardScaler |polynomial_features degree=3 no_bias | Ridge alpha=0.5 solver=svd ")
	require.NoError(t, err)
	require.Len(t, p.Steps, 3)
	assert.Equal(t, []string{"standardscaler", "polynomialfeatures", "ridge"}, p.Names())
	assert.Equal(t, &preprocess.PolynomialFeatures{Degree: 3, NoBias: true}, p.Steps[1].Est)
	assert.Equal(t, &linear.Ridge{Alpha: 0.5, Solver: "svd"}, p.Steps[2].Est)

	p, err = parseSpec("standardscaler | standardscaler nomean=true | linearregression no_intercept")
	require.NoError(t, err)
	assert.Equal(t, []string{"standardscaler-1", "standardscaler-2", "regression"}, p.Names())

	// Lists, scikit-learn aliases, unique prefixes and optimiser names.
	p, err = parseSpec("mlpregressor hidden_layer_sizes=64,32 random_state=7 max_iter=50 optimizer=sgd optimizer.lr=0.05 activation=tanh")
	require.NoError(t, err)
	mlp := p.Steps[0].Est.(*nn.MLPRegressor)
	assert.Equal(t, []int{64, 32}, mlp.HiddenSizes)
	assert.Equal(t, uint64(7), mlp.Seed)
	assert.Equal(t, 50, mlp.MaxIter)
	assert.Equal(t, 0.05, mlp.Optimizer.(*optim.SGD).LR)
	assert.EqualValues(t, "tanh", mlp.Activation)

	p, err = parseSpec("cnnclassifier inputshape=1,8,8 hidden=32")
	require.NoError(t, err)
	cnn := p.Steps[0].Est.(*nn.CNNClassifier)
	assert.Equal(t, [3]int{1, 8, 8}, cnn.InputShape)
	assert.Equal(t, []int{32}, cnn.Hidden)
}

func TestParseSpecErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ spec, want string }{
		{"", "--model is empty"},
		{"ridge | | lasso", "step 2 is empty"},
		{"randomforest", `unknown model "randomforest" (did you mean randomforestregressor, randomforestclassifier`},
		{"ridge alpah=1", `ridge: unknown parameter "alpah" (did you mean Alpha?); parameters: Alpha, NoIntercept, Solver`},
		{"ridge alpha", "parameter Alpha needs a value"},
		{"ridge alpha=1e", `"1e" is not a number`},
		{"ridge alpha=-1", "Alpha"},
		{"kmeans nclusters=2.5", `"2.5" is not an integer`},
		{"ridge noIntercept=maybe", `"maybe" is not a bool`},
		{"cnnclassifier inputshape=1,8", "want 3 comma-separated values"},
		{"mlpregressor optimizer=adamm", `unknown optimizer "adamm"`},
		{"mlpregressor schedule=x", "cannot be set from the command line"},
		{"ridge alpha='1", "unterminated quote"},
		{"ridge | standardscaler", "not a transformer"},
	} {
		_, err := parseSpec(c.spec)
		require.Error(t, err, c.spec)
		assert.True(t, errors.Is(err, errUsage), c.spec)
		assert.Contains(t, err.Error(), c.want, c.spec)
	}
}

func TestParseGrid(t *testing.T) {
	t.Parallel()
	p, err := parseSpec("standardscaler | mlpregressor")
	require.NoError(t, err)
	ax, err := parseGrid("mlpregressor.hidden=64,32;128", p, false)
	require.NoError(t, err)
	assert.Equal(t, "mlpregressor.HiddenSizes", ax.path)
	assert.Equal(t, []any{[]int{64, 32}, []int{128}}, ax.values)
	assert.False(t, ax.numeric)

	ax, err = parseGrid("alpha=0,0.1", p, false) // the one step with the parameter
	require.NoError(t, err)
	assert.Equal(t, "mlpregressor.Alpha", ax.path)
	assert.Equal(t, []any{0.0, 0.1}, ax.values)
	assert.True(t, ax.numeric)

	ax, err = parseGrid("mlpregressor.alpha=loguniform(1e-4,1)", p, false)
	require.NoError(t, err)
	assert.NotNil(t, ax.dist)

	_, err = parseGrid("seed=1,2", p, false)
	require.NoError(t, err)
	for _, bad := range []string{"noequals", "ridge.alpha=1", "mlpregressor.alpah=1", "mlpregressor.alpha=x", "mlpregressor.maxiter=loguniform(1,10)", "mlpregressor.alpha=uniform(2,1)"} {
		_, err := parseGrid(bad, p, false)
		assert.ErrorIs(t, err, errUsage, bad)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 3, levenshtein("kitten", "sitting"))
	assert.Equal(t, 0, levenshtein("", ""))
	assert.Equal(t, " (did you mean ridge?)", suggest("rigde", []string{"ridge", "lasso"}))
	assert.Equal(t, "", suggest("zzzzzz", []string{"ridge", "lasso"}))
}

func TestSplitFields(t *testing.T) {
	t.Parallel()
	f, err := splitFields(` onehotencoder  handle_unknown="ignore"  x='a b' `)
	require.NoError(t, err)
	assert.Equal(t, []string{"onehotencoder", "handle_unknown=ignore", "x=a b"}, f)
}
