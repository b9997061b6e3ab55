package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// binary is the skgo program built once by TestMain (CGO_ENABLED=0, as released).
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(m.Run()) // fuzzing runs in process: no binary needed
	}
	dir, err := os.MkdirTemp("", "skgo-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "skgo")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building skgo: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// boston is the file datasets.Boston embeds: scikit-learn's CSV with its count row.
const boston = "../../datasets/data/boston_house_prices.csv"

const mixed = "testdata/mixed.csv"

// polyRidge is examples/boston's pipeline as a --model text.
const polyRidge = "standardscaler | polynomialfeatures degree=2 nobias | ridge alpha=10"

type result struct {
	stdout, stderr string
	code           int
}

// skgo runs the binary with args (and stdin, if given).
func skgo(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs skgo and requires success with nothing on stderr (which is no terminal
// here, so no progress either).
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := skgo(t, "", args...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	require.Empty(t, r.stderr)
	return r.stdout
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func floatsOf(t *testing.T, v any) []float64 {
	t.Helper()
	list, isList := v.([]any)
	require.True(t, isList, "%v is not a list", v)
	out := make([]float64, len(list))
	for i, x := range list {
		f, isNum := x.(float64)
		require.True(t, isNum, "%v is not a number", x)
		out[i] = f
	}
	return out
}

type goldens struct {
	BostonCV10 map[string][]float64 `json:"boston_cv10"`
	BostonGrid struct {
		Alpha         []float64 `json:"alpha"`
		MeanTestScore []float64 `json:"mean_test_score"`
		StdTestScore  []float64 `json:"std_test_score"`
		Rank          []int     `json:"rank"`
		BestAlpha     float64   `json:"best_alpha"`
	} `json:"boston_grid"`
	BostonPredict        []float64            `json:"boston_predict"`
	MixedRidgeCV5        map[string][]float64 `json:"mixed_ridge_cv5"`
	MixedRidgePredictNew []float64            `json:"mixed_ridge_predict_new"`
	MixedLogisticCV5     map[string][]float64 `json:"mixed_logistic_cv5"`
	MixedLogisticPredict []string             `json:"mixed_logistic_predict"`
	MixedLogisticClasses []string             `json:"mixed_logistic_classes"`
	MixedLogisticProba   [][]float64          `json:"mixed_logistic_proba"`
}

// sk loads testdata/sklearn_cli.json, written by testdata/gen_cli.py with
// scikit-learn 1.2.1.
func sk(t *testing.T) *goldens {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_cli.json")
	require.NoError(t, err)
	var g goldens
	require.NoError(t, json.Unmarshal(b, &g))
	return &g
}

// TestCVBostonMatchesExample reproduces examples/boston's scale | poly2 | ridge
// pipeline, 10 shuffled folds with seed 1: the CLI reads the CSV itself (gota) and
// must give the library's numbers on datasets.Boston, fold by fold, to 1e-9.
func TestCVBostonMatchesExample(t *testing.T) {
	t.Parallel()
	out := ok(t, "cv", "--data", boston, "--skip-rows", "1", "--target", "MEDV", "--model", polyRidge,
		"--cv", "10", "--shuffle", "--seed", "1", "--scoring", "r2,neg_root_mean_squared_error", "--json")
	got := decode(t, out)

	ds := datasets.Boston()
	model := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{Degree: 2, NoBias: true}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 10}},
	)
	want, err := crossval.CrossValidate(context.Background(), model, ds.X, ds.Y, &crossval.Options{
		CV:      crossval.KFold{K: 10, Shuffle: true, Seed: 1},
		Scorers: []metrics.Scorer{metrics.R2, metrics.NegRMSE},
	})
	require.NoError(t, err)
	mean := got["mean"].(map[string]any)
	assert.InDelta(t, want.Mean("r2"), mean["r2"].(float64), 1e-9)
	assert.InDelta(t, 0.848, mean["r2"].(float64), 5e-4, "examples/boston prints 0.848 ± 0.060")
	assert.InDelta(t, want.Std("r2"), got["std"].(map[string]any)["r2"].(float64), 1e-9)
	scores := got["test_scores"].(map[string]any)
	assert.InDeltaSlice(t, want.TestScores("r2"), floatsOf(t, scores["r2"]), 1e-9)
	assert.InDeltaSlice(t, want.TestScores("neg_root_mean_squared_error"), floatsOf(t, scores["neg_root_mean_squared_error"]), 1e-9)
	assert.Equal(t, "MEDV", got["target"])
	assert.Len(t, got["features"], 13)

	// The table form: one row per fold and the mean ± std line.
	table := ok(t, "cv", "--data", boston, "--skip-rows", "1", "--model", polyRidge, "--cv", "10", "--shuffle", "--seed", "1")
	assert.Contains(t, table, "506 rows, 13 features, target MEDV (regression)")
	assert.Contains(t, table, "test_r2")
	assert.Contains(t, table, fmt.Sprintf("%.4f ± %.4f", want.Mean("r2"), want.Std("r2")))
	assert.Equal(t, 10+5, strings.Count(table, "\n"), table)
}

// TestCVBostonSklearn compares the unshuffled 10-fold scores with scikit-learn's
// cross_validate of the same pipeline: a closed-form ridge, so 1e-9 (absolute; R² is
// O(1) and the MSEs O(10), measured differences ≤ 1e-12).
func TestCVBostonSklearn(t *testing.T) {
	t.Parallel()
	g := sk(t)
	got := decode(t, ok(t, "cv", "--data", boston, "--skip-rows", "1", "--model", polyRidge, "--cv", "10",
		"--scoring", "r2,neg_mean_squared_error", "--json"))
	scores := got["test_scores"].(map[string]any)
	assert.InDeltaSlice(t, g.BostonCV10["r2"], floatsOf(t, scores["r2"]), 1e-9)
	assert.InDeltaSlice(t, g.BostonCV10["neg_mean_squared_error"], floatsOf(t, scores["neg_mean_squared_error"]), 1e-9)
}

// TestSearchGrid runs scikit-learn's GridSearchCV over ridge__alpha with 5 folds:
// the same mean and std scores (1e-9), ranks and best alpha; -o saves the refitted
// best model, whose predictions are the best pipeline's.
func TestSearchGrid(t *testing.T) {
	t.Parallel()
	g := sk(t)
	dir := t.TempDir()
	best := filepath.Join(dir, "best.skgo")
	got := decode(t, ok(t, "search", "--data", boston, "--skip-rows", "1",
		"--model", "standardscaler | polynomialfeatures degree=2 nobias | ridge",
		"--grid", "ridge.alpha=0.1,1,10,100", "--cv", "5", "--json", "-o", best, "--plot", dir))
	cands := got["candidates"].([]any)
	require.Len(t, cands, 4)
	for _, c := range cands {
		c := c.(map[string]any)
		alpha := c["params"].(map[string]any)["ridge.Alpha"].(float64)
		i := indexOf(g.BostonGrid.Alpha, alpha)
		require.GreaterOrEqual(t, i, 0, "alpha %v", alpha)
		assert.InDelta(t, g.BostonGrid.MeanTestScore[i], c["mean"].(map[string]any)["r2"].(float64), 1e-9)
		assert.InDelta(t, g.BostonGrid.StdTestScore[i], c["std"].(map[string]any)["r2"].(float64), 1e-9)
		assert.Equal(t, float64(g.BostonGrid.Rank[i]), c["rank"])
	}
	assert.Equal(t, g.BostonGrid.BestAlpha, got["best"].(map[string]any)["params"].(map[string]any)["ridge.Alpha"])
	assert.FileExists(t, filepath.Join(dir, "validation_curve.png"))

	info := ok(t, "info", best)
	assert.Contains(t, info, fmt.Sprintf("linear.Ridge{Alpha: %g}", g.BostonGrid.BestAlpha))

	// The table form lists the candidates by rank.
	table := ok(t, "search", "--data", boston, "--skip-rows", "1", "--model", "ridge",
		"--grid", "alpha=1,10", "--grid", "ridge.no_intercept=false,true")
	assert.Contains(t, table, "search over a grid of 4 candidates")
	assert.Contains(t, table, "best: ridge.Alpha=")
}

func indexOf(v []float64, x float64) int {
	for i, y := range v {
		if y == x {
			return i
		}
	}
	return -1
}

// TestRandomSearch draws candidates from a distribution; the same seed gives the
// same candidates.
func TestRandomSearch(t *testing.T) {
	t.Parallel()
	args := []string{"search", "--data", boston, "--skip-rows", "1", "--model", "standardscaler | ridge",
		"--grid", "ridge.alpha=loguniform(0.01,100)", "--random", "4", "--seed", "3", "--cv", "3", "--json"}
	a, b := decode(t, ok(t, args...)), decode(t, ok(t, args...))
	for _, m := range []map[string]any{a, b} { // times differ from run to run
		for _, c := range m["candidates"].([]any) {
			delete(c.(map[string]any), "fit_time")
		}
	}
	assert.Len(t, a["candidates"], 4)
	assert.Equal(t, a, b)
	for _, c := range a["candidates"].([]any) {
		alpha := c.(map[string]any)["params"].(map[string]any)["ridge.Alpha"].(float64)
		assert.True(t, alpha >= 0.01 && alpha <= 100, "alpha %v", alpha)
	}
}

// readPredictions parses predict's CSV output.
func readPredictions(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	return rows
}

// TestFitPredictRoundTrip fits and saves, predicts the training file back, and
// compares with the library's own pipeline on datasets.Boston (exactly: the same
// arithmetic on the same values, printed as shortest round-tripping decimals) and
// with scikit-learn's predictions (1e-9).
func TestFitPredictRoundTrip(t *testing.T) {
	t.Parallel()
	g := sk(t)
	model := filepath.Join(t.TempDir(), "model.skgo")
	out := ok(t, "fit", "--data", boston, "--skip-rows", "1", "--target", "MEDV", "--model", polyRidge, "-o", model)
	assert.Contains(t, out, "saved "+model)
	assert.Contains(t, out, "training r2: 0.9")

	rows := readPredictions(t, ok(t, "predict", "-m", model, "--skip-rows", "1", boston))
	require.Len(t, rows, 507)
	assert.Equal(t, []string{"MEDV"}, rows[0])
	got := make([]float64, 506)
	for i, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[0], 64)
		require.NoError(t, err)
		got[i] = v
	}

	ds := datasets.Boston()
	lib := pipeline.Make(&preprocess.StandardScaler{}, &preprocess.PolynomialFeatures{Degree: 2, NoBias: true}, &linear.Ridge{Alpha: 10})
	require.NoError(t, lib.Fit(context.Background(), ds.X, ds.Y))
	want, err := lib.Predict(ds.X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.InDeltaSlice(t, g.BostonPredict, got, 1e-9)

	// Columns are found by name: a file with the columns reversed, without the
	// target, read from standard input, predicts the same.
	var b strings.Builder
	cw := csv.NewWriter(&b)
	header := append([]string(nil), ds.FeatureNames...)
	reverse(header)
	require.NoError(t, cw.Write(header))
	for i := range 3 {
		rec := make([]string, len(header))
		for j := range header {
			rec[j] = strconv.FormatFloat(ds.X.At(i, len(header)-1-j), 'g', -1, 64)
		}
		require.NoError(t, cw.Write(rec))
	}
	cw.Flush()
	r := skgo(t, b.String(), "predict", "-m", model, "-")
	require.Equal(t, 0, r.code, r.stderr)
	rows = readPredictions(t, r.stdout)
	for i := range 3 {
		assert.Equal(t, strconv.FormatFloat(want[i], 'g', -1, 64), rows[i+1][0])
	}
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// TestInfo prints the saved structure and settings.
func TestInfo(t *testing.T) {
	t.Parallel()
	model := filepath.Join(t.TempDir(), "model.skgo")
	ok(t, "fit", "--data", boston, "--skip-rows", "1", "--model", polyRidge, "-o", model)
	out := ok(t, "info", model)
	for _, want := range []string{
		"model     " + polyRidge,
		"task      regression, target MEDV",
		"features  13: CRIM, ZN, INDUS",
		"standardscaler      preprocess.StandardScaler{}",
		"polynomialfeatures  preprocess.PolynomialFeatures{Degree: 2, NoBias: true}",
		"ridge               linear.Ridge{Alpha: 10}",
	} {
		assert.Contains(t, out, want)
	}
	js := decode(t, ok(t, "info", "--json", model))
	assert.Equal(t, polyRidge, js["model"])
	steps := js["steps"].([]any)
	require.Len(t, steps, 3)
	assert.Equal(t, 10.0, steps[2].(map[string]any)["params"].(map[string]any)["Alpha"])
}

// TestMixedOneHot: string columns are one-hot encoded by a ColumnTransformer in
// front (scikit-learn: ColumnTransformer with passthrough and
// OneHotEncoder(handle_unknown="ignore")); CV scores and predictions on new rows
// (an unseen category, other column order) agree with scikit-learn to 1e-9.
func TestMixedOneHot(t *testing.T) {
	t.Parallel()
	g := sk(t)
	got := decode(t, ok(t, "cv", "--data", mixed, "--target", "y", "--drop", "label",
		"--model", "standardscaler | ridge alpha=1", "--json"))
	assert.Equal(t, []any{"color", "size"}, got["onehot"])
	assert.InDeltaSlice(t, g.MixedRidgeCV5["r2"], floatsOf(t, got["test_scores"].(map[string]any)["r2"]), 1e-9)

	model := filepath.Join(t.TempDir(), "m.skgo")
	ok(t, "fit", "--data", mixed, "--target", "y", "--drop", "label", "--model", "standardscaler | ridge alpha=1", "-o", model)
	r := skgo(t, "size,x2,x1,color\nM,1.0,0.5,red\nXL,5.5,-1.0,purple\nS,9.0,2.0,blue\n", "predict", "-m", model, "-")
	require.Equal(t, 0, r.code, r.stderr)
	rows := readPredictions(t, r.stdout)
	require.Len(t, rows, 4)
	for i, want := range g.MixedRidgePredictNew {
		v, err := strconv.ParseFloat(rows[i+1][0], 64)
		require.NoError(t, err)
		assert.InDelta(t, want, v, 1e-9)
	}

	// --no-onehot hands the string columns to the model, which rejects them.
	r = skgo(t, "", "cv", "--data", mixed, "--target", "y", "--drop", "label", "--model", "ridge", "--no-onehot")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "color")
}

