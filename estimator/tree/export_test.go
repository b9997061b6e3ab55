package tree

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
)

type extraGolden struct {
	ExportTextIris           string `json:"export_text_iris"`
	ExportTextIrisDepth2     string `json:"export_text_iris_depth2"`
	ExportTextIrisWeights    string `json:"export_text_iris_weights"`
	ExportTextDiabetesDepth2 string `json:"export_text_diabetes_depth2"`
	PruningPaths             map[string]struct {
		CCPAlphas  []float64 `json:"ccp_alphas"`
		Impurities []float64
	} `json:"pruning_paths"`
}

func loadExtra(t *testing.T) extraGolden {
	b, err := os.ReadFile("testdata/sklearn.json")
	require.NoError(t, err)
	var g extraGolden
	require.NoError(t, json.Unmarshal(b, &g))
	return g
}

func TestExportText(t *testing.T) {
	g := loadExtra(t)
	ctx := context.Background()
	iris := datasets.Iris()
	c := &DecisionTreeClassifier{}
	require.NoError(t, c.Fit(ctx, iris.X, iris.Y))
	s, err := c.ExportText(TextOptions{FeatureNames: iris.FeatureNames})
	require.NoError(t, err)
	assert.Equal(t, g.ExportTextIris, s)

	c = &DecisionTreeClassifier{MaxDepth: 2}
	require.NoError(t, c.Fit(ctx, iris.X, iris.Y))
	s, err = c.ExportText(TextOptions{})
	require.NoError(t, err)
	assert.Equal(t, g.ExportTextIrisDepth2, s)

	c = &DecisionTreeClassifier{MaxDepth: 3}
	require.NoError(t, c.Fit(ctx, iris.X, iris.Y))
	s, err = c.ExportText(TextOptions{MaxDepth: 1, Spacing: 2, Decimals: 3, ShowWeights: true})
	require.NoError(t, err)
	assert.Equal(t, g.ExportTextIrisWeights, s)

	diabetes := datasets.Diabetes()
	r := &DecisionTreeRegressor{MaxDepth: 2}
	require.NoError(t, r.Fit(ctx, diabetes.X, diabetes.Y))
	s, err = r.ExportText(TextOptions{Decimals: 3})
	require.NoError(t, err)
	assert.Equal(t, g.ExportTextDiabetesDepth2, s)

	_, err = c.ExportText(TextOptions{FeatureNames: []string{"a"}})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, err = (&DecisionTreeRegressor{}).ExportText(TextOptions{})
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
}

func TestCostComplexityPruningPath(t *testing.T) {
	g := loadExtra(t)
	ctx := context.Background()
	iris, diabetes := datasets.Iris(), datasets.Diabetes()
	p, err := (&DecisionTreeClassifier{MinSamplesLeaf: 5}).CostComplexityPruningPath(ctx, iris.X, iris.Y, nil)
	require.NoError(t, err)
	assert.InDeltaSlice(t, g.PruningPaths["iris"].CCPAlphas, p.CCPAlphas, 1e-12)
	assert.InDeltaSlice(t, g.PruningPaths["iris"].Impurities, p.Impurities, 1e-12)
	p, err = (&DecisionTreeRegressor{MinSamplesLeaf: 5}).CostComplexityPruningPath(ctx, diabetes.X, diabetes.Y, nil)
	require.NoError(t, err)
	assert.InDeltaSlice(t, g.PruningPaths["diabetes"].CCPAlphas, p.CCPAlphas, 1e-6)
	assert.InDeltaSlice(t, g.PruningPaths["diabetes"].Impurities, p.Impurities, 1e-6)
}
