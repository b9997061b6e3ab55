package pipeline_test

import (
	"math"
	"testing"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/pipeline"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		new  func() estimator.Estimator
		opts []estimatortest.Option
	}{
		{"Pipeline/regressor", func() estimator.Estimator {
			return pipeline.New(
				pipeline.Step{Name: "scale", Est: &scaler{}},
				pipeline.Step{Name: "skip", Est: estimator.Passthrough},
				pipeline.Step{Name: "lsq", Est: &lsq{Alpha: 0.5}},
			)
		}, nil},
		{"Pipeline/classifier", func() estimator.Estimator {
			return pipeline.Make(&scaler{}, &centroid{})
		}, nil},
		{"Pipeline/transformer", func() estimator.Estimator {
			return pipeline.Make(&scaler{}, &scaler{NoMean: true})
		}, []estimatortest.Option{estimatortest.Unsupervised()}},
		{"Pipeline/final-passthrough", func() estimator.Estimator {
			return pipeline.Make(&scaler{}, estimator.Passthrough)
		}, []estimatortest.Option{estimatortest.Unsupervised()}},
		{"Pipeline/all-passthrough", func() estimator.Estimator {
			return pipeline.Make(estimator.Passthrough)
		}, []estimatortest.Option{estimatortest.Unsupervised()}},
		{"Pipeline/nested", func() estimator.Estimator {
			return pipeline.New(
				pipeline.Step{Name: "prep", Est: pipeline.Make(&scaler{}, pipeline.NewFeatureUnion(
					pipeline.Step{Name: "scale", Est: &scaler{NoMean: true}},
					pipeline.Step{Name: "raw", Est: estimator.Passthrough},
				))},
				pipeline.Step{Name: "ttr", Est: &pipeline.TransformedTargetRegressor{
					Regressor: &lsq{Alpha: 1}, Transformer: &scaler{},
				}},
			)
		}, nil},
		{"FeatureUnion", func() estimator.Estimator {
			u := pipeline.NewFeatureUnion(
				pipeline.Step{Name: "scale", Est: &scaler{}},
				pipeline.Step{Name: "raw", Est: estimator.Passthrough},
				pipeline.Step{Name: "gone", Est: estimator.Drop},
				pipeline.Step{Name: "sq", Est: &square{}},
			)
			u.Weights = map[string]float64{"raw": 0.5}
			return u
		}, []estimatortest.Option{estimatortest.Unsupervised()}},
		{"FeatureUnion/passthrough-only", func() estimator.Estimator {
			return pipeline.NewFeatureUnion(pipeline.Step{Name: "raw", Est: estimator.Passthrough})
		}, []estimatortest.Option{estimatortest.Unsupervised()}},
		{"TransformedTargetRegressor/func", func() estimator.Estimator {
			return &pipeline.TransformedTargetRegressor{
				Regressor: &lsq{}, Func: math.Cbrt, InverseFunc: func(v float64) float64 { return v * v * v },
			}
		}, nil},
		{"TransformedTargetRegressor/transformer", func() estimator.Estimator {
			return &pipeline.TransformedTargetRegressor{
				Regressor: pipeline.Make(&scaler{}, &lsq{Alpha: 2}), Transformer: &scaler{},
			}
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			estimatortest.Run(t, tc.new, tc.opts...)
		})
	}
}