// TestClassification: a string target becomes class codes in sorted order (as
// scikit-learn's classes_), StratifiedKFold is the default splitter, and predict
// prints the class names; accuracy per fold equals scikit-learn's, predicted labels
// are identical and probabilities agree to 1e-4 (lbfgs stops at its tolerance).
func TestClassification(t *testing.T) {
	t.Parallel()
	g := sk(t)
	dir := t.TempDir()
	args := []string{"--data", mixed, "--target", "label", "--drop", "y", "--model", "standardscaler | logisticregression"}
	got := decode(t, ok(t, append([]string{"cv", "--json", "--plot", dir}, args...)...))
	assert.Equal(t, "classification", got["task"])
	assert.Contains(t, got["cv"].(map[string]any)["splitter"], "StratifiedKFold")
	assert.InDeltaSlice(t, g.MixedLogisticCV5["accuracy"], floatsOf(t, got["test_scores"].(map[string]any)["accuracy"]), 1e-12)
	assert.FileExists(t, filepath.Join(dir, "confusion_matrix.png"))

	model := filepath.Join(dir, "clf.skgo")
	ok(t, append([]string{"fit", "-o", model}, args...)...)
	rows := readPredictions(t, ok(t, "predict", "-m", model, "--proba", mixed))
	require.Len(t, rows, 121)
	header := []string{"label"}
	for _, c := range g.MixedLogisticClasses {
		header = append(header, "proba_"+c)
	}
	assert.Equal(t, header, rows[0])
	for i, r := range rows[1:] {
		assert.Equal(t, g.MixedLogisticPredict[i], r[0], "row %d", i)
		for j, s := range r[1:] {
			p, err := strconv.ParseFloat(s, 64)
			require.NoError(t, err)
			assert.InDelta(t, g.MixedLogisticProba[i][j], p, 1e-4)
		}
	}
	assert.Contains(t, ok(t, "info", model), "classes   high, low, mid")
}

