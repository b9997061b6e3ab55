package estimatortest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// The fuzz targets here reach the decoders of learned state: Load's checksum rejects
// almost every mutation of a whole file, so they mutate the payload (FuzzLoadPayload)
// or one estimator's state bytes (FuzzLoadState) and re-seal the file with a correct
// checksum, as an attacker would. Whatever Load accepts must then answer Predict /
// Transform / PredictProba without panicking.

type model struct {
	name string
	new  func() estimator.Estimator
	clf  bool
}

var models = []model{
	{"ols", func() estimator.Estimator { return &linear.Regression{} }, false},
	{"ridge", func() estimator.Estimator { return &linear.Ridge{Alpha: 1} }, false},
	{"lasso", func() estimator.Estimator { return &linear.Lasso{Alpha: 0.01} }, false},
	{"logistic", func() estimator.Estimator { return &linear.Logistic{} }, true},
	{"scaler", func() estimator.Estimator { return &preprocess.StandardScaler{} }, false},
	{"minmax", func() estimator.Estimator { return &preprocess.MinMaxScaler{} }, false},
	{"robust", func() estimator.Estimator { return &preprocess.RobustScaler{} }, false},
	{"pca", func() estimator.Estimator { return &preprocess.PCA{NComponents: 2} }, false},
	{"kbins", func() estimator.Estimator { return &preprocess.KBinsDiscretizer{} }, false},
	{"poly", func() estimator.Estimator { return &preprocess.PolynomialFeatures{Degree: 2} }, false},
	{"imputer", func() estimator.Estimator { return &preprocess.SimpleImputer{} }, false},
	{"kbest", func() estimator.Estimator { return &preprocess.SelectKBest{K: 2} }, true},
	{"pipeline", func() estimator.Estimator {
		return pipeline.New(
			pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
		)
	}, false},
	{"mlp", func() estimator.Estimator {
		return &nn.MLPClassifier{HiddenSizes: []int{3}, MaxIter: 2, Seed: 1}
	}, true},
}

func fuzzData(clf bool) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(3, 5))
	X := mat.NewDense(30, 4, nil)
	y := make([]float64, 30)
	for i := range 30 {
		for j := range 4 {
			X.Set(i, j, rng.NormFloat64()+float64(j))
		}
		if clf {
			y[i] = float64(i % 3)
		} else {
			y[i] = X.At(i, 0) - 2*X.At(i, 1) + rng.NormFloat64()
		}
	}
	return X, y
}

// files returns a saved, fitted model of each kind.
func files(f *testing.F) [][]byte {
	out := make([][]byte, len(models))
	for i, m := range models {
		X, y := fuzzData(m.clf)
		e := m.new()
		if err := e.Fit(context.Background(), X, y); err != nil {
			f.Fatalf("%s: %v", m.name, err)
		}
		var buf bytes.Buffer
		if err := estimator.Save(&buf, e); err != nil {
			f.Fatalf("%s: %v", m.name, err)
		}
		out[i] = buf.Bytes()
	}
	return out
}

var seal, payloadOf = estimatortest.Reseal, estimatortest.Payload

// loadAndUse loads file into a fresh skeleton of m and, if Load accepts it, uses the
// model. A panic anywhere fails the fuzz target.
func loadAndUse(t *testing.T, m model, file []byte) {
	dst := m.new()
	if err := estimator.Load(bytes.NewReader(file), dst, estimator.MaxModelBytes(1<<20)); err != nil {
		return
	}
	X, _ := fuzzData(m.clf)
	if p, ok := dst.(estimator.Predictor); ok {
		_, _ = p.Predict(X)
	}
	if tr, ok := dst.(estimator.Transformer); ok {
		_, _ = tr.Transform(X)
	}
	if pc, ok := dst.(estimator.ProbaClassifier); ok {
		_, _ = pc.PredictProba(X)
	}
	_ = fmt.Sprint(dst)
}

func FuzzLoadPayload(f *testing.F) {
	fs := files(f)
	for i, file := range fs {
		f.Add(uint8(i), payloadOf(file))
	}
	f.Fuzz(func(t *testing.T, kind uint8, payload []byte) {
		m := models[int(kind)%len(models)]
		loadAndUse(t, m, seal(payload))
	})
}

func FuzzLoadState(f *testing.F) {
	fs := files(f)
	docs := make([]map[string]any, len(fs))
	for i, file := range fs {
		if err := json.Unmarshal(payloadOf(file), &docs[i]); err != nil {
			f.Fatal(err)
		}
		nodes := docs[i]["nodes"].([]any)
		for ni, n := range nodes {
			if st, ok := n.(map[string]any)["state"].(string); ok {
				raw, _ := base64.StdEncoding.DecodeString(st)
				f.Add(uint8(i), uint8(ni), raw)
			}
		}
	}
	f.Fuzz(func(t *testing.T, kind, node uint8, state []byte) {
		k := int(kind) % len(models)
		var doc map[string]any
		if err := json.Unmarshal(payloadOf(fs[k]), &doc); err != nil {
			t.Fatal(err)
		}
		nodes := doc["nodes"].([]any)
		nodes[int(node)%len(nodes)].(map[string]any)["state"] = state
		payload, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		loadAndUse(t, models[k], seal(payload))
	})
}