// TestPlots writes the prediction-error picture of a regressor.
func TestPlots(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "plots")
	out := ok(t, "cv", "--data", boston, "--skip-rows", "1", "--model", "ridge", "--plot", dir)
	assert.Contains(t, out, "wrote "+filepath.Join(dir, "prediction_error.png"))
	b, err := os.ReadFile(filepath.Join(dir, "prediction_error.png"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte("\x89PNG")))
}

// TestErrors: every bad input is one line on stderr, prefixed "skgo: ", with exit
// code 2 for a bad command line and 1 for a failure at run time.
func TestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	src, err := os.ReadFile(boston)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(src), "\n")
	truncated := write("truncated.csv", strings.Join(lines[:40], "")+"0.1,18,2.31,0,0.5")
	withNaN := write("nan.csv", strings.Join(lines[:5], "")+"NaN"+lines[5][strings.IndexByte(lines[5], ','):]+strings.Join(lines[6:], ""))
	model := filepath.Join(dir, "model.skgo")
	ok(t, "fit", "--data", boston, "--skip-rows", "1", "--model", "ridge", "-o", model)
	good, err := os.ReadFile(model)
	require.NoError(t, err)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0xff
	corrupt := write("corrupt.skgo", string(flipped))
	short := write("short.skgo", string(good[:len(good)/3]))
	notModel := write("notmodel.skgo", "hello")

	data := []string{"--data", boston, "--skip-rows", "1"}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "no command given"},
		{"unknown command", []string{"fitt"}, 2, `unknown command "fitt" (did you mean fit?`},
		{"unknown flag", []string{"cv", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{"missing --data", []string{"cv", "--model", "ridge"}, 2, "--data is required"},
		{"missing file", []string{"cv", "--data", filepath.Join(dir, "nope.csv"), "--model", "ridge"}, 1, "nope.csv: no such file"},
		{"unknown column", append([]string{"cv", "--target", "MEDVV", "--model", "ridge"}, data...), 1, `no column "MEDVV" (did you mean MEDV?)`},
		{"unknown model", append([]string{"cv", "--model", "standardscaler | ridgee"}, data...), 2, `unknown model "ridgee" (did you mean ridge`},
		{"unknown parameter", append([]string{"cv", "--model", "ridge alpah=1"}, data...), 2, `ridge: unknown parameter "alpah" (did you mean Alpha?)`},
		{"bad value", append([]string{"cv", "--model", "ridge alpha=ten"}, data...), 2, `"ten" is not a number`},
		{"invalid value", append([]string{"cv", "--model", "ridge alpha=-1"}, data...), 2, "Alpha"},
		{"not a transformer", append([]string{"cv", "--model", "ridge | standardscaler"}, data...), 2, "not a transformer"},
		{"unknown scorer", append([]string{"cv", "--model", "ridge", "--scoring", "r3"}, data...), 2, `unknown scorer "r3" (did you mean r2`},
		{"count row not skipped", []string{"cv", "--data", boston, "--model", "ridge"}, 1, "use --skip-rows"},
		{"truncated CSV", []string{"cv", "--data", truncated, "--skip-rows", "1", "--model", "ridge"}, 1, "line 41 has 5 fields, the header has 14"},
		{"NaN in data", []string{"cv", "--data", withNaN, "--skip-rows", "1", "--model", "ridge"}, 1, "column CRIM has 1 missing or NaN value(s), the first on line 6"},
		{"unknown grid parameter", append([]string{"search", "--model", "ridge", "--grid", "ridge.alpah=1,2"}, data...), 2, `unknown parameter "alpah"`},
		{"unknown grid step", append([]string{"search", "--model", "ridge", "--grid", "lasso.alpha=1,2"}, data...), 2, `no step "lasso"`},
		{"distribution without --random", append([]string{"search", "--model", "ridge", "--grid", "ridge.alpha=loguniform(1,10)"}, data...), 2, "needs --random"},
		{"corrupt model", []string{"predict", "-m", corrupt, boston}, 1, "checksum mismatch"},
		{"truncated model", []string{"info", short}, 1, "truncated"},
		{"not a model", []string{"info", notModel}, 1, "not a model written by skgo fit"},
		{"missing model", []string{"info", filepath.Join(dir, "none.skgo")}, 1, "no such file"},
		{"predict without file", []string{"predict", "-m", model}, 2, "exactly one CSV file"},
		{"predict missing column", []string{"predict", "-m", model, "testdata/mixed.csv"}, 1, "the model needs column(s) CRIM"},
		{"proba on a regressor", []string{"predict", "-m", model, "--skip-rows", "1", "--proba", boston}, 2, "--proba needs a classifier"},
		{"text target for a regressor", []string{"cv", "--data", "testdata/mixed.csv", "--target", "label", "--model", "ridge"}, 1, "use a classifier"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := skgo(t, "", c.args...)
			assert.Equal(t, c.code, r.code, "stderr: %s", r.stderr)
			assert.True(t, strings.HasPrefix(r.stderr, "skgo: "), "stderr %q", r.stderr)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "stderr %q is not one line", r.stderr)
			assert.Contains(t, r.stderr, c.want)
			assert.NotContains(t, r.stderr, "goroutine")
		})
	}
}

// TestHelp: -h prints the flags and exits 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	r := skgo(t, "", "cv", "-h")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "usage: skgo cv")
	assert.Contains(t, r.stdout, "-skip-rows")
	assert.Contains(t, ok(t, "help"), "commands:")
	assert.Contains(t, ok(t, "models"), "ridge")
	assert.Contains(t, ok(t, "models", "mlpregressor"), "HiddenSizes")
}
